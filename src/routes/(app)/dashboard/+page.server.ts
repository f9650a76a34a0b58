import { getDb } from '$lib/server/db';
import { dashboardSummary } from '$lib/server/invoicing/queries';
import { mollieNeedsReconnect } from '$lib/server/mollie/connection';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	const db = getDb();
	const [summary, needsReconnect] = await Promise.all([
		dashboardSummary(db, locals.company!.id),
		mollieNeedsReconnect(db, locals.company!.id)
	]);
	return { summary, needsReconnect };
}) satisfies PageServerLoad;
