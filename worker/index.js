// The Worker's entry point. `npm run build` (scripts/build.ts) copies this file to wrangler.toml's
// `main` (.svelte-kit/cloudflare-worker/_worker.js) after renaming the adapter's Worker, which it
// wrote there, to sveltekit.js beside it: SvelteKit's fetch handler plus a `scheduled` handler
// for the Cron Trigger in wrangler.toml. The adapter has no hook for other handlers, so this
// wraps its output; wrangler bundles both (see docs/edge.md).
//
// The scheduled run goes through SvelteKit itself: it calls the app's fetch with a request for
// /api/cron/reconcile carrying a one-time token kept on globalThis (the same isolate), so the job
// gets the same env, database and code as a webhook — and nobody outside can trigger it.
import app from './sveltekit.js';

const TOKENS = Symbol.for('acquit.cron.tokens');

export default {
	fetch: app.fetch,

	/** @param {{ cron: string, scheduledTime: number }} controller */
	async scheduled(controller, env, ctx) {
		const tokens = (globalThis[TOKENS] ??= new Set());
		const token = crypto.randomUUID();
		tokens.add(token);
		const run = (async () => {
			try {
				const res = await app.fetch(
					new Request('http://acquit.internal/api/cron/reconcile', {
						method: 'POST',
						// JSON, not a form: the CSRF rule (src/lib/server/csrf.ts) only guards forms.
						headers: { 'content-type': 'application/json', 'x-acquit-cron': token },
						body: '{}'
					}),
					env,
					ctx
				);
				const body = await res.text();
				console.log(`[cron ${controller.cron}] reconcile → ${res.status} ${body}`);
				if (!res.ok) throw new Error(`reconcile answered ${res.status}`);
			} finally {
				tokens.delete(token);
			}
		})();
		ctx.waitUntil(run);
		await run;
	}
};
