import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { mollieConfig, mollieEnabled } from '$lib/server/mollie/config';
import { reconcileAll } from '$lib/server/mollie/reconcile';
import type { RequestHandler } from './$types';

/**
 * The reconcile job, reached only from the Worker's `scheduled` handler (worker/index.js): it
 * calls SvelteKit's fetch in the same isolate with a one-time token it keeps on `globalThis`.
 * From outside the isolate nobody can know the token, so this answers 404 to the world.
 */
const TOKENS = Symbol.for('acquit.cron.tokens');

export const POST: RequestHandler = async ({ request }) => {
	const tokens = (globalThis as { [TOKENS]?: Set<string> })[TOKENS];
	const token = request.headers.get('x-acquit-cron');
	if (!token || !tokens?.has(token)) error(404);
	tokens.delete(token);
	if (!mollieEnabled()) return json({ companies: 0 });
	const results = await reconcileAll(getDb(), mollieConfig());
	return json({
		companies: results.length,
		checked: results.reduce((s, r) => s + r.checked, 0),
		failed: results.reduce((s, r) => s + r.failed, 0)
	});
};
