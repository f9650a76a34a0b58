// Edge smoke run (`npm run test:edge`): the production Worker build in workerd through
// `wrangler dev`, against libSQL over HTTP (the development Hrana server). See docs/edge.md.
import { defineConfig, devices } from '@playwright/test';
import base from './playwright.config';

// Same Debian Chromium and launch flags as the main e2e config.
const launchOptions = base.use?.launchOptions;
const port = Number(process.env.EDGE_PORT || 8788);
export const edgeBaseURL = `http://127.0.0.1:${port}`;
// The smoke test's SMTP server (tests/edge/smoke.spec.ts starts it): the Worker sends to it.
process.env.EDGE_SMTP_PORT ||= String(port + 1);
// The Peppol access-point sandbox the preview starts beside the Worker (its control API).
process.env.EDGE_PEPPOL_PORT ||= String(port + 2);

export default defineConfig({
	testDir: 'tests/edge',
	outputDir: 'test-results/edge',
	fullyParallel: false,
	workers: 2,
	retries: 0,
	reporter: [['list']],
	timeout: 120_000,
	use: { baseURL: edgeBaseURL, launchOptions, trace: 'retain-on-failure' },
	projects: [{ name: 'edge-phone', use: { ...devices['Pixel 7'], launchOptions } }],
	webServer: {
		// Builds first only if the Worker is missing or older than the sources (`npm test` has
		// just built it); a fresh database each run.
		command: `npx tsx scripts/preview-edge.ts --port ${port} --fresh --db .tmp/edge-test/acquit.db --peppol-port ${process.env.EDGE_PEPPOL_PORT}`,
		url: `${edgeBaseURL}/login`,
		reuseExistingServer: false,
		timeout: 240_000,
		stdout: 'ignore',
		stderr: 'pipe',
		// SIGTERM to the whole process group (tsx, wrangler, workerd, the Hrana server), so
		// nothing outlives the run; Playwright SIGKILLs the group if that takes too long.
		gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
		env: {
			MAIL_TRANSPORT: 'smtp',
			SMTP_URL: `smtp://127.0.0.1:${process.env.EDGE_SMTP_PORT}`,
			MAIL_FROM: 'Acquit <account@acquit.test>'
		}
	}
});
