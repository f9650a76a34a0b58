import adapter from '@sveltejs/adapter-cloudflare';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(),
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
