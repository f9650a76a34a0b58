import { getDb } from '$lib/server/db';
import { dashboardSummary } from '$lib/server/invoicing/queries';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => ({
	summary: await dashboardSummary(getDb(), locals.company!.id)
})) satisfies PageServerLoad;
