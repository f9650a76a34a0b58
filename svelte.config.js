import adapter from '@sveltejs/adapter-cloudflare';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { KEEP_TYPED_JS } from './src/lib/server/keepTypedScript.js';

// The one inline script the app adds itself (src/lib/server/keepTyped.ts, injected after Kit
// rendered the page, so Kit cannot nonce it): allowed by its hash.
const keepTypedHash = `sha256-${createHash('sha256').update(KEEP_TYPED_JS).digest('base64')}`;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(),
		// Kit's origin check can't exempt a path, and Mollie's webhook is a form POST without an
		// Origin header. src/lib/server/csrf.ts applies the same rule in hooks.server.ts, with
		// that one path exempt (tested against the production build in tests/e2e/webhook.phone.spec.ts and in workerd).
		csrf: { trustedOrigins: ['*'] },
		// Kit puts a nonce (a hash on prerendered pages) on its own inline scripts. `form-action`
		// is added per request in src/lib/server/security/headers.ts: it names Mollie's checkout
		// and consent hosts, which are runtime configuration (the sandbox in development).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', keepTypedHash],
				// Theme colours are style attributes (`style="--brand: …"`), which no nonce can cover;
				// Svelte escapes every value that reaches them.
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'frame-ancestors': ['none']
			}
		},
		// The PWA plugin registers the service worker itself.
		serviceWorker: { register: false },
		typescript: {
			// Type-check (and lint with type information) the tooling around the app too.
			config: (tsconfig) => {
				tsconfig.include.push(
					'../*.ts',
					'../scripts/**/*.ts',
					'../tests/**/*.ts',
					'../sandbox/**/*.ts',
					'../worker/**/*.ts'
				);
			}
		}
	}
};

export default config;
