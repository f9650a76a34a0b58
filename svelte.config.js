import adapter from '@sveltejs/adapter-cloudflare';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(),
		// Kit's origin check can't exempt a path, and Mollie's webhook is a form POST without an
		// Origin header. src/lib/server/csrf.ts applies the same rule in hooks.server.ts, with
		// that one path exempt (tested against the production build in tests/e2e/webhook.phone.spec.ts and in workerd).
		csrf: { trustedOrigins: ['*'] },
		// The PWA plugin registers the service worker itself.
		serviceWorker: { register: false },
		typescript: {
			// Type-check (and lint with type information) the tooling around the app too.
			config: (tsconfig) => {
				tsconfig.include.push(
					'../*.ts',
					'../scripts/**/*.ts',
					'../tests/**/*.ts',
					'../sandbox/**/*.ts'
				);
			}
		}
	}
};

export default config;
