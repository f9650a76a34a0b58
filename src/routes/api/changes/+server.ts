import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { changeStamp } from '$lib/server/changes';
import type { RequestHandler } from './$types';

// Polled by the signed-in shell (LiveRefresh.svelte: every 2 s while a payment is awaited, else
// every 20 s, never from a hidden tab). Outside `(app)` so an
// expired session gets a 401 the poller can act on, not a redirect to the login page's HTML.
export const GET: RequestHandler = async ({ locals }) => {
	if (!locals.user || !locals.company) {
		return json(
			{ error: 'unauthorized' },
			{ status: 401, headers: { 'cache-control': 'no-store' } }
		);
	}
	// Read with the session check (hooks.server.ts): one indexed query per poll, nothing more.
	const version = (await locals.changes) ?? (await changeStamp(getDb(), locals.company.id));
	// `awaiting`: a customer may be paying, so the page asks again in 2 s rather than 20.
	return json(
		{ version, awaiting: locals.awaitingPayment === true },
		{ headers: { 'cache-control': 'private, no-store' } }
	);
};
