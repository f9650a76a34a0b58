import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from '@playwright/test';
import { Client } from 'mollie-api-typescript';
import { startSandbox, type RunningSandbox } from '../../sandbox/mollie/server.ts';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET, SEED } from '../../sandbox/mollie/seed.ts';
import type { WebhookDelivery } from '../../sandbox/mollie/types.ts';

// Drives the Mollie sandbox's own pages (authorize + test checkout) in a real browser.
// Independent of the app's baseURL: the sandbox and a tiny callback/webhook receiver are
// started here on free ports, and every page.goto uses an absolute URL.

let sandbox: RunningSandbox;
let receiver: Server;
let receiverUrl = '';
const webhookHits: string[] = [];

test.beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	receiver = createServer((req, res) => {
		let body = '';
		req.on('data', (c: Buffer) => (body += c.toString()));
		req.on('end', () => {
			if (req.method === 'POST') webhookHits.push(body);
			res.writeHead(200, { 'Content-Type': 'text/html' });
			res.end('<!doctype html><title>Back at the app</title><h1>Back at the app</h1>');
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
	await sandbox?.close();
	await new Promise<void>((resolve) => {
		receiver.closeAllConnections();
		receiver.close(() => resolve());
	});
});

test('authorize via the consent page, then pay through the test checkout', async ({ page }) => {
	// 1. OAuth consent: pick the organization with two profiles, approve.
	const callback = `${receiverUrl}/apps/mollie/callback`;
	const authorize = new URL(`${sandbox.url}/oauth2/authorize`);
	authorize.search = new URLSearchParams({
		client_id: DEV_CLIENT_ID,
		redirect_uri: callback,
		state: 'e2e-state',
		scope: 'organizations.read profiles.read payments.read payments.write',
		response_type: 'code',
		approval_prompt: 'auto'
	}).toString();
	await page.goto(authorize.href);
	await expect(page.getByRole('heading', { name: /Connect Acquit/ })).toBeVisible();
	await expect(page.getByText('payments.write')).toBeVisible();
	const picker = page.getByRole('group', { name: 'Organization' });
	await picker.getByLabel('Boulangerie Dupont SRL').check();
	await page.getByRole('button', { name: 'Approve' }).click();
	await expect(page.getByRole('heading', { name: 'Back at the app' })).toBeVisible();
	const redirected = new URL(page.url());
	expect(redirected.pathname).toBe('/apps/mollie/callback');
	expect(redirected.searchParams.get('state')).toBe('e2e-state');
	const code = redirected.searchParams.get('code');
	expect(code).toMatch(/^auth_/);

	// 2. Exchange the code and create a test-mode payment with the SDK.
	const tokens = await new Client({ serverURL: sandbox.url }).oauth.generate(
		{ username: DEV_CLIENT_ID, password: DEV_CLIENT_SECRET },
		{
			requestBody: { grantType: 'authorization_code', code: code as string, redirectUri: callback }
		}
	);
	const mollie = new Client({
		serverURL: sandbox.url,
		security: { oAuth: tokens.accessToken as string },
		profileId: SEED.dupontWeb,
		testmode: true
	});
	const payment = await mollie.payments.create({
		paymentRequest: {
			amount: { currency: 'EUR', value: '42.00' },
			description: 'Invoice E2E-1',
			redirectUrl: `${receiverUrl}/return`,
			webhookUrl: `${receiverUrl}/webhooks/mollie`
		}
	});

	// 3. Test checkout: choose a method, then the final status.
	await page.goto(payment.links.checkout?.href as string);
	await page.getByRole('group', { name: 'Payment method' }).getByLabel('Bancontact').check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByText('This is a test mode payment')).toBeVisible();
	await page.getByRole('group', { name: 'Final payment status' }).getByLabel('Paid').check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('heading', { name: 'Back at the app' })).toBeVisible();
	expect(new URL(page.url()).pathname).toBe('/return');

	// 4. The payment is paid and the webhook reached the receiver.
	const paid = await mollie.payments.get({ paymentId: payment.id });
	expect(paid.status).toBe('paid');
	expect(paid.method).toBe('bancontact');
	await expect
		.poll(async () => {
			const res = await fetch(`${sandbox.url}/_sandbox/webhooks?resourceId=${payment.id}`);
			const log = (await res.json()) as { deliveries: WebhookDelivery[] };
			return log.deliveries.map((d) => `${d.state}:${d.attempts[0]?.responseStatus}`);
		})
		.toEqual(['delivered:200']);
	expect(webhookHits).toContain(`id=${payment.id}`);
});
