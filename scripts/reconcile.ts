// `npm run reconcile`: the reconcile job once, in Node, on DATABASE_URL (default
// data/acquit.db) against the configured Mollie (MOLLIE_* as for the app). `--every <seconds>`
// repeats it until stopped (`npm run dev` does that). In production the Cron Trigger runs the
// same function in the Worker (worker/index.js). Run through scripts/tsconfig.scripts.json,
// which maps SvelteKit's `$env` modules to process.env.
import { parseArgs } from 'node:util';
import { getDb } from '../src/lib/server/db';
import { mollieConfig, mollieEnabled } from '../src/lib/server/mollie/config';
import { reconcileAll } from '../src/lib/server/mollie/reconcile';

const { values } = parseArgs({ options: { every: { type: 'string' } } });
process.env.DATABASE_URL ||= 'file:data/acquit.db';

async function once() {
	if (!mollieEnabled()) {
		console.log('[reconcile] Mollie is not configured (MOLLIE_CLIENT_ID): nothing to do.');
		return;
	}
	await reconcileAll(getDb(), mollieConfig());
}

const every = Number(values.every ?? 0);
if (!every) {
	await once();
} else {
	let stopped = false;
	const stop = () => (stopped = true);
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	while (!stopped) {
		await once().catch((err: unknown) => console.error('[reconcile] run failed:', err));
		for (let waited = 0; waited < every * 1000 && !stopped; waited += 250) {
			await new Promise((r) => setTimeout(r, 250));
		}
	}
}
