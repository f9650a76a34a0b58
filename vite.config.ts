import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { allPathHeaders } from './src/lib/server/security/headersFile';

const THEME = '#0f766e';

export default defineConfig({
	plugins: [
		// `vite preview` (the e2e server) serves built assets and prerendered pages itself: they get
		// the headers Cloudflare gives them from `_headers`. First, so it runs before Kit's own
		// middleware; rendered responses get the same from hooks.server.ts.
		{
			name: 'acquit-preview-headers',
			configurePreviewServer(server) {
				const headers = allPathHeaders(readFileSync('_headers', 'utf8'));
				server.middlewares.use((_req, res, next) => {
					for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
					next();
				});
			}
		},
		// The server build bundles the Mollie SDK itself (Rolldown), so only the models its calls use
		// are kept. Left external, wrangler's esbuild would keep about 40 % more of the SDK's ~400
		// modules: each model's top-level zod calls count as side effects there, and every
		// `import * as models` barrel drags its neighbours in (README → Worker bundle). Build only:
		// development and Vitest keep loading the package from node_modules.
		{
			name: 'acquit-bundle-mollie',
			config: (_, { command }) =>
				command === 'build'
					? {
							ssr: { noExternal: ['mollie-api-typescript', 'zod', 'e-invoice-api', 'drizzle-orm'] }
						}
					: undefined
		},
		{
			// Fewer, larger client chunks (issue 13, Lighthouse at 100k). Rolldown's default split
			// gave the editor 31 scripts (the list 26), many of them one Paraglide message shared by
			// a few pages: each is a request before the page settles, which is what its LCP paid on
			// a slow connection. Code used by three or more pages goes into one `shell` chunk (the
			// Svelte and Kit runtimes, the layout, common messages); the rest is grouped by the pages
			// that use it, small groups merged. Editor 31 → 10 scripts (+2.5 KB gzip), list 26 → 9
			// (+6.6 KB). Only the client build (its chunks live under _app/immutable).
			name: 'acquit-client-chunks',
			outputOptions(options) {
				if (!String(options.chunkFileNames ?? '').includes('immutable')) return null;
				return {
					...options,
					codeSplitting: {
						groups: [
							{ name: 'shell', minShareCount: 3, priority: 2 },
							{
								name: 'shared',
								minShareCount: 2,
								priority: 1,
								entriesAware: true,
								entriesAwareMergeThreshold: 16_000
							}
						]
					}
				};
			}
		},
		sveltekit(),
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'preferredLanguage', 'baseLocale']
		}),
		SvelteKitPWA({
			strategies: 'generateSW',
			// A new version waits until the user accepts it (src/lib/components/UpdatePrompt.svelte).
			registerType: 'prompt',
			// Registered by UpdatePrompt through virtual:pwa-register/svelte, not by an injected script.
			injectRegister: false,
			// SvelteKit's relative asset paths would make the registration look for `./sw.js`
			// beside every page (/invoices/123/sw.js); the worker lives at the root.
			base: '/',
			scope: '/',
			manifest: {
				id: '/',
				name: 'Acquit',
				short_name: 'Acquit',
				description: 'Invoices that get paid — invoicing for Belgian small businesses.',
				start_url: '/dashboard',
				scope: '/',
				display: 'standalone',
				theme_color: THEME,
				background_color: '#f8fafc',
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
					{
						src: '/icons/icon-maskable-512.png',
						sizes: '512x512',
						type: 'image/png',
						purpose: 'maskable'
					}
				]
			},
			workbox: {
				// Only the built client assets and prerendered pages (just /offline) are precached:
				// server-rendered HTML belongs to one signed-in user and is never stored.
				globPatterns: [
					'client/**/*.{js,css,ico,png,svg,webp,woff2,webmanifest}',
					'prerendered/**/*.html'
				],
				// Workbox's default fallback would be '/', which is server-rendered and not precached.
				navigateFallback: null,
				cleanupOutdatedCaches: true,
				runtimeCaching: [
					{
						// Pages always come from the network; without one, the precached offline page.
						urlPattern: ({ request }) => request.mode === 'navigate',
						handler: 'NetworkOnly',
						options: { precacheFallback: { fallbackURL: '/offline' } }
					}
				]
			},
			devOptions: { enabled: false }
		})
	],
	test: {
		include: [
			'src/**/*.test.ts',
			'tests/unit/**/*.test.ts',
			'tests/integration/**/*.test.ts',
			'sandbox/**/*.test.ts'
		],
		environment: 'node',
		// SvelteKit's `read` needs its server; tests read imported assets from disk instead.
		alias: { '$app/server': resolve('tests/helpers/app-server.ts') }
	}
});
