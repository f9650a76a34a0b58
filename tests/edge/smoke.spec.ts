// Smoke test of the production Worker running in workerd (see playwright.edge.config.ts).
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { startSmtpCatcher, type SmtpCatcher } from '../../scripts/lib/smtp-catcher';
import { logOut, signUp } from '../e2e/helpers';

// The SMTP server the Worker is configured to send to (playwright.edge.config.ts).
let smtp: SmtpCatcher;
test.beforeAll(async () => {
	smtp = await startSmtpCatcher({ port: Number(process.env.EDGE_SMTP_PORT) });
});
test.afterAll(async () => {
	await smtp?.close();
});

test.use({ locale: 'en-US' });

// The Peppol access-point sandbox beside the Worker (playwright.edge.config.ts).
const peppolSandbox = `http://127.0.0.1:${process.env.EDGE_PEPPOL_PORT}`;

// A plain HTML form post (no JavaScript): SvelteKit answers actions with JSON unless the
// client prefers HTML.
const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

test('sign up, log out, log in and save company settings in workerd', async ({ page, baseURL }) => {
	// Sign-up hashes the password with scrypt from node:crypto (nodejs_compat) inside workerd
	// and writes user + company in one batch through the web libSQL client.
	const { email, password } = await signUp(page, { name: 'Marie Dupont' });
	await expect(page.getByRole('heading', { name: 'Welcome, Marie Dupont' })).toBeVisible();

	await test.step('signed-in pages are never cached', async () => {
		const res = await page.goto('/dashboard');
		expect(res?.status()).toBe(200);
		expect(res?.headers()['cache-control']).toBe('private, no-store');
	});

	await test.step('log out and log back in', async () => {
		await logOut(page);
		await page.getByLabel('Email').fill(email);
		await page.getByLabel('Password').fill(password);
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page).toHaveURL(/\/dashboard$/);
	});

	await test.step('save company settings', async () => {
		const res = await page.goto('/settings');
		expect(res?.headers()['cache-control']).toBe('private, no-store');
		await page.getByLabel('Legal name').fill('Boulangerie Dupont SRL');
		await page.getByLabel('Street and number').fill('Rue de la Loi 16');
		await page.getByLabel('Postal code').fill('1000');
		await page.getByLabel('City').fill('Bruxelles');
		await page.getByLabel('VAT number').fill('BE0123456749');
		await page.getByLabel('IBAN').fill('BE68 5390 0754 7034');
		await page.getByRole('button', { name: 'Save company details' }).click();
		await expect(
			page.getByRole('status').filter({ hasText: 'Company details saved.' })
		).toBeVisible();
		await page.reload();
		await expect(page.getByLabel('City')).toHaveValue('Bruxelles');
		await expect(page.getByLabel('VAT number')).toHaveValue('BE0123456749');
	});

	await test.step('import customers from a Windows-1252 CSV file', async () => {
		// workerd's TextDecoder reads the legacy encoding Excel on Windows writes.
		await page.goto('/customers/import');
		await page.getByLabel('CSV file').setInputFiles({
			name: 'clients.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from('Nom;Ville\r\nCafé Zinc;Liège\r\n', 'latin1')
		});
		await page.getByRole('button', { name: 'Import customers' }).click();
		await expect(page).toHaveURL(/\/customers\?imported=1&skipped=0$/);
		await expect(page.getByRole('link', { name: 'Café Zinc' })).toBeVisible();
	});

	await test.step('a same-origin form post is accepted', async () => {
		const res = await page.request.post('/login', {
			headers: { ...form, origin: baseURL! },
			data: new URLSearchParams({ email, password }).toString(),
			maxRedirects: 0
		});
		expect(res.status()).toBe(303);
		expect(res.headers()['location']).toBe('/dashboard');
		expect(res.headers()['set-cookie']).toMatch(/acquit_session=.*HttpOnly/i);
	});
});

test("SvelteKit's CSRF check refuses cross-origin form posts", async ({ request, baseURL }) => {
	const body = new URLSearchParams({ email: 'x@example.test', password: 'whatever-it-is' });
	const foreign = await request.post('/login', {
		headers: { ...form, origin: 'https://evil.example' },
		data: body.toString(),
		maxRedirects: 0
	});
	expect(foreign.status()).toBe(403);
	expect(await foreign.text()).toMatch(/Cross-site POST form submissions are forbidden/);

	// No Origin at all (what a server-to-server webhook sends) is refused too.
	const anonymous = await request.post('/login', { headers: form, data: body.toString() });
	expect(anonymous.status()).toBe(403);

	// The same form from the app's own origin reaches the action (wrong password: 400).
	const own = await request.post('/login', {
		headers: { ...form, origin: baseURL! },
		data: body.toString(),
		maxRedirects: 0
	});
	expect(own.status()).toBe(400);
});

test('the Mollie webhook, and only it, takes an origin-less form post', async ({ request }) => {
	const webhook = await request.post('/api/webhooks/mollie', {
		headers: { ...form, 'user-agent': 'Mollie HTTP client/1.0' },
		data: 'id=tr_unknown12345'
	});
	expect(webhook.status()).toBe(200);
	expect(await webhook.text()).toBe('');
	// A neighbouring path or another method is not exempt.
	const neighbour = await request.post('/api/webhooks/mollie/x', {
		headers: form,
		data: 'id=tr_1'
	});
	expect(neighbour.status()).toBe(403);
	const put = await request.put('/api/webhooks/mollie', { headers: form, data: 'id=tr_1' });
	expect(put.status()).toBe(403);
});

test('the offline page is a prerendered static asset', async ({ page, request }) => {
	// adapter-cloudflare writes prerendered pages next to the Worker as static assets.
	expect(
		['offline.html', 'offline/index.html'].some((f) => existsSync(`.svelte-kit/cloudflare/${f}`))
	).toBe(true);
	const res = await request.get('/offline');
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toMatch(/^text\/html/);
	// Served by the assets binding (an ETag, no per-user cache header), not rendered per request.
	expect(res.headers()['etag']).toBeTruthy();
	expect(res.headers()['cache-control']).not.toBe('private, no-store');

	await page.goto('/offline');
	await expect(page.getByRole('heading', { name: 'You are offline' })).toBeVisible();
});

// The app Worker has no PDF or QR code (tests/edge/bundle.spec.ts): this PDF and the page's QR
// code can only come from the documents Worker, through the DOCUMENTS service binding (preview-edge
// runs both). So do the customers' CSV rows above and the UBL's XML below.
test('an invoice PDF and its QR code are made in workerd by the documents Worker (pdf-lib, fontkit, Inter)', async ({
	page
}) => {
	await signUp(page);
	await page.goto('/settings');
	await page.getByLabel('IBAN').fill('BE68 5390 0754 7034');
	await page.getByRole('button', { name: 'Save company details' }).click();
	await expect(page.getByLabel('IBAN')).toHaveValue('BE68 5390 0754 7034');
	await page.goto('/customers/new');
	await page.getByLabel('Name (company or person)').fill('Brouwerij Ĳzerman');
	await page.getByLabel('Language of documents').selectOption('nl');
	await page.getByRole('button', { name: 'Create customer' }).click();
	await expect(page.getByText('Customer saved.')).toBeVisible();
	await page.goto('/invoices/new');
	await page.getByLabel('Customer').selectOption({ label: 'Brouwerij Ĳzerman' });
	await page.getByLabel('Description line 1').fill('Crème brûlée à la façade');
	await page.getByLabel('Quantity line 1').fill('2');
	await page.getByLabel('Unit price excl. VAT line 1').fill('100');
	await page.getByRole('button', { name: 'Save draft' }).click();
	await page.getByRole('button', { name: 'Finalize and number' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Invoice \d{4}-0001$/);
	const number = (await page.getByRole('heading', { level: 1 }).textContent())!.slice(8);
	// The page's EPC QR code: also made by the documents Worker (qrcode isn't in the app Worker).
	const qr = page.getByRole('img', { name: 'QR code to pay the open amount by bank transfer' });
	await expect(qr.locator('svg path').first()).toBeAttached();

	const res = await page.request.get(`${page.url()}/pdf`);
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toBe('application/pdf');
	expect(res.headers()['content-disposition']).toBe(`attachment; filename="${number}.pdf"`);
	expect(res.headers()['cache-control']).toBe('private, no-store');
	const file = join(mkdtempSync(join(tmpdir(), 'acquit-edge-pdf-')), 'invoice.pdf');
	writeFileSync(file, await res.body());
	const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], {
		encoding: 'utf8'
	})
		.replace(/[\u00a0\u202f]/g, ' ')
		.replace(/ +/g, ' ');
	expect(text).toContain(`Factuur`);
	expect(text).toContain(number);
	expect(text).toContain('Brouwerij Ĳzerman');
	expect(text).toContain('Crème brûlée à la façade');
	expect(text).toContain('Totaal incl. btw € 242,00');
	expect(text).toContain('BE68 5390 0754 7034');
});

test('security headers and body limits hold in workerd too', async ({ request, page, baseURL }) => {
	// Rendered by the Worker (its hooks) and served from the assets binding (`_headers`).
	// The pay route's own answer included (an unknown token here: the Worker has no pay-link key).
	for (const path of ['/login', '/offline', '/manifest.webmanifest', `/pay/${'a'.repeat(32)}`]) {
		const h = (await request.get(path)).headers();
		expect(h['x-frame-options'], path).toBe('DENY');
		expect(h['x-content-type-options'], path).toBe('nosniff');
		expect(h['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
		expect(h['permissions-policy'], path).toContain('camera=()');
	}
	const csp = (await request.get('/login')).headers()['content-security-policy'];
	expect(csp).toContain("frame-ancestors 'none'");
	expect(csp).toMatch(/script-src 'self' 'sha256-[^']+' 'nonce-[^']+'/);
	expect(csp).toMatch(/form-action 'self' /);

	// The login page hydrates under that policy: no violation, the keep-typed recorder allowed.
	await page.addInitScript(() => {
		const w = window as unknown as { cspViolations: string[] };
		w.cspViolations = [];
		document.addEventListener('securitypolicyviolation', (e) =>
			w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`)
		);
	});
	await page.goto('/login');
	await page.waitForFunction(() => 'cspViolations' in window && !('__acquitTyped' in window));
	expect(
		await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)
	).toEqual([]);

	const big = await request.post('/api/webhooks/mollie', {
		headers: form,
		data: `id=tr_1&pad=${'x'.repeat(50_000)}`
	});
	expect(big.status()).toBe(413);
	const login = await request.post('/login', {
		headers: { ...form, origin: baseURL! },
		data: `email=a%40example.test&password=${'x'.repeat(1024 * 1024)}`,
		maxRedirects: 0
	});
	expect(login.status()).toBe(413);
});

test('Peppol in workerd: the UBL downloads, the invoice is sent through the access point and delivered', async ({
	page
}) => {
	// The generator and its lazily imported XML library run inside the Worker; so does the
	// access point's SDK, against the sandbox the preview started (its webhook signed, verified
	// here with Web Crypto).
	test.setTimeout(180_000);
	const { email } = await signUp(page);
	// The access point lists the company's identifier (its onboarding) and knows the customer.
	const control = (path: string, data: unknown) =>
		page.request.post(`${peppolSandbox}/_sandbox${path}`, { data });
	expect(
		(
			await control('/tenants/peppol-sandbox-key/peppol-ids', { peppol_id: '0208:0123456749' })
		).status()
	).toBe(201);
	expect((await control('/participants', { peppol_id: '0208:0987654394' })).ok()).toBe(true);
	await page.goto('/settings');
	await page.getByLabel('VAT number').fill('BE0123456749');
	await page.getByLabel('IBAN').fill('BE68 5390 0754 7034');
	await page.getByRole('button', { name: 'Save company details' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Company details saved.' })
	).toBeVisible();
	await page.goto('/customers/new');
	await page.getByLabel('Name (company or person)').fill('Bakkerij Peeters BV');
	await page.getByLabel('VAT number').fill('BE0987654394');
	await page.getByRole('button', { name: 'Create customer' }).click();
	await expect(page.getByText('Customer saved.')).toBeVisible();
	await page.goto('/invoices/new');
	await page.getByLabel('Customer').selectOption({ label: 'Bakkerij Peeters BV' });
	await page.getByLabel('Description line 1').fill('Croissants & pistolets');
	await page.getByLabel('Quantity line 1').fill('2');
	await page.getByLabel('Unit price excl. VAT line 1').fill('10');
	await page.getByRole('button', { name: 'Save draft' }).click();
	await page.getByRole('button', { name: 'Finalize and number' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Invoice \d{4}-\d{4}$/);
	const href = await page
		.getByRole('link', { name: 'Download e-invoice (UBL)' })
		.getAttribute('href');
	const res = await page.request.get(href!);
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toBe('application/xml; charset=utf-8');
	const xml = await res.text();
	expect(xml).toContain('<cbc:EndpointID schemeID="0208">0987654394</cbc:EndpointID>');
	expect(xml).toContain('Croissants &amp; pistolets');
	expect(xml).toMatch(/<cbc:PayableAmount currencyID="EUR">24\.20<\/cbc:PayableAmount>/);

	// Sending waits for a confirmed address: the link mailed at sign-up.
	const invoiceUrl = page.url();
	await expect
		.poll(() => smtp.received.filter((m) => m.envelope.to.includes(email)).length, {
			timeout: 20_000
		})
		.toBeGreaterThan(0);
	const confirmation = await simpleParser(
		smtp.received.find((m) => m.envelope.to.includes(email))!.raw
	);
	await page.goto(/http:\/\/\S+\/confirm-email\/[a-z2-7]{32}/.exec(confirmation.text ?? '')![0]);
	await page.getByRole('button', { name: 'Confirm my address' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Your email address is confirmed.' })
	).toBeVisible();

	await page.goto('/settings/peppol');
	await page.getByRole('button', { name: 'Check registration' }).click();
	await expect(page.locator('p.status')).toHaveText(
		'Registered: you can send and receive e-invoices.'
	);

	await page.goto(invoiceUrl);
	await page.getByRole('button', { name: 'Send via Peppol' }).click();
	await expect(page.getByText('Handed to the Peppol network.', { exact: false })).toBeVisible();
	await expect(page.locator('.peppol-state')).toHaveText('Delivered via Peppol', {
		timeout: 60_000
	});
	// The access point holds what the Worker sent: the UBL with the embedded PDF.
	const state = (await (await page.request.get(`${peppolSandbox}/_sandbox/state`)).json()) as {
		documents: { direction: string; state: string; xml: string }[];
	};
	const sent = state.documents.filter((d) => d.direction === 'OUTBOUND');
	expect(sent.map((d) => d.state)).toEqual(['SENT']);
	expect(sent[0]!.xml).toContain('mimeCode="application/pdf"');
});

test('confirmation and reset mail leave the Worker over cloudflare:sockets; their links work once', async ({
	page
}) => {
	const { email } = await signUp(page, { name: 'Lien Peeters' });
	await logOut(page);
	await page.goto('/forgot-password');
	await page.getByLabel('Email').fill(email);
	await page.getByRole('button', { name: 'Send reset link' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'If an account exists' })).toBeVisible();

	// Sent after the response (waitUntil) by the SMTP client over workerd's TCP sockets.
	const forUser = () => smtp.received.filter((m) => m.envelope.to.includes(email));
	// (The first one, sent at sign-up, confirms the address: used at the end.)
	await expect.poll(() => forUser().length, { timeout: 20_000 }).toBe(2);
	const [confirmation, mail] = await Promise.all(forUser().map((m) => simpleParser(m.raw)));
	expect(confirmation.subject).toBe('Confirm your email address for Acquit');
	expect(forUser()[1].envelope.from).toBe('account@acquit.test');
	expect(mail.from?.value[0]).toEqual({ address: 'account@acquit.test', name: 'Acquit' });
	expect(mail.subject).toBe('Reset your Acquit password');
	expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@acquit\.test>$/);
	expect(String(mail.html)).toContain('<html lang="en">');
	const link = /http:\/\/\S+\/reset-password\/[a-z2-7]{32}/.exec(mail.text ?? '')?.[0];
	expect(link).toBeTruthy();

	await page.goto(link!);
	await page.getByLabel('New password', { exact: true }).fill('a brand new password');
	await page.getByLabel('Repeat new password').fill('a brand new password');
	await page.getByRole('button', { name: 'Save new password' }).click();
	await expect(page).toHaveURL(/\/dashboard$/);
	await page.goto(link!);
	await expect(page.getByRole('alert')).toHaveText(
		'This reset link is invalid, has already been used or has expired.'
	);

	// Issue 12: the address confirms in workerd too (the claim and the account in one batch).
	const confirm = /http:\/\/\S+\/confirm-email\/[a-z2-7]{32}/.exec(confirmation.text ?? '')?.[0];
	await page.goto(confirm!);
	await page.getByRole('button', { name: 'Confirm my address' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Your email address is confirmed.' })
	).toBeVisible();
});
