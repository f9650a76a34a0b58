import { expect, test, type Page } from '@playwright/test';
import { deviceContext, hydrated, signUp } from './helpers';

test.use({ locale: 'en-US' });

/**
 * Holds the app's JavaScript back, so the page is server-rendered but not hydrated: a phone on a
 * slow network, where the user starts typing before the scripts arrive. The returned function
 * lets the scripts through and waits for hydration.
 */
async function holdScripts(page: Page) {
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await released;
		await route.continue();
	});
	return async () => {
		release();
		await hydrated(page);
	};
}

test('what is typed before the page hydrates is kept, saved and counted', async ({ browser }) => {
	// No service worker: it would serve the scripts from its cache, around page.route.
	const context = await deviceContext(browser, { serviceWorkers: 'block', locale: 'en-US' });
	const page = await context.newPage();
	await signUp(page);

	const hydrated = await holdScripts(page);
	await page.goto('/settings', { waitUntil: 'domcontentloaded' });
	expect(await page.evaluate(() => '__acquitTyped' in window)).toBe(true);
	await page.getByLabel('IBAN').fill('BE68 5390 0754 7034');
	await page.getByLabel('Default language').selectOption('nl');
	await hydrated();
	await expect(page.getByLabel('IBAN')).toHaveValue('BE68 5390 0754 7034');
	await expect(page.getByLabel('Default language')).toHaveValue('nl');
	await page.getByRole('button', { name: 'Save company details' }).click();
	await expect(page.getByText('Company details saved.')).toBeVisible();
	await page.reload();
	await expect(page.getByLabel('IBAN')).toHaveValue('BE68 5390 0754 7034');
	await expect(page.getByLabel('Default language')).toHaveValue('nl');
	await page.unrouteAll();

	// Live totals follow values typed before hydration (they were announced with input events).
	const early = await holdScripts(page);
	await page.goto('/invoices/new', { waitUntil: 'domcontentloaded' });
	await page.getByLabel('Description line 1').fill('Bread');
	await page.getByLabel('Quantity line 1').fill('3');
	await page.getByLabel('Unit price excl. VAT line 1').fill('10');
	await early();
	await expect(page.getByLabel('Unit price excl. VAT line 1')).toHaveValue('10');
	await expect(page.getByRole('region', { name: 'Totals' })).toContainText(/Total\s*€\s?36[.,]30/);
	await context.close();
});

test('pages that hydrate carry the recorder, filled in', async ({ request }) => {
	const signup = await (await request.get('/signup')).text();
	expect(signup).toContain('window.__acquitTyped=');
	expect(signup).not.toContain('acquit:keep-typed');
	// The pay page, which does not hydrate, is checked for having no script in pay.phone.spec.ts.
});
