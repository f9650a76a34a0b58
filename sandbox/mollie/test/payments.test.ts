import { describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server.ts';
import {
	SEED,
	connect,
	control,
	keyClient,
	oauthClient,
	paymentInput,
	raw,
	rejects,
	useSandbox
} from './helpers.ts';

let sb: RunningSandbox;
useSandbox((s) => (sb = s));

describe('payments with an API key', () => {
	it('creates a payment with every documented field and link', async () => {
		const c = keyClient(sb);
		const p = await c.payments.create({
			paymentRequest: paymentInput({
				cancelUrl: 'https://acquit.example/cancel',
				webhookUrl: 'https://acquit.example/webhooks/mollie',
				metadata: { invoiceId: 'inv_1' },
				method: 'ideal',
				locale: 'nl_BE'
			})
		});
		expect(p).toMatchObject({
			resource: 'payment',
			mode: 'test',
			status: 'open',
			amount: { currency: 'EUR', value: '12.50' },
			description: 'Invoice 2024-001',
			method: 'ideal',
			metadata: { invoiceId: 'inv_1' },
			profileId: SEED.dupontShop,
			sequenceType: 'oneoff',
			isCancelable: true,
			locale: 'nl_BE',
			cancelUrl: 'https://acquit.example/cancel'
		});
		expect(p.id).toMatch(/^tr_[A-Za-z0-9]{10}$/);
		expect(p.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
		// iDEAL payments expire after 15 minutes.
		expect(Date.parse(p.expiresAt as string) - Date.parse(p.createdAt)).toBe(15 * 60_000);
		expect(p.links.self.href).toBe(`${sb.url}/v2/payments/${p.id}`);
		expect(p.links.checkout?.href).toBe(`${sb.url}/checkout/${p.id}`);
		expect(p.links.dashboard.href).toContain(p.id);
		expect(p.links.changePaymentState?.href).toBeTruthy();
		expect(p.links.documentation?.href).toMatch(/docs\.mollie\.com/);
		const res = await raw(sb, 'GET', `/v2/payments/${p.id}`, undefined);
		expect(res.contentType).toBe('application/hal+json');
	});

	it('per-method expiry: card 30 min, Bancontact 1 h, PayPal 72 h', async () => {
		const c = keyClient(sb);
		for (const [method, ms] of [
			['creditcard', 30 * 60_000],
			['bancontact', 3_600_000],
			['paypal', 72 * 3_600_000]
		] as const) {
			const p = await c.payments.create({ paymentRequest: paymentInput({ method }) });
			expect(Date.parse(p.expiresAt as string) - Date.parse(p.createdAt)).toBe(ms);
		}
	});

	it('gets, updates and cancels', async () => {
		const c = keyClient(sb);
		const p = await c.payments.create({ paymentRequest: paymentInput() });
		const got = await c.payments.get({ paymentId: p.id });
		expect(got.id).toBe(p.id);
		const upd = await c.payments.update({
			paymentId: p.id,
			requestBody: {
				description: 'Updated',
				metadata: { n: 2 },
				webhookUrl: 'https://acquit.example/wh'
			}
		});
		expect(upd).toMatchObject({
			description: 'Updated',
			metadata: { n: 2 },
			webhookUrl: 'https://acquit.example/wh'
		});
		const canceled = await c.payments.cancel({ paymentId: p.id });
		expect(canceled.status).toBe('canceled');
		expect(canceled.canceledAt).toBeTruthy();
		expect(canceled.isCancelable).toBe(false);
		expect(canceled.links.checkout).toBeUndefined();
		const err = await rejects(() => c.payments.cancel({ paymentId: p.id }), 422);
		expect(err.name).toBe('ErrorResponse');
		const err2 = await rejects(
			() =>
				c.payments.update({
					paymentId: p.id,
					requestBody: { redirectUrl: 'https://acquit.example/x' }
				}),
			422
		);
		expect(err2.field).toBe('redirectUrl');
	});

	it('paid payments expose amounts and lose their checkout link', async () => {
		const c = keyClient(sb);
		const p = await c.payments.create({ paymentRequest: paymentInput({ method: 'bancontact' }) });
		await control(sb, 'POST', `/payments/${p.id}/status`, { status: 'paid' });
		const paid = await c.payments.get({ paymentId: p.id });
		expect(paid).toMatchObject({
			status: 'paid',
			amountRefunded: { currency: 'EUR', value: '0.00' },
			amountRemaining: { currency: 'EUR', value: '12.50' },
			isCancelable: false
		});
		expect(paid.paidAt).toBeTruthy();
		expect(paid.amountChargedBack).toBeUndefined();
		expect(paid.links.checkout).toBeUndefined();
		expect(paid.links.changePaymentState).toBeUndefined();
		const rawPaid = await raw(sb, 'GET', `/v2/payments/${p.id}`, undefined);
		expect(rawPaid.body.settlementAmount).toEqual({ currency: 'EUR', value: '12.50' });
		const html = await fetch(`${sb.url}/checkout/${p.id}`);
		expect(html.status).toBe(410);
	});

	it('honours Idempotency-Key: a repeated request returns the first response, another body is a 400', async () => {
		const c = keyClient(sb);
		const a = await c.payments.create({ idempotencyKey: 'key-1', paymentRequest: paymentInput() });
		const b = await c.payments.create({ idempotencyKey: 'key-1', paymentRequest: paymentInput() });
		expect(b.id).toBe(a.id);
		// Mollie: the same key for requests with different parameters is a 400 Bad Request.
		await rejects(
			() =>
				c.payments.create({
					idempotencyKey: 'key-1',
					paymentRequest: paymentInput({ description: 'other' })
				}),
			400
		);
		const d = await c.payments.create({ idempotencyKey: 'key-2', paymentRequest: paymentInput() });
		expect(d.id).not.toBe(a.id);
	});

	it('lists with limit, sort and cursors (SDK pagination)', async () => {
		const c = keyClient(sb);
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) {
			ids.push(
				(await c.payments.create({ paymentRequest: paymentInput({ description: `P${i}` }) })).id
			);
		}
		const first = await c.payments.list({ limit: 2 });
		expect(first.result.count).toBe(2);
		expect(first.result.embedded.payments?.map((p) => p.id)).toEqual([ids[4], ids[3]]);
		expect(first.result.links.previous).toBeNull();
		expect(first.result.links.next?.href).toContain(`from=${ids[2]}`);
		const seen: string[] = [];
		for await (const page of await c.payments.list({ limit: 2 })) {
			seen.push(...(page.result.embedded.payments ?? []).map((p) => p.id));
		}
		expect(seen).toEqual([...ids].reverse());
		const asc = await c.payments.list({ sort: 'asc', limit: 250 });
		expect(asc.result.embedded.payments?.map((p) => p.id)).toEqual(ids);
		const fromPage = await c.payments.list({ from: ids[2], limit: 2 });
		expect(fromPage.result.embedded.payments?.map((p) => p.id)).toEqual([ids[2], ids[1]]);
		expect(fromPage.result.links.previous?.href).toContain(`from=${ids[4]}`);
		for (const limit of [0, 251]) {
			const err = await rejects(() => c.payments.list({ limit }), 400);
			expect(err.field).toBe('limit');
		}
	});

	it('test and live mode are separate (404 across modes)', async () => {
		const test = keyClient(sb, SEED.testKey);
		const live = keyClient(sb, SEED.liveKey);
		const p = await test.payments.create({ paymentRequest: paymentInput() });
		const err = await rejects(() => live.payments.get({ paymentId: p.id }), 404);
		expect(err.name).toBe('ErrorResponse');
		const lp = await live.payments.create({ paymentRequest: paymentInput() });
		expect(lp.mode).toBe('live');
		expect(lp.links.changePaymentState).toBeUndefined();
		expect((await live.payments.list({})).result.count).toBe(1);
		expect((await test.payments.list({})).result.count).toBe(1);
	});

	it('profileId must not be sent with an API key (422)', async () => {
		const err = await rejects(
			() =>
				keyClient(sb).payments.create({
					paymentRequest: paymentInput({ profileId: SEED.dupontShop })
				}),
			422
		);
		expect(err.field).toBe('profileId');
	});

	it('unknown ids are 404', async () => {
		const err = await rejects(
			() => keyClient(sb).payments.get({ paymentId: 'tr_unknown123' }),
			404
		);
		expect(err.detail).toContain('tr_unknown123');
		await rejects(() => keyClient(sb).payments.cancel({ paymentId: 'tr_unknown123' }), 404);
	});

	it('open payments expire on the sandbox clock (and via the control API)', async () => {
		const c = keyClient(sb);
		const p = await c.payments.create({ paymentRequest: paymentInput({ method: 'ideal' }) });
		sb.clock.advance(15 * 60_000 + 1);
		const expired = await c.payments.get({ paymentId: p.id });
		expect(expired.status).toBe('expired');
		expect(expired.expiredAt).toBeTruthy();
		expect(expired.links.checkout).toBeUndefined();
		const q = await c.payments.create({ paymentRequest: paymentInput() });
		expect((await control(sb, 'POST', `/payments/${q.id}/expire`)).status).toBe(200);
		expect((await c.payments.get({ paymentId: q.id })).status).toBe('expired');
	});

	it('follows Mollie status transitions through the control API', async () => {
		const c = keyClient(sb);
		const p = await c.payments.create({
			paymentRequest: paymentInput({ method: 'creditcard', captureMode: 'manual' })
		});
		expect(
			(await control(sb, 'POST', `/payments/${p.id}/status`, { status: 'pending' })).status
		).toBe(200);
		expect(
			(await control(sb, 'POST', `/payments/${p.id}/status`, { status: 'authorized' })).status
		).toBe(200);
		const a = await c.payments.get({ paymentId: p.id });
		expect(a).toMatchObject({ status: 'authorized', isCancelable: true });
		expect(a.authorizedAt).toBeTruthy();
		expect((await control(sb, 'POST', `/payments/${p.id}/status`, { status: 'paid' })).status).toBe(
			200
		);
		const bad = await control<{ field: string }>(sb, 'POST', `/payments/${p.id}/status`, {
			status: 'open'
		});
		expect(bad.status).toBe(422);
		expect(bad.body.field).toBe('status');
	});
});

describe('payments with OAuth', () => {
	it('requires profileId on create and list (422) and uses testmode for mode', async () => {
		const { accessToken } = await connect(sb);
		const bare = oauthClient(sb, accessToken);
		const e1 = await rejects(() => bare.payments.create({ paymentRequest: paymentInput() }), 422);
		expect(e1.field).toBe('profileId');
		const e2 = await rejects(() => bare.payments.list({}), 422);
		expect(e2.statusCode).toBe(422);
		expect(JSON.parse(e2.body).field).toBe('profileId');

		const c = oauthClient(sb, accessToken, { profileId: SEED.dupontWeb, testmode: true });
		const p = await c.payments.create({ paymentRequest: paymentInput() });
		expect(p).toMatchObject({ mode: 'test', profileId: SEED.dupontWeb });
		expect((await c.payments.get({ paymentId: p.id })).id).toBe(p.id);
		// Same token in live mode cannot see the test payment.
		const live = oauthClient(sb, accessToken, { profileId: SEED.dupontWeb });
		await rejects(() => live.payments.get({ paymentId: p.id }), 404);
		expect((await live.payments.list({})).result.count).toBe(0);
		// The other profile's list doesn't show it.
		const other = oauthClient(sb, accessToken, { profileId: SEED.dupontShop, testmode: true });
		expect((await other.payments.list({})).result.count).toBe(0);
		expect((await c.payments.list({})).result.count).toBe(1);
	});

	it('rejects profiles of other organizations and live payments before onboarding', async () => {
		const { accessToken } = await connect(sb);
		const c = oauthClient(sb, accessToken, { profileId: SEED.studioProfile, testmode: true });
		const e = await rejects(() => c.payments.create({ paymentRequest: paymentInput() }), 422);
		expect(e.field).toBe('profileId');
		const pending = (await connect(sb, { organization: SEED.pending })).accessToken;
		const livePending = oauthClient(sb, pending, { profileId: SEED.pendingProfile });
		const e2 = await rejects(
			() => livePending.payments.create({ paymentRequest: paymentInput() }),
			422
		);
		expect(e2.detail).toContain('onboarding');
		const testPending = oauthClient(sb, pending, {
			profileId: SEED.pendingProfile,
			testmode: true
		});
		expect((await testPending.payments.create({ paymentRequest: paymentInput() })).mode).toBe(
			'test'
		);
	});

	it('payments of another organization are 404', async () => {
		const dupont = oauthClient(sb, (await connect(sb)).accessToken, {
			profileId: SEED.dupontShop,
			testmode: true
		});
		const studio = oauthClient(sb, (await connect(sb, { organization: SEED.studio })).accessToken, {
			profileId: SEED.studioProfile,
			testmode: true
		});
		const p = await dupont.payments.create({ paymentRequest: paymentInput() });
		await rejects(() => studio.payments.get({ paymentId: p.id }), 404);
	});
});
