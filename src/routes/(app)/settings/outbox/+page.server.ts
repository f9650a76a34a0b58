import { getDb } from '$lib/server/db';
import { listOutbox } from '$lib/server/mail/outbox';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	return { messages: await listOutbox(getDb(), locals.company!.id) };
}) satisfies PageServerLoad;
