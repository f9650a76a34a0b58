import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium: browsers cannot be downloaded here. These flags keep it off the network.
const launchOptions = {
	executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run',
		'--disable-quic'
	]
};

// A random port and database per run, so several runs (CI, engineers) can share a machine.
// Set once in the runner's environment; the test workers inherit it.
process.env.E2E_PORT ||= String(4200 + Math.floor(Math.random() * 800));
const port = Number(process.env.E2E_PORT);
export const baseURL = `http://127.0.0.1:${port}`;
// Tests that seed data directly open this file with @libsql/client.
process.env.E2E_DB_FILE ||= `.tmp/e2e-${port}/acquit.db`;
// The Mollie sandbox the app talks to during e2e runs (control API at /_sandbox).
process.env.E2E_SANDBOX_PORT ||= String(port + 1);
export const sandboxURL = `http://127.0.0.1:${process.env.E2E_SANDBOX_PORT}`;
// The Peppol access-point sandbox (control API at /_sandbox, see sandbox/peppol/README.md).
process.env.E2E_PEPPOL_PORT ||= String(port + 2);
const dbFile = process.env.E2E_DB_FILE;
// Where the e2e SMTP server (scripts/e2e-server.ts) writes what it receives.
process.env.E2E_MAIL_DIR ||= `.tmp/e2e-${port}/mail`;

export default defineConfig({
	testDir: 'tests/e2e',
	// Per run too: Playwright empties its output folder when it starts, so two runs in one
	// worktree would delete each other's failure pages.
	outputDir: `test-results/e2e-${port}`,
	fullyParallel: false,
	workers: 2,
	retries: 0,
	reporter: [['list']],
	timeout: 60_000,
	expect: { timeout: 10_000 },
	// Recording a trace costs about a fifth of the run, and nobody can open one left on a CI
	// machine (its printed output, with each failure's page snapshot, is what CI keeps).
	use: { baseURL, launchOptions, trace: process.env.CI ? 'off' : 'retain-on-failure' },
	projects: [
		{
			name: 'phone',
			testIgnore: '**/*.clock.spec.ts',
			use: { ...devices['Pixel 7'], launchOptions }
		},
		// `*.phone.spec.ts`: flows whose layout is the same on desktop run on the phone only.
		{
			name: 'desktop',
			testIgnore: ['**/*.phone.spec.ts', '**/*.clock.spec.ts'],
			use: { ...devices['Desktop Chrome'], launchOptions }
		},
		// `*.clock.spec.ts` move the sandbox's clock, which every test shares (a day forward
		// expires everyone's open checkouts), so they run last, when nothing else is running.
		{
			name: 'clock',
			testMatch: '**/*.clock.spec.ts',
			dependencies: ['phone', 'desktop'],
			use: { ...devices['Pixel 7'], launchOptions }
		}
	],
	// A production build served by Vite's preview server, as in prod: cross-site form posts are
	// refused by src/lib/server/csrf.ts (svelte.config.js turns Kit's own check off for it).
	webServer: {
		command: 'npx tsx scripts/e2e-server.ts',
		url: `${baseURL}/login`,
		reuseExistingServer: false,
		timeout: 180_000,
		env: {
			DATABASE_URL: `file:${dbFile}`,
			E2E_MAIL_DIR: process.env.E2E_MAIL_DIR
		}
	}
});
