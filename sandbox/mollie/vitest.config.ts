import { defineConfig } from 'vitest/config';

// Standalone config so the sandbox suite runs without the SvelteKit plugin:
//   npx vitest run --config sandbox/mollie/vitest.config.ts
export default defineConfig({
	test: {
		include: ['sandbox/mollie/test/**/*.test.ts'],
		environment: 'node',
		testTimeout: 15000,
		hookTimeout: 15000
	}
});
