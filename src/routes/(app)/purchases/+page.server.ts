import { getDb } from '$lib/server/db';
import { receivedDocuments } from '$lib/server/peppol/exchange';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	return { received: await receivedDocuments(getDb(), locals.company!.id) };
}) satisfies PageServerLoad;
