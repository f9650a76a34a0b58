import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { changeStamp } from '$lib/server/changes';
import type { RequestHandler } from './$types';

// Polled about once a second by the signed-in shell (LiveRefresh.svelte). Outside `(app)` so an
// expired session gets a 401 the poller can act on, not a redirect to the login page's HTML.
export const GET: RequestHandler = async ({ locals }) => {
	if (!locals.user || !locals.company) {
		return json(
			{ error: 'unauthorized' },
			{ status: 401, headers: { 'cache-control': 'no-store' } }
		);
	}
	const version = await changeStamp(getDb(), locals.company.id);
	return json({ version }, { headers: { 'cache-control': 'private, no-store' } });
};
