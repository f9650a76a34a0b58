import { expect, test, type APIRequestContext } from '@playwright/test';
import { request as httpRequest } from 'node:http';
import { deviceContext, signUp, uniqueEmail } from './helpers';

// Issue 12 against the production build: the headers every response carries, the one
// safe-redirect rule, and request bodies refused before they are read.
test.use({ locale: 'en-US' });

const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

async function postForm(
	request: APIRequestContext,
	baseURL: string,
	path: string,
	fields: Record<string, string>
) {
	return request.post(path, {
		headers: { ...form, origin: baseURL },
		data: new URLSearchParams(fields).toString(),
		maxRedirects: 0
	});
}

test('pages, endpoints and errors carry the security headers and the CSP', async ({
	request,
	baseURL
}) => {
	for (const path of [
		'/login',
		'/signup',
		'/does-not-exist',
		'/offline',
		'/manifest.webmanifest'
	]) {
		const res = await request.get(path);
		const h = res.headers();
		expect(h['x-frame-options'], path).toBe('DENY');
		expect(h['x-content-type-options'], path).toBe('nosniff');
		expect(h['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
		expect(h['permissions-policy'], path).toContain('camera=()');
		// Plain http here; HSTS only on https deployments.
		expect(h['strict-transport-security'], path).toBeUndefined();
	}
	const page = await request.get('/login');
	const csp = page.headers()['content-security-policy'];
	expect(csp).toContain("default-src 'self'");
	expect(csp).toContain("frame-ancestors 'none'");
	expect(csp).toContain("object-src 'none'");
	expect(csp).toContain("base-uri 'none'");
	expect(csp).toMatch(/script-src 'self' 'sha256-[^']+' 'nonce-[^']+'/);
	// The Mollie checkout and consent pages (the sandbox here) are where forms may lead.
	const sandbox = `http://127.0.0.1:${process.env.E2E_SANDBOX_PORT}`;
	expect(csp).toMatch(new RegExp(`form-action 'self' ${sandbox}(;|$)`));
	// Images from this site, data: URLs and Mollie's host (its payment-method icons) only.
	expect(csp).toMatch(new RegExp(`img-src 'self' data: ${sandbox}(;|$)`));
	expect(csp).not.toContain('unsafe-eval');

	const webhook = await request.post('/api/webhooks/mollie', { headers: form, data: 'id=x' });
	expect(webhook.headers()['x-frame-options']).toBe('DENY');
	expect(webhook.headers()['content-security-policy']).toContain("default-src 'none'");
	const forbidden = await request.post('/login', {
		headers: { ...form, origin: 'https://evil.example' },
		data: 'email=a',
		maxRedirects: 0
	});
	expect(forbidden.status()).toBe(403);
	expect(forbidden.headers()['x-frame-options']).toBe('DENY');
	expect(baseURL).toBeTruthy();
});

test('the signed-in app runs under the CSP without a single violation', async ({ page }) => {
	// Collected by an init script, which CSP does not govern.
	await page.addInitScript(() => {
		const w = window as unknown as { cspViolations: string[] };
		w.cspViolations = [];
		document.addEventListener('securitypolicyviolation', (e) =>
			w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`)
		);
	});
	await signUp(page);
	for (const path of ['/dashboard', '/invoices/new', '/customers/new', '/settings/theme']) {
		await page.goto(path);
		// The keep-typed recorder ran (it is allowed by its hash) and the page then hydrated
		// (Kit's nonced boot script), which removes it again.
		await page.waitForFunction(() => 'cspViolations' in window && !('__acquitTyped' in window));
		expect(await page.evaluate(() => document.querySelector('head script')?.textContent)).toMatch(
			/__acquitTyped/
		);
		expect(
			await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
			path
		).toEqual([]);
	}
});

test('login follows only same-site paths after signing in', async ({ request, baseURL }) => {
	const email = uniqueEmail('redirect');
	const password = 'correct horse battery';
	const signup = await postForm(request, baseURL!, '/signup', {
		name: 'Marie',
		companyName: 'Redirect SRL',
		email,
		password
	});
	expect(signup.status()).toBe(303);
	const cases: [string, string][] = [
		['/%5Cevil.test/x', '/dashboard'],
		['/%09/evil.test', '/dashboard'],
		['/%0A/evil.test', '/dashboard'],
		['//evil.test', '/dashboard'],
		['/%2F/evil.test', '/dashboard'],
		['https://evil.test/', '/dashboard'],
		['javascript:alert(1)', '/dashboard'],
		['/a/..//evil.test', '/dashboard'],
		['/invoices?status=open', '/invoices?status=open']
	];
	for (const [next, expected] of cases) {
		const res = await postForm(request, baseURL!, `/login?next=${next}`, { email, password });
		expect(res.status(), next).toBe(303);
		expect(res.headers()['location'], next).toBe(expected);
	}
	const locale = await postForm(request, baseURL!, '/locale', {
		locale: 'fr',
		redirectTo: '/a/..//evil.test'
	});
	expect(locale.headers()['location']).toBe('/');
});

test('bodies over the limit are refused with 413 before they are read', async ({
	request,
	baseURL
}) => {
	// Mollie's webhook: a few KB at most.
	const big = await request.post('/api/webhooks/mollie', {
		headers: form,
		data: `id=tr_1&pad=${'x'.repeat(50_000)}`
	});
	expect(big.status()).toBe(413);
	expect(await big.text()).toMatch(/too large: at most 4 kB/);

	// The same without a Content-Length (chunked): cut off once it passes the limit.
	const chunked = await new Promise<number>((resolve, reject) => {
		const req = httpRequest(
			`${baseURL}/api/webhooks/mollie`,
			{ method: 'POST', headers: { 'content-type': form['content-type'] } },
			(res) => {
				res.resume();
				resolve(res.statusCode ?? 0);
			}
		);
		req.on('error', reject);
		req.write('id=tr_1&pad=');
		for (let i = 0; i < 20; i++) req.write('x'.repeat(1024));
		req.end();
	});
	expect(chunked).toBe(413);

	// A 5 MB "password" on the login form.
	const login = await request.post('/login', {
		headers: { ...form, origin: baseURL! },
		data: `email=a%40example.test&password=${'x'.repeat(5 * 1024 * 1024)}`,
		maxRedirects: 0
	});
	expect(login.status()).toBe(413);
	expect(await login.text()).toMatch(/too large/);

	// Small ones still go through.
	const ok = await request.post('/api/webhooks/mollie', { headers: form, data: 'id=tr_1' });
	expect(ok.status()).toBe(200);
});

test('change password in Settings → Security: current one required, other devices logged out', async ({
	page,
	browser
}) => {
	const { email, password } = await signUp(page);
	// A second device, signed in with the same account.
	const other = await deviceContext(browser, { locale: 'en-US' });
	const second = await other.newPage();
	await second.goto('/login');
	await second.getByLabel('Email').fill(email);
	await second.getByLabel('Password').fill(password);
	await second.getByRole('button', { name: 'Log in' }).click();
	await expect(second).toHaveURL(/\/dashboard$/);

	await page.goto('/settings');
	await page.getByRole('link', { name: /^Security/ }).click();
	await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible();
	const newPassword = 'a much better passphrase';

	await page.getByLabel('Current password').fill('not my password');
	await page.getByLabel('New password', { exact: true }).fill(newPassword);
	await page.getByLabel('Repeat new password', { exact: true }).fill(newPassword);
	await page.getByRole('button', { name: 'Change password' }).click();
	await expect(page.getByText('This is not your current password.')).toBeVisible();

	await page.getByLabel('Current password').fill(password);
	await page.getByLabel('New password', { exact: true }).fill(newPassword);
	await page.getByLabel('Repeat new password', { exact: true }).fill(newPassword);
	await page.getByRole('button', { name: 'Change password' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Password changed.' })).toHaveText(
		'Password changed. Your other devices have been logged out.'
	);
	// This device stays signed in; the other one is out.
	await page.goto('/dashboard');
	await expect(page).toHaveURL(/\/dashboard$/);
	await second.reload();
	await expect(second).toHaveURL(/\/login\?next=%2Fdashboard$/);

	// The old password no longer works, the new one does.
	await second.getByLabel('Email').fill(email);
	await second.getByLabel('Password').fill(password);
	await second.getByRole('button', { name: 'Log in' }).click();
	await expect(second.getByRole('alert')).toHaveText('Email or password is incorrect.');
	await second.getByLabel('Email').fill(email);
	await second.getByLabel('Password').fill(newPassword);
	await second.getByRole('button', { name: 'Log in' }).click();
	await expect(second).toHaveURL(/\/dashboard$/);
	await other.close();
});
