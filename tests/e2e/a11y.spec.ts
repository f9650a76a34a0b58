import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { signUp } from './helpers';

test.use({ locale: 'en-US' });
// One page walks every route, signed up once; axe goes into each page once (./axe.ts) and scans
// each page state once per colour scheme.
test.describe.configure({ timeout: 240_000 });

const PUBLIC_PAGES = [
	'/login',
	'/signup',
	'/forgot-password',
	'/reset-password/not-a-real-token',
	'/offline',
	'/no-such-page'
];

// Every page of the signed-in app that needs no existing record (pages with records are
// scanned by the flows that create them: invoices, pay page, Mollie transactions, outbox).
const APP_PAGES = [
	'/dashboard',
	'/invoices',
	'/invoices/new',
	'/customers',
	'/customers/new',
	'/customers/import',
	'/payments',
	'/payments/mollie',
	'/apps',
	'/apps/mollie',
	'/settings',
	'/settings/theme',
	'/settings/journals',
	'/settings/journals/new',
	'/settings/outbox',
	'/settings/security'
];

// On desktop only the layout differs (the side column instead of the bottom bar, wide tables):
// colours, labels and names are the phone run's. These pages carry every desktop layout.
const DESKTOP_PAGES = new Set([
	'/login',
	'/no-such-page',
	'/dashboard',
	'/invoices',
	'/invoices/new',
	'/payments',
	'/settings'
]);

/** Scans each path; every page is reported, not only the first one with a problem. */
async function scanAll(page: Page, paths: string[]) {
	// Colours don't change with the viewport: dark mode is scanned once, on the phone.
	const schemes = test.info().project.name === 'phone' ? (['light', 'dark'] as const) : undefined;
	const desktop = test.info().project.name === 'desktop';
	for (const path of paths.filter((p) => !desktop || DESKTOP_PAGES.has(p))) {
		await test.step(path, async () => {
			await page.goto(path);
			expect.soft(await seriousViolations(page, { schemes }), path).toEqual([]);
		});
	}
}

test('public pages have no serious accessibility violations', async ({ page }) => {
	await scanAll(page, PUBLIC_PAGES);
});

test('signed-in pages have no serious accessibility violations', async ({ page }) => {
	await signUp(page);
	await scanAll(page, APP_PAGES);
});
