import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Cookie, type Page } from '@playwright/test';
import { signUp } from './helpers';

test.use({ locale: 'en-US' });
// axe takes seconds per scan, and each page is scanned twice (light and dark).
test.describe.configure({ timeout: 120_000 });

const PUBLIC_PAGES = [
	'/login',
	'/signup',
	'/forgot-password',
	'/reset-password/not-a-real-token',
	'/offline',
	'/no-such-page'
];

// Every page of the signed-in app that needs no existing record.
const APP_PAGES = [
	'/dashboard',
	'/invoices',
	'/invoices/new',
	'/customers',
	'/customers/new',
	'/payments',
	'/apps',
	'/apps/mollie',
	'/settings',
	'/settings/theme',
	'/settings/journals',
	'/settings/journals/new',
	'/settings/outbox',
	'/settings/security'
];

/** Serious and critical WCAG 2.1 A/AA violations, in light (and dark) mode, as readable lines. */
async function scan(page: Page, path: string) {
	const problems: string[] = [];
	// Colours don't change with the viewport: dark mode is scanned once, on the phone.
	const schemes =
		test.info().project.name === 'phone' ? (['light', 'dark'] as const) : (['light'] as const);
	for (const colorScheme of schemes) {
		await page.emulateMedia({ colorScheme });
		await page.goto(path);
		const { violations } = await new AxeBuilder({ page })
			.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
			.analyze();
		for (const v of violations) {
			if (v.impact !== 'serious' && v.impact !== 'critical') continue;
			for (const node of v.nodes) {
				problems.push(`[${colorScheme}] ${v.id} (${v.impact}) ${node.target.join(' ')}`);
			}
		}
	}
	return problems;
}

test.describe('public pages', () => {
	for (const path of PUBLIC_PAGES) {
		test(`${path} has no serious accessibility violations`, async ({ page }) => {
			expect(await scan(page, path)).toEqual([]);
		});
	}
});

test.describe('app pages', () => {
	// One account per worker: signing up (scrypt) for every page would dominate the run.
	let session: Cookie[] = [];
	test.beforeAll(async ({ browser }) => {
		const page = await browser.newPage({ locale: 'en-US' });
		await signUp(page);
		session = await page.context().cookies();
		await page.close();
	});

	for (const path of APP_PAGES) {
		test(`${path} has no serious accessibility violations`, async ({ page, context }) => {
			await context.addCookies(session);
			expect(await scan(page, path)).toEqual([]);
		});
	}
});
