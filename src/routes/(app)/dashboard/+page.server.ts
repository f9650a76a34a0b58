import { withListText } from '$lib/format';
import { getDb } from '$lib/server/db';
import { dashboardSummary } from '$lib/server/invoicing/queries';
import { gettingStarted } from '$lib/server/gettingStarted';
import { mollieNeedsReconnect } from '$lib/server/mollie/connection';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	const db = getDb();
	const [summary, needsReconnect, steps] = await Promise.all([
		dashboardSummary(db, locals.company!.id),
		mollieNeedsReconnect(db, locals.company!.id),
		gettingStarted(db, locals.company!.id)
	]);
	return {
		summary: { ...summary, recent: summary.recent.map(withListText) },
		needsReconnect,
		steps
	};
}) satisfies PageServerLoad;
