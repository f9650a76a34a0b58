import { expect, test, type Page } from '@playwright/test';
import { signUp } from './helpers';

/** The signed-in sections of the shell (each has a page by now). */
const SECTIONS = [
	'/dashboard',
	'/invoices',
	'/customers',
	'/payments',
	'/purchases',
	'/apps',
	'/settings'
];

async function pickLanguage(page: Page, name: 'Français' | 'Nederlands' | 'English') {
	await page
		.getByRole('group', { name: /^(Language|Langue|Taal)$/ })
		.getByRole('button', { name })
		.click();
}

async function expectNoHorizontalScroll(page: Page, path: string) {
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, `horizontal scroll on ${path}`).toBeLessThanOrEqual(360);
}

// Signing up hashes a password (scrypt): slow on a busy machine.
test.slow();

test.describe('first visit follows Accept-Language', () => {
	test.use({ locale: 'nl-BE' });

	test('a Dutch browser gets Dutch pages', async ({ page }) => {
		await page.goto('/login');
		await expect(page.getByRole('heading', { name: 'Aanmelden' })).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
		await expect(
			page.getByRole('group', { name: 'Taal' }).getByRole('button', { name: 'Nederlands' })
		).toHaveAttribute('aria-current', 'true');
	});
});

test.describe('language picker', () => {
	test.use({ locale: 'en-US' });

	test('switching FR → NL sticks across reloads for a year', async ({ page, context }) => {
		await page.goto('/signup?ref=picker');
		await pickLanguage(page, 'Français');
		await expect(page.getByRole('heading', { name: 'Créer votre compte' })).toBeVisible();
		// Back on the page it was used from, query string included.
		await expect(page).toHaveURL(/\/signup\?ref=picker$/);

		await pickLanguage(page, 'Nederlands');
		await expect(page.getByRole('heading', { name: 'Maak uw account aan' })).toBeVisible();
		await page.reload();
		await expect(page.getByRole('heading', { name: 'Maak uw account aan' })).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('lang', 'nl');

		const cookie = (await context.cookies()).find((c) => c.name === 'PARAGLIDE_LOCALE');
		expect(cookie?.value).toBe('nl');
		const days = (cookie!.expires - Date.now() / 1000) / 86400;
		// The server sets one year; Paraglide's client runtime renews it with its own 400 days.
		expect(days).toBeGreaterThan(364);
	});

	test.describe('without JavaScript', () => {
		test.use({ javaScriptEnabled: false });

		test('the picker is a plain form', async ({ page }) => {
			await page.goto('/login');
			await pickLanguage(page, 'Français');
			await expect(page.getByRole('heading', { name: 'Se connecter' })).toBeVisible();
		});
	});

	test('in the app: side menu on desktop, compact menu on phones', async ({ page }) => {
		await signUp(page);
		await page.setViewportSize({ width: 390, height: 800 });
		await page.getByRole('banner').locator('summary').click();
		await pickLanguage(page, 'Nederlands');
		await expect(page).toHaveURL(/\/dashboard$/);
		await expect(page.getByRole('navigation', { name: 'Hoofdmenu' })).toBeVisible();
		await expect(
			page.getByRole('navigation').getByRole('link', { name: 'Facturen' })
		).toBeVisible();

		await page.setViewportSize({ width: 1280, height: 800 });
		await pickLanguage(page, 'English');
		await expect(
			page.getByRole('navigation').getByRole('link', { name: 'Invoices' })
		).toBeVisible();
		await page.getByRole('navigation').getByRole('link', { name: 'Invoices' }).click();
		await expect(page).toHaveURL(/\/invoices$/);
		await pickLanguage(page, 'Français');
		await expect(page).toHaveURL(/\/invoices$/);
		await expect(
			page.getByRole('navigation').getByRole('link', { name: 'Factures' })
		).toHaveAttribute('aria-current', 'page');
	});

	test('/locale refuses foreign redirects and unknown languages', async ({ page, baseURL }) => {
		const post = (form: Record<string, string>) =>
			page.request.post('/locale', { form, headers: { origin: baseURL! }, maxRedirects: 0 });

		for (const redirectTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
			const response = await post({ locale: 'fr', redirectTo });
			expect(response.status()).toBe(303);
			expect(response.headers()['location']).toBe('/');
		}
		const ok = await post({ locale: 'nl', redirectTo: '/signup?x=1' });
		expect(ok.headers()['location']).toBe('/signup?x=1');
		expect(ok.headers()['set-cookie']).toMatch(/PARAGLIDE_LOCALE=nl;.*Max-Age=31536000/i);

		expect((await post({ locale: 'de', redirectTo: '/' })).status()).toBe(400);
		// SvelteKit's CSRF check applies: a cross-site form cannot change the language.
		const foreign = await page.request.post('/locale', {
			form: { locale: 'fr' },
			headers: { origin: 'https://evil.example' },
			maxRedirects: 0
		});
		expect(foreign.status()).toBe(403);
	});
});

test.describe('404', () => {
	test.use({ locale: 'en-US' });

	test('unknown routes get a styled 404 in the chosen language', async ({ page }) => {
		let response = await page.goto('/no-such-page');
		expect(response!.status()).toBe(404);
		await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();

		await page.goto('/login');
		await pickLanguage(page, 'Nederlands');
		response = await page.goto('/nog/een/onbekende-pagina');
		expect(response!.status()).toBe(404);
		await expect(page.getByRole('heading', { name: 'Pagina niet gevonden' })).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
		await page.getByRole('link', { name: 'Terug naar de startpagina' }).click();
		await expect(page).toHaveURL(/\/login$/);
	});
});

test.describe('layout', () => {
	test.use({ locale: 'en-US' });

	test('bottom navigation on phones, side navigation on desktop', async ({ page }) => {
		await signUp(page);
		const nav = page.getByRole('navigation', { name: 'Main' });

		// The new viewport's layout may land a frame after setViewportSize returns (a clean-clone
		// CI run measured the desktop side column here): wait for the bottom bar, exactly.
		const bounds = async () => {
			const b = (await nav.boundingBox())!;
			return { bottom: Math.round(b.y + b.height), x: Math.round(b.x), width: Math.round(b.width) };
		};
		await page.setViewportSize({ width: 390, height: 800 });
		await expect.poll(bounds).toEqual({ bottom: 800, x: 0, width: 390 });
		for (const name of ['Dashboard', 'Invoices', 'Customers', 'Payments', 'Apps & connections']) {
			await expect(nav.getByRole('link', { name })).toBeVisible();
		}
		await expect(nav.getByRole('link', { name: 'Dashboard' })).toHaveAttribute(
			'aria-current',
			'page'
		);
		// Six tabs at most: Purchases, language and log out wait in the top bar's compact menu.
		await expect(nav.getByRole('link')).toHaveCount(6);
		await expect(nav.getByRole('link', { name: 'Purchases' })).toBeHidden();
		const topBar = page.getByRole('banner');
		await expect(topBar.getByRole('button', { name: 'Log out' })).toBeHidden();
		await topBar.locator('summary').click();
		await expect(topBar.getByRole('button', { name: 'Log out' })).toBeVisible();
		await expect(topBar.getByRole('button', { name: 'Nederlands' })).toBeVisible();
		await expect(topBar.getByRole('link', { name: 'Purchases' })).toBeVisible();

		await page.setViewportSize({ width: 1280, height: 800 });
		await expect.poll(async () => (await bounds()).width).toBeLessThan(300);
		expect((await bounds()).x).toBeLessThan(40);
		await expect(topBar).toBeHidden();
		await expect(nav.getByRole('link')).toHaveCount(7);
		await expect(nav.getByRole('link', { name: 'Purchases' })).toBeVisible();
		await expect(page.getByText('Boulangerie Dupont SRL').filter({ visible: true })).toHaveCount(1);
		const account = page.getByRole('group', { name: 'Account and language' });
		await expect(account.getByRole('button', { name: 'English' })).toHaveAttribute(
			'aria-current',
			'true'
		);
		await account.getByRole('button', { name: 'Log out' }).click();
		await expect(page).toHaveURL(/\/login$/);
	});

	test('the skip link moves focus to the content', async ({ page }) => {
		await signUp(page);
		await page.goto('/dashboard');
		await page.keyboard.press('Tab');
		const skip = page.getByRole('link', { name: 'Skip to content' });
		await expect(skip).toBeFocused();
		await expect(skip).toBeInViewport();
		await page.keyboard.press('Enter');
		await expect(page.locator('main#main')).toBeFocused();
	});

	test('no horizontal scroll at 360 px, in every language', async ({ page }) => {
		await page.setViewportSize({ width: 360, height: 740 });
		for (const path of ['/login', '/signup', '/offline', '/no-such-page']) {
			await page.goto(path);
			await expectNoHorizontalScroll(page, path);
		}
		await signUp(page, {
			company: 'Etablissements Vandenbroucke-Vanderstraeten et Associés SRL',
			name: 'Marie-Christine Vandenbroucke-Vanderstraeten'
		});
		for (const language of ['Français', 'Nederlands', 'English'] as const) {
			await page.getByRole('banner').locator('summary').click();
			await pickLanguage(page, language);
			for (const path of SECTIONS) {
				await page.goto(path);
				await expectNoHorizontalScroll(page, `${path} (${language})`);
			}
		}
	});
});
