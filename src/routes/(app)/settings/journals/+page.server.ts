import { getDb } from '$lib/server/db';
import { listJournals } from '$lib/server/invoicing/journals';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => ({
	journals: await listJournals(getDb(), locals.company!.id, { archived: true })
})) satisfies PageServerLoad;
