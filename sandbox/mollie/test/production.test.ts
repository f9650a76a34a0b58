import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server.ts';
import { unreachableHost } from '../payments.ts';
import {
	BASIC,
	CALLBACK,
	SEED,
	authorize,
	connect,
	control,
	keyClient,
	oauthClient,
	paymentInput,
	rejects,
	start,
	tokenClient,
	waitFor
} from './helpers.ts';

/**
 * Where real Mollie is stricter than a lenient local sandbox (issue 11). Each test fails against
 * the sandbox as it was, so an app that relied on the leniency would be caught.
 */

describe('strict mode: webhook URLs Mollie cannot reach are refused', () => {
	let sb: RunningSandbox;
	beforeAll(async () => {
		sb = await start({ clockSpeed: 0, strict: true, webhookAllow: ['127.0.0.1'] });
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.store.reset(sb.clock.now()));

	it.each([
		'http://localhost:5173/api/webhooks/mollie',
		'http://10.0.0.5/hook',
		'http://192.168.1.20:8080/hook',
		'http://172.20.0.2/hook',
		'http://[::1]:8787/hook',
		'https://acquit.local/hook',
		'https://acquit.test/hook',
		'http://intranet/hook'
	])('%s → 422 on webhookUrl', async (webhookUrl) => {
		const e = await rejects(
			() => keyClient(sb).payments.create({ paymentRequest: paymentInput({ webhookUrl }) }),
			422
		);
		expect(e.field).toBe('webhookUrl');
		expect(e.detail).toContain('unreachable');
	});

	it('accepts public hosts and the explicit allowlist (the test harness)', async () => {
		const c = keyClient(sb);
		for (const webhookUrl of [
			'https://acquit.example/api/webhooks/mollie',
			'http://127.0.0.1:4173/api/webhooks/mollie'
		]) {
			const p = await c.payments.create({ paymentRequest: paymentInput({ webhookUrl }) });
			expect(p.webhookUrl).toBe(webhookUrl);
		}
	});

	it('accepts exactly the registered redirect URI, not any local callback', async () => {
		await expect(authorize(sb, { redirectUri: CALLBACK })).resolves.toBeInstanceOf(URL);
		await expect(
			authorize(sb, { redirectUri: 'http://127.0.0.1:9999/apps/mollie/callback' })
		).rejects.toThrow('authorize page 400');
	});
});

describe('lenient (default) mode keeps local development easy', () => {
	let sb: RunningSandbox;
	beforeAll(async () => {
		sb = await start({ clockSpeed: 0 });
	});
	afterAll(() => sb.close());

	it('accepts a localhost webhook and any local callback port', async () => {
		const p = await keyClient(sb).payments.create({
			paymentRequest: paymentInput({ webhookUrl: 'http://localhost:5173/api/webhooks/mollie' })
		});
		expect(p.webhookUrl).toContain('localhost');
		await expect(
			authorize(sb, { redirectUri: 'http://127.0.0.1:9999/apps/mollie/callback' })
		).resolves.toBeInstanceOf(URL);
	});

	it('classifies hosts like Mollie would', () => {
		expect(unreachableHost('acquit.be')).toBe(false);
		expect(unreachableHost('8.8.8.8')).toBe(false);
		expect(unreachableHost('172.32.0.1')).toBe(false);
		expect(unreachableHost('127.0.0.1')).toBe(true);
		expect(unreachableHost('fd00::1')).toBe(true);
	});
});

describe('methods, onboarding and webhooks like Mollie', () => {
	let sb: RunningSandbox;
	let target: Server;
	let hits: { path: string; body: string }[] = [];
	beforeAll(async () => {
		sb = await start({ clockSpeed: 0 });
		// A receiver that moved: 308 to its new path, which answers 200.
		target = createServer((req, res) => {
			let body = '';
			req.on('data', (c: Buffer) => (body += c.toString()));
			req.on('end', () => {
				hits.push({ path: req.url ?? '', body });
				if (req.url === '/old') res.writeHead(308, { Location: '/new' }).end();
				else res.writeHead(200).end('ok');
			});
		});
		await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
	});
	afterAll(async () => {
		await sb.close();
		target.closeAllConnections();
		await new Promise((r) => target.close(r));
	});
	beforeEach(() => {
		sb.store.reset(sb.clock.now());
		hits = [];
	});

	it('live mode lists no method until methods are activated on the profile', async () => {
		const { accessToken } = await connect(sb);
		const live = oauthClient(sb, accessToken, { profileId: SEED.dupontShop, testmode: false });
		const q = { amount: { currency: 'EUR', value: '10.00' } };
		expect((await live.methods.list(q)).embedded.methods).toHaveLength(0);
		const test = oauthClient(sb, accessToken, { profileId: SEED.dupontShop, testmode: true });
		expect((await test.methods.list(q)).embedded.methods.length).toBeGreaterThan(0);

		await control(sb, 'POST', `/profiles/${SEED.dupontShop}/methods`, {
			methods: ['bancontact', 'creditcard']
		});
		const methods = (await live.methods.list(q)).embedded.methods;
		expect(methods.map((m) => m.id).sort()).toEqual(['bancontact', 'creditcard']);
		expect(methods.every((m) => m.status === 'activated')).toBe(true);
	});

	it('onboarding moves forward with the control: needs-data → in-review → completed', async () => {
		const { accessToken } = await connect(sb, { organization: SEED.pending });
		const c = oauthClient(sb, accessToken);
		expect((await c.onboarding.get()).status).toBe('needs-data');
		await control(sb, 'POST', `/organizations/${SEED.pending}/onboarding`, {});
		expect((await c.onboarding.get()).status).toBe('in-review');
		await control(sb, 'POST', `/organizations/${SEED.pending}/onboarding`, {});
		const done = await c.onboarding.get();
		expect(done).toMatchObject({ status: 'completed', canReceivePayments: true });
	});

	it('webhooks follow a 307/308 redirect with the same POST body', async () => {
		const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/old`;
		const p = await keyClient(sb).payments.create({
			paymentRequest: paymentInput({ webhookUrl: url })
		});
		await control(sb, 'POST', `/payments/${p.id}/status`, { status: 'paid' });
		await waitFor(() => (hits.length === 2 ? true : undefined));
		expect(hits).toEqual([
			{ path: '/old', body: `id=${p.id}` },
			{ path: '/new', body: `id=${p.id}` }
		]);
	});
});

describe('item 9: bank transfer details, manual capture, refresh redirect_uri (SDK)', () => {
	let sb: RunningSandbox;
	beforeAll(async () => {
		sb = await start({ clockSpeed: 0 });
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.store.reset(sb.clock.now()));

	/** ISO 11649: move RFxx to the end, letters to numbers, mod 97 must be 1. */
	function validCreditorReference(ref: string): boolean {
		const compact = ref.replaceAll('-', '');
		const moved = `${compact.slice(4)}${compact.slice(0, 4)}`.replace(/[A-Z]/g, (ch) =>
			String(ch.charCodeAt(0) - 55)
		);
		return /^RF\d{2}\d+$/.test(compact) && BigInt(moved) % 97n === 1n;
	}

	it('a bank transfer payment carries bankName, bankAccount, bankBic and transferReference', async () => {
		const c = keyClient(sb);
		const p = await c.payments.create({ paymentRequest: paymentInput({ method: 'banktransfer' }) });
		expect(p.status).toBe('open');
		const d = p.details!;
		expect(d.bankName).toBe('Stichting Mollie Payments');
		expect(d.bankAccount).toMatch(/^[A-Z]{2}\d{2}[A-Z0-9]+$/);
		expect(d.bankBic).toMatch(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/);
		expect(validCreditorReference(d.transferReference!)).toBe(true);
		expect(p.links.status?.href).toBeTruthy();
		expect(p.links.payOnline?.href).toBeTruthy();
		// The same reference on every read; none of the old names.
		const again = await c.payments.get({ paymentId: p.id });
		expect(again.details?.transferReference).toBe(d.transferReference);
		expect(Object.keys(again.details ?? {}).sort()).toEqual([
			'bankAccount',
			'bankBic',
			'bankName',
			'transferReference'
		]);

		// Chosen at checkout instead: the details appear from then on.
		const open = await c.payments.create({ paymentRequest: paymentInput() });
		expect(open.details ?? null).toBeNull();
		await fetch(`${sb.url}/checkout/${open.id}/method`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: 'method=banktransfer',
			redirect: 'manual'
		});
		const chosen = await c.payments.get({ paymentId: open.id });
		expect(chosen.method).toBe('banktransfer');
		expect(validCreditorReference(chosen.details!.transferReference!)).toBe(true);
		expect(chosen.details!.transferReference).not.toBe(d.transferReference);
	});

	it('authorized only with captureMode: manual; a hold is captured (paid) only after it', async () => {
		const c = keyClient(sb);
		const auto = await c.payments.create({
			paymentRequest: paymentInput({ method: 'creditcard' })
		});
		const refused = await control<{ field: string; detail: string }>(
			sb,
			'POST',
			`/payments/${auto.id}/status`,
			{ status: 'authorized' }
		);
		expect(refused.status).toBe(422);
		expect(refused.body.detail).toContain('captureMode: manual');
		expect((await c.payments.get({ paymentId: auto.id })).status).toBe('open');

		const hold = await c.payments.create({
			paymentRequest: paymentInput({ method: 'creditcard', captureMode: 'manual' })
		});
		expect(
			(await control(sb, 'POST', `/payments/${hold.id}/status`, { status: 'paid' })).status
		).toBe(422);
		expect(
			(await control(sb, 'POST', `/payments/${hold.id}/status`, { status: 'authorized' })).status
		).toBe(200);
		expect(
			(await control(sb, 'POST', `/payments/${hold.id}/status`, { status: 'paid' })).status
		).toBe(200);

		// Methods that cannot hold funds are refused, as an invalid capture mode is.
		const e = await rejects(
			() =>
				c.payments.create({
					paymentRequest: paymentInput({ method: 'bancontact', captureMode: 'manual' })
				}),
			422
		);
		expect(e.field).toBe('captureMode');
	});

	it('refresh repeats the redirect_uri the code exchange sent', async () => {
		const { refreshToken } = await connect(sb);
		const missing = await rejects(
			() =>
				tokenClient(sb).oauth.generate(BASIC, {
					requestBody: { grantType: 'refresh_token', refreshToken }
				}),
			400
		);
		expect(JSON.parse(missing.body).error).toBe('invalid_request');
		const other = await rejects(
			() =>
				tokenClient(sb).oauth.generate(BASIC, {
					requestBody: {
						grantType: 'refresh_token',
						refreshToken,
						redirectUri: 'http://127.0.0.1:5173/elsewhere'
					}
				}),
			400
		);
		expect(JSON.parse(other.body).error).toBe('invalid_grant');
		const t = await tokenClient(sb).oauth.generate(BASIC, {
			requestBody: { grantType: 'refresh_token', refreshToken, redirectUri: CALLBACK }
		});
		expect(t.accessToken).toMatch(/^access_/);
	});
});
