// The Cron Trigger's `scheduled` handler (worker/index.js wrapping the adapter's Worker) in
// workerd: `wrangler dev --test-scheduled` (scripts/preview-edge.ts) runs it on GET /__scheduled.
// It reaches the reconcile route through SvelteKit with a one-time in-isolate token; if the
// token, the route or the wrapper were broken the handler throws and the run fails (500).
import { expect, test } from '@playwright/test';

test('the scheduled handler runs the reconcile job in workerd; the route is closed to the world', async ({
	request
}) => {
	const run = await request.get('/__scheduled?cron=*/10+*+*+*+*');
	expect(run.status()).toBe(200);
	// Twice in a row: each run takes its own token.
	expect((await request.get('/__scheduled?cron=*/10+*+*+*+*')).status()).toBe(200);

	// From outside the isolate there is no valid token: the route doesn't exist for you.
	const json = { 'content-type': 'application/json' };
	for (const headers of [json, { ...json, 'x-acquit-cron': 'guess' }]) {
		const res = await request.post('/api/cron/reconcile', { headers, data: '{}' });
		expect(res.status()).toBe(404);
	}
});
