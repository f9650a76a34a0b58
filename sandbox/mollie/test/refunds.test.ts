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
useSandbox((s) => (sb = s), { clockSpeed: 0 });

async function paidPayment(value = '100.00') {
	const c = keyClient(sb);
	const p = await c.payments.create({
		paymentRequest: paymentInput({ amount: { currency: 'EUR', value } })
	});
	await control(sb, 'POST', `/payments/${p.id}/status`, { status: 'paid' });
	return p.id;
}

describe('refunds', () => {
	it('create, get, list (per payment and global), statuses advance with the clock', async () => {
		const c = keyClient(sb);
		const paymentId = await paidPayment();
		const r = await c.refunds.create({
			paymentId,
			refundRequest: {
				amount: { currency: 'EUR', value: '30.00' },
				description: 'Partial',
				metadata: { line: 1 }
			}
		});
		expect(r).toMatchObject({
			resource: 'refund',
			mode: 'test',
			// Refunds start `pending`; `queued` only when the balance is short (below).
			status: 'pending',
			amount: { currency: 'EUR', value: '30.00' },
			description: 'Partial',
			paymentId
		});
		expect(r.id).toMatch(/^re_/);
		expect(r.links.payment.href).toBe(`${sb.url}/v2/payments/${paymentId}`);
		const p = await c.payments.get({ paymentId });
		expect(p.amountRefunded).toEqual({ currency: 'EUR', value: '30.00' });
		expect(p.amountRemaining).toEqual({ currency: 'EUR', value: '70.00' });
		expect(p.links.refunds?.href).toContain('/refunds');

		sb.clock.advance(3_600_000);
		expect((await c.refunds.get({ paymentId, refundId: r.id })).status).toBe('processing');
		sb.clock.advance(3_600_000);
		expect((await c.refunds.get({ paymentId, refundId: r.id })).status).toBe('refunded');

		const r2 = await c.refunds.create({
			paymentId,
			refundRequest: { amount: { currency: 'EUR', value: '10.00' } }
		});
		const list = await c.refunds.list({ paymentId });
		expect(list.result.embedded.refunds.map((x) => x.id)).toEqual([r2.id, r.id]);
		const all = await c.refunds.all({ limit: 1 });
		expect(all.result.count).toBe(1);
		expect(all.result.links.next?.href).toContain('from=');

		const embedded = await raw(
			sb,
			'GET',
			`/v2/payments/${paymentId}?embed=refunds,chargebacks`,
			undefined
		);
		const emb = embedded.body._embedded as { refunds: unknown[]; chargebacks: unknown[] };
		expect(emb.refunds).toHaveLength(2);
		expect(emb.chargebacks).toHaveLength(0);
		// The SDK parses the embed call too.
		expect((await c.payments.get({ paymentId, embed: 'refunds' })).id).toBe(paymentId);
	});

	it('a big clock jump catches up every step at once', async () => {
		const c = keyClient(sb);
		const paymentId = await paidPayment();
		const r = await c.refunds.create({
			paymentId,
			refundRequest: { amount: { currency: 'EUR', value: '1.00' } }
		});
		sb.clock.advance(24 * 3_600_000);
		expect((await c.refunds.get({ paymentId, refundId: r.id })).status).toBe('refunded');
	});

	it('cancel only while queued or pending', async () => {
		const c = keyClient(sb);
		const paymentId = await paidPayment();
		const r = await c.refunds.create({
			paymentId,
			refundRequest: { amount: { currency: 'EUR', value: '5.00' } }
		});
		await c.refunds.cancel({ paymentId, refundId: r.id });
		expect((await c.refunds.get({ paymentId, refundId: r.id })).status).toBe('canceled');
		expect((await c.payments.get({ paymentId })).amountRefunded?.value).toBe('0.00');
		const r2 = await c.refunds.create({
			paymentId,
			refundRequest: { amount: { currency: 'EUR', value: '5.00' } }
		});
		await control(sb, 'POST', `/refunds/${r2.id}/status`, { status: 'processing' });
		const err = await rejects(() => c.refunds.cancel({ paymentId, refundId: r2.id }), 422);
		expect(err.statusCode).toBe(422);
	});

	it('rejects a refund above the refundable amount (422 amount)', async () => {
		const c = keyClient(sb);
		const paymentId = await paidPayment('20.00');
		await c.refunds.create({
			paymentId,
			refundRequest: { amount: { currency: 'EUR', value: '15.00' } }
		});
		const err = await rejects(
			() =>
				c.refunds.create({
					paymentId,
					refundRequest: { amount: { currency: 'EUR', value: '5.01' } }
				}),
			422
		);
		expect(err.name).toBe('ErrorResponse');
		expect(err.field).toBe('amount');
	});

	it('rejects refunds of unpaid payments, wrong currency and bad amounts', async () => {
		const c = keyClient(sb);
		const open = await c.payments.create({ paymentRequest: paymentInput() });
		const e1 = await rejects(
			() =>
				c.refunds.create({
					paymentId: open.id,
					refundRequest: { amount: { currency: 'EUR', value: '1.00' } }
				}),
			422
		);
		expect(e1.detail).toContain('open');
		const paymentId = await paidPayment();
		const e2 = await rejects(
			() =>
				c.refunds.create({
					paymentId,
					refundRequest: { amount: { currency: 'USD', value: '1.00' } }
				}),
			422
		);
		expect(e2.field).toBe('amount.currency');
		const e3 = await rejects(
			() =>
				c.refunds.create({ paymentId, refundRequest: { amount: { currency: 'EUR', value: '1' } } }),
			422
		);
		expect(e3.field).toBe('amount.value');
		const e4 = await rejects(
			() =>
				c.refunds.create({
					paymentId: 'tr_missing0001',
					refundRequest: { amount: { currency: 'EUR', value: '1.00' } }
				}),
			404
		);
		expect(e4.name).toBe('ErrorResponse');
		await rejects(() => c.refunds.get({ paymentId, refundId: 're_missing0001' }), 404);
	});

	it('OAuth: refunds.* scopes and profileId on the global list', async () => {
		const paymentId = await paidPayment();
		const reader = oauthClient(
			sb,
			(await connect(sb, { scopes: ['payments.read', 'refunds.read'] })).accessToken,
			{
				profileId: SEED.dupontShop,
				testmode: true
			}
		);
		await rejects(
			() =>
				reader.refunds.create({
					paymentId,
					refundRequest: { amount: { currency: 'EUR', value: '1.00' } }
				}),
			403
		);
		// The API-key payment belongs to the same profile, so the OAuth token can see it in test mode.
		expect((await reader.refunds.list({ paymentId })).result.count).toBe(0);
		const bare = oauthClient(sb, (await connect(sb)).accessToken, { testmode: true });
		const err = await rejects(() => bare.refunds.all({}), 422);
		expect(JSON.parse(err.body).field).toBe('profileId');
	});
});

describe('chargebacks', () => {
	it('are created through the control API and read with the SDK', async () => {
		const c = keyClient(sb);
		const paymentId = await paidPayment('50.00');
		const created = await control<{ id: string }>(
			sb,
			'POST',
			`/payments/${paymentId}/chargebacks`,
			{
				amount: { currency: 'EUR', value: '20.00' },
				reason: { code: 'MD06', description: 'Refund request by end customer' }
			}
		);
		expect(created.status).toBe(201);
		const cb = await c.chargebacks.get({ paymentId, chargebackId: created.body.id });
		expect(cb).toMatchObject({
			resource: 'chargeback',
			paymentId,
			amount: { currency: 'EUR', value: '20.00' },
			reason: { code: 'MD06' }
		});
		expect(cb.id).toMatch(/^chb_/);
		const p = await c.payments.get({ paymentId });
		expect(p.amountChargedBack).toEqual({ currency: 'EUR', value: '20.00' });
		expect(p.amountRemaining).toEqual({ currency: 'EUR', value: '30.00' });
		expect((await c.chargebacks.list({ paymentId })).result.embedded.chargebacks).toHaveLength(1);
		expect((await c.chargebacks.all({})).result.count).toBe(1);
		const e = await rejects(
			() =>
				c.refunds.create({
					paymentId,
					refundRequest: { amount: { currency: 'EUR', value: '30.01' } }
				}),
			422
		);
		expect(e.field).toBe('amount');
		await rejects(() => c.chargebacks.get({ paymentId, chargebackId: 'chb_missing001' }), 404);
		const reversed = await control<{ reversedAt: string }>(
			sb,
			'POST',
			`/chargebacks/${created.body.id}/reverse`
		);
		expect(reversed.body.reversedAt).toBeTruthy();
		// Nothing charged back any more: Mollie leaves the field out rather than send 0.00.
		expect((await c.payments.get({ paymentId })).amountChargedBack).toBeUndefined();
	});

	it('amountChargedBack is absent while nothing was charged back', async () => {
		const paymentId = await paidPayment('20.00');
		const p = await keyClient(sb).payments.get({ paymentId });
		expect(p.amountRefunded).toEqual({ currency: 'EUR', value: '0.00' });
		expect(p.amountChargedBack).toBeUndefined();
	});

	it('cannot charge back an unpaid payment', async () => {
		const p = await keyClient(sb).payments.create({ paymentRequest: paymentInput() });
		expect((await control(sb, 'POST', `/payments/${p.id}/chargebacks`, {})).status).toBe(422);
	});
});

describe('refunds like Mollie', () => {
	it('start queued only when the balance is short (control), then move on', async () => {
		const c = keyClient(sb);
		const paymentId = await paidPayment();
		await control(sb, 'POST', '/refunds/queue-next', { count: 1 });
		const short = await c.refunds.create({
			paymentId,
			refundRequest: { amount: { currency: 'EUR', value: '5.00' } }
		});
		expect(short.status).toBe('queued');
		const normal = await c.refunds.create({
			paymentId,
			refundRequest: { amount: { currency: 'EUR', value: '6.00' } }
		});
		expect(normal.status).toBe('pending');
	});

	it('a second refund of the same amount within an hour is a 409 duplicate', async () => {
		const c = keyClient(sb);
		const paymentId = await paidPayment();
		const input = { paymentId, refundRequest: { amount: { currency: 'EUR', value: '10.00' } } };
		await c.refunds.create(input);
		const e = await rejects(() => c.refunds.create(input), 409);
		expect(e.detail).toMatch(/duplicate refund/);
		// Another amount is fine; the same amount is fine again after an hour.
		await c.refunds.create({
			...input,
			refundRequest: { amount: { currency: 'EUR', value: '9.00' } }
		});
		sb.clock.advance(3_600_000);
		expect((await c.refunds.create(input)).amount.value).toBe('10.00');
	});

	it('Idempotency-Key: replayed within 24 h with Idempotent-Replayed, 400 for another body, POST only', async () => {
		const paymentId = await paidPayment();
		const post = (value: string, key: string) =>
			fetch(`${sb.url}/v2/payments/${paymentId}/refunds`, {
				method: 'POST',
				headers: {
					Authorization: `Bearer ${SEED.testKey}`,
					'Content-Type': 'application/json',
					'Idempotency-Key': key
				},
				body: JSON.stringify({ amount: { currency: 'EUR', value } })
			});
		const first = await post('12.00', 'key-1');
		expect(first.status).toBe(201);
		expect(first.headers.get('idempotent-replayed')).toBeNull();
		const again = await post('12.00', 'key-1');
		expect(again.status).toBe(201);
		expect(again.headers.get('idempotent-replayed')).toBe('true');
		expect((await again.json()).id).toBe((await first.json()).id);
		const list = await keyClient(sb).refunds.list({ paymentId });
		expect(list.result.embedded.refunds).toHaveLength(1);
		// The same key with a different body is refused.
		expect((await post('13.00', 'key-1')).status).toBe(400);
		// After 24 hours the key is forgotten: a new request (here: no longer a duplicate either).
		sb.clock.advance(24 * 3_600_000);
		const later = await post('12.00', 'key-1');
		expect(later.status).toBe(201);
		expect(later.headers.get('idempotent-replayed')).toBeNull();
		// GET ignores the key (the SDK sends one on every request).
		const get = await fetch(`${sb.url}/v2/payments/${paymentId}`, {
			headers: { Authorization: `Bearer ${SEED.testKey}`, 'Idempotency-Key': 'key-1' }
		});
		expect(get.status).toBe(200);
		expect(get.headers.get('idempotent-replayed')).toBeNull();
	});
});
