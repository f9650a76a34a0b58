import { chromium, expect, test, type Page } from '@playwright/test';
import { deviceOptions, signUp } from './helpers';

test.use({ locale: 'en-US' });
// Installing the service worker precaches every client asset first: give it time on slow machines.
test.slow();

/** Waits until the service worker is installed and active (it then controls new navigations). */
async function serviceWorkerReady(page: Page) {
	return page.evaluate(async () => {
		const registration = await navigator.serviceWorker.ready;
		return { scope: registration.scope, script: registration.active?.scriptURL ?? '' };
	});
}

/** PNG width and height from the IHDR chunk. */
function pngSize(body: Buffer) {
	expect(body.subarray(0, 8)).toEqual(
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
	);
	return `${body.readUInt32BE(16)}x${body.readUInt32BE(20)}`;
}

test('the web manifest is linked and complete, with real icons', async ({ page, request }) => {
	await page.goto('/login');
	const href = await page.locator('link[rel="manifest"]').getAttribute('href');
	expect(href).toBeTruthy();
	const response = await request.get(href!);
	expect(response.ok()).toBe(true);
	const manifest = await response.json();
	expect(manifest).toMatchObject({
		name: 'Acquit',
		short_name: 'Acquit',
		id: '/',
		start_url: '/dashboard',
		scope: '/',
		display: 'standalone',
		theme_color: '#0f766e'
	});
	expect(manifest.description).toBeTruthy();
	expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);

	const icons: { src: string; sizes: string; type: string; purpose?: string }[] = manifest.icons;
	const kinds = icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`);
	expect(kinds).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
	for (const icon of icons) {
		const file = await request.get(icon.src);
		expect(file.ok(), icon.src).toBe(true);
		expect(file.headers()['content-type']).toContain('image/png');
		expect(pngSize(await file.body())).toBe(icon.sizes);
	}

	const appleIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
	expect(pngSize(await (await request.get(appleIcon!)).body())).toBe('180x180');
	await expect(page.locator('meta[name="theme-color"]').first()).toHaveAttribute(
		'content',
		/^#[0-9a-f]{6}$/i
	);
});

test('Chromium finds the app installable and its service worker registered', async ({
	baseURL
}, testInfo) => {
	// Chromium never offers installation in an incognito-like context (Playwright's default),
	// so this one check runs in a real profile.
	const context = await chromium.launchPersistentContext(testInfo.outputPath('profile'), {
		...testInfo.project.use.launchOptions,
		...deviceOptions(),
		locale: 'en-US'
	});
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto('/login');
		const sw = await serviceWorkerReady(page);
		expect(sw.scope).toBe(`${baseURL}/`);
		expect(sw.script).toBe(`${baseURL}/sw.js`);

		const cdp = await context.newCDPSession(page);
		const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
		expect(installabilityErrors).toEqual([]);
	} finally {
		await context.close();
	}
});

test('without a network, pages show the offline page', async ({ page, context }) => {
	await signUp(page);
	await serviceWorkerReady(page);

	await context.setOffline(true);
	await page.goto('/invoices');
	await expect(page.getByRole('heading', { name: 'You are offline' })).toBeVisible();
	// "Try again" reloads the address that failed, not /offline.
	await expect(page.getByRole('link', { name: 'Try again' })).toHaveAttribute('href', '/invoices');

	await page.reload();
	await expect(page.getByRole('heading', { name: 'You are offline' })).toBeVisible();

	await context.setOffline(false);
	await page.getByRole('link', { name: 'Try again' }).click();
	await expect(page).toHaveURL(/\/invoices$/);
	await expect(page.getByRole('heading', { name: 'You are offline' })).toHaveCount(0);
});

test('the offline page speaks the chosen language', async ({ page, context, baseURL }) => {
	await page.goto('/login');
	await serviceWorkerReady(page);
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'nl', url: baseURL! }]);

	await context.setOffline(true);
	await page.goto('/dashboard');
	await expect(page.getByRole('heading', { name: 'U bent offline' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
});

test('signed-in HTML is never stored: no-store, and absent from every cache', async ({ page }) => {
	await signUp(page);
	await serviceWorkerReady(page);

	const response = await page.goto('/dashboard');
	expect(response!.headers()['cache-control']).toBe('private, no-store');
	const direct = await page.request.get('/dashboard');
	expect(direct.headers()['cache-control']).toBe('private, no-store');

	const cached = await page.evaluate(async () => {
		const urls: string[] = [];
		for (const name of await caches.keys()) {
			const cache = await caches.open(name);
			for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
		}
		return urls;
	});
	expect(cached).toContain('/offline');
	const pages = cached.filter((path) => !/\.\w+$/.test(path));
	expect(pages).toEqual(['/offline']);
});

test('a new deployment is offered, and Reload switches to it', async ({ page, context }) => {
	const prompt = page
		.getByRole('status')
		.filter({ hasText: 'A new version of Acquit is available.' });
	// The page first installs an "older deployment": /sw.js with a line added. Playwright can
	// only rewrite the worker's first download; the browser's later update check goes straight
	// to the server, finds other bytes (the real build) and installs that as the new version.
	await context.route('**/sw.js', async (route) => {
		const response = await route.fetch();
		await route.fulfill({ response, body: `${await response.text()}\n// previous deployment\n` });
	});
	await page.goto('/login');
	await serviceWorkerReady(page);
	await context.unroute('**/sw.js');
	await expect(prompt).toHaveCount(0);
	// As for a returning user, the page is controlled by the installed worker.
	await page.reload();
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
		.toBe(true);

	// What the hourly check does, without waiting an hour.
	await page.evaluate(async () => {
		const registration = await navigator.serviceWorker.getRegistration();
		await registration!.update();
	});
	await expect(prompt).toBeVisible();
	// Nothing happened behind the user's back: the new worker waits, the old one stays in charge.
	const waiting = () =>
		page.evaluate(async () => {
			const registration = await navigator.serviceWorker.getRegistration();
			return registration?.waiting?.state ?? null;
		});
	expect(await waiting()).toBe('installed');

	// Reload activates the waiting worker and reloads the page under it.
	await page.evaluate(() => ((window as unknown as { beforeUpdate: boolean }).beforeUpdate = true));
	await prompt.getByRole('button', { name: 'Reload' }).click();
	await expect
		.poll(() => page.evaluate(() => 'beforeUpdate' in window).catch(() => true))
		.toBe(false);
	await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
	expect(await waiting()).toBeNull();
	await expect(prompt).toHaveCount(0);
});
