import { getDb } from '$lib/server/db';
import { getOutboxMessage } from '$lib/server/mail/outbox';
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
	// Another company's message is indistinguishable from a missing one.
	const message = await getOutboxMessage(getDb(), locals.company!.id, params.id);
	if (!message) error(404);
	return { message };
}) satisfies PageServerLoad;
