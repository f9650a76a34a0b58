import { getDb } from '$lib/server/db';
import { purchasesOverview } from '$lib/server/peppol/exchange';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	return purchasesOverview(getDb(), locals.company!.id);
}) satisfies PageServerLoad;
