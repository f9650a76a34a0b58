import {
	expect,
	test,
	type Browser,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';
import { createClient } from '@libsql/client';

/**
 * The database the preview server uses (playwright.config.ts sets E2E_DB_FILE), for tests that
 * seed or read rows directly. Other workers' requests write to the same file at the same time, so
 * this waits for their lock as the app waits for this one (src/lib/server/db/index.ts); without
 * the timeout a read fails at once with SQLITE_BUSY when a write happens to hold the lock.
 */
export function appDb() {
	return createClient({ url: `file:${process.env.E2E_DB_FILE}`, timeout: 5000 });
}

/** The project's device (phone-sized in the phone project), for contexts tests open themselves. */
export function deviceOptions() {
	const { baseURL, viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } =
		test.info().project.use;
	return { baseURL, viewport, userAgent, deviceScaleFactor, isMobile, hasTouch };
}

/**
 * Another browser context (the customer beside the owner, another company, a second device) on
 * the project's own device: phone-sized in the phone project, not Playwright's desktop default.
 */
export function deviceContext(browser: Browser, options: BrowserContextOptions = {}) {
	return browser.newContext({ ...deviceOptions(), ...options });
}

/** A Belgian calendar day (YYYY-MM-DD), `days` from today. */
export function isoDay(days: number): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(
		new Date(Date.now() + days * 86_400_000)
	);
}

let counter = 0;

/** A unique address per call, so tests never collide in the shared e2e database. */
export function uniqueEmail(prefix = 'owner'): string {
	counter += 1;
	return `${prefix}-${Date.now().toString(36)}-${process.pid}-${counter}@example.test`;
}

type SignUpOptions = { email?: string; password?: string; company?: string; name?: string };

/**
 * A new account, signed in, on the dashboard. It posts the sign-up form's fields as the form
 * does, from the page's own context (its cookies and language), and opens the dashboard: the
 * same action, scrypt hash, session cookie and mails as the form, without rendering the form
 * and the "check your inbox" page for every test that only needs an account. The form itself
 * is walked by `signUpThroughForm` (auth.spec.ts) and its errors by the sign-up specs.
 */
export async function signUp(page: Page, opts: SignUpOptions = {}) {
	const email = opts.email ?? uniqueEmail();
	const password = opts.password ?? 'correct horse battery';
	const { baseURL } = test.info().project.use;
	// The language the browser would send: the new account's locale comes from it.
	const language = await page.evaluate(() => navigator.languages.join(','));
	const response = await page.request.post('/signup', {
		form: {
			name: opts.name ?? 'Marie Dupont',
			companyName: opts.company ?? 'Boulangerie Dupont SRL',
			email,
			password
		},
		// As a browser posts a form: Kit answers a request that prefers JSON with JSON.
		headers: {
			origin: new URL(baseURL!).origin,
			accept: 'text/html',
			'accept-language': language
		},
		maxRedirects: 0
	});
	expect(response.status(), await response.text()).toBe(303);
	expect(response.headers()['location']).toBe('/signup/check-inbox');
	await page.goto('/dashboard');
	await expect(page).toHaveURL(/\/dashboard$/);
	return { email, password };
}

/** The same through the form, as a person signs up: the check-inbox page, then Continue. */
export async function signUpThroughForm(page: Page, opts: SignUpOptions = {}) {
	const email = opts.email ?? uniqueEmail();
	const password = opts.password ?? 'correct horse battery';
	await page.goto('/signup');
	await page.getByLabel('Your name').fill(opts.name ?? 'Marie Dupont');
	await page.getByLabel('Company name').fill(opts.company ?? 'Boulangerie Dupont SRL');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Create account' }).click();
	// Every sign-up answers with the same "check your inbox" page; a new account continues in.
	await expect(page).toHaveURL(/\/signup\/check-inbox$/);
	await page.getByRole('link', { name: 'Continue to Acquit' }).click();
	await expect(page).toHaveURL(/\/dashboard$/);
	return { email, password };
}

/** Logs out through the shell: the account menu on phones, the side column on desktop. */
export async function logOut(page: Page) {
	const menu = page.locator('summary', { hasText: 'Account and language' });
	if (await menu.isVisible()) await menu.click();
	await page
		.getByRole('button', { name: 'Log out', exact: true })
		.filter({ visible: true })
		.click();
	await expect(page).toHaveURL(/\/login$/);
}

/**
 * Waits until the page has hydrated: the root layout removes the pre-hydration recorder
 * (src/lib/keepTyped.ts) once it has mounted. For keys and clicks that only JavaScript handles.
 */
export async function hydrated(page: Page) {
	await page.waitForFunction(() => !('__acquitTyped' in window));
}
