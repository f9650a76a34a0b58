import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server.ts';
import type { WebhookDelivery } from '../types.ts';
import { MAX_ATTEMPTS, RETRY_SCHEDULE_MS } from '../webhooks.ts';
import {
	control,
	keyClient,
	paymentInput,
	receiver,
	start,
	waitFor,
	type Receiver
} from './helpers.ts';

const MIN = 60_000;

async function deliveries(sb: RunningSandbox, id: string): Promise<WebhookDelivery[]> {
	return (await control<{ deliveries: WebhookDelivery[] }>(sb, 'GET', `/webhooks?resourceId=${id}`))
		.body.deliveries;
}

describe('webhook retry schedule on a scaled clock', () => {
	let sb: RunningSandbox;
	let rcv: Receiver;
	afterEach(async () => {
		await sb?.close();
		await rcv?.close();
	});

	it('retries after 1, 2, 4, 8, 16, 29 min, 1 h, 2 h, 22 h until the receiver answers 200', async () => {
		// ×50,000: the ~26 h schedule takes about 2 s of real time.
		sb = await start({ clockSpeed: 50_000 });
		rcv = await receiver((n) => (n < MAX_ATTEMPTS ? 500 : 200));
		const p = await keyClient(sb).payments.create({
			paymentRequest: paymentInput({ webhookUrl: rcv.url })
		});
		await control(sb, 'POST', `/payments/${p.id}/status`, { status: 'paid' });
		const [d] = await waitFor(async () => {
			const list = await deliveries(sb, p.id);
			return list[0]?.state === 'delivered' ? list : undefined;
		}, 10_000);
		expect(d.attempts).toHaveLength(10);
		expect(d.attempts.map((a) => a.responseStatus)).toEqual([
			500, 500, 500, 500, 500, 500, 500, 500, 500, 200
		]);
		const scheduled = d.attempts.map((a) => Date.parse(a.scheduledAt));
		const gaps = scheduled.slice(1).map((t, i) => t - scheduled[i]);
		expect(gaps).toEqual([1, 2, 4, 8, 16, 29, 60, 120, 1320].map((m) => m * MIN));
		expect(gaps).toEqual(RETRY_SCHEDULE_MS);
		for (const a of d.attempts)
			expect(Date.parse(a.startedAt)).toBeGreaterThanOrEqual(Date.parse(a.scheduledAt));
		expect(rcv.hits).toHaveLength(10);
		const hit = rcv.hits[0];
		expect(hit.body).toBe(`id=${p.id}`);
		expect(hit.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(hit.headers['user-agent']).toBe('Mollie HTTP client/1.0');
	});

	it('gives up after 10 attempts (frozen clock, advanced by hand)', async () => {
		sb = await start({ clockSpeed: 0 });
		rcv = await receiver(() => 503);
		const p = await keyClient(sb).payments.create({
			paymentRequest: paymentInput({ webhookUrl: rcv.url })
		});
		await control(sb, 'POST', `/payments/${p.id}/status`, { status: 'failed' });
		await waitFor(() => (rcv.hits.length === 1 ? true : undefined));
		for (const [i, delay] of RETRY_SCHEDULE_MS.entries()) {
			await waitFor(async () =>
				(await deliveries(sb, p.id))[0].state === 'scheduled' ? true : undefined
			);
			sb.clock.advance(delay - 1);
			await new Promise((r) => setTimeout(r, 20));
			expect(rcv.hits).toHaveLength(i + 1); // not yet
			await control(sb, 'POST', '/clock/advance', { ms: 1 });
			await waitFor(() => (rcv.hits.length === i + 2 ? true : undefined));
		}
		const [d] = await waitFor(async () => {
			const list = await deliveries(sb, p.id);
			return list[0].state === 'failed' ? list : undefined;
		});
		expect(d.attempts).toHaveLength(10);
		expect(d.nextAttemptAt).toBeNull();
		sb.clock.advance(48 * 3_600_000);
		await new Promise((r) => setTimeout(r, 30));
		expect(rcv.hits).toHaveLength(10);
	});
});

describe('webhook delivery rules', () => {
	let sb: RunningSandbox;
	let rcv: Receiver;
	let status: (n: number) => number | 'hang' = () => 200;
	beforeAll(async () => {
		// Long enough that a loaded CI machine still answers the non-hanging receivers in time.
		sb = await start({ clockSpeed: 0, webhookTimeoutMs: 1_000 });
		rcv = await receiver((n) => status(n));
	});
	afterAll(async () => {
		await sb.close();
		await rcv.close();
	});
	afterEach(() => {
		status = () => 200;
		rcv.hits.length = 0;
		sb.store.reset(sb.clock.now());
	});

	it('only 200 counts: 201 and 302 are retried', async () => {
		status = (n) => (n === 1 ? 201 : n === 2 ? 302 : 200);
		const p = await keyClient(sb).payments.create({
			paymentRequest: paymentInput({ webhookUrl: rcv.url })
		});
		await control(sb, 'POST', `/payments/${p.id}/status`, { status: 'paid' });
		await waitFor(() => (rcv.hits.length === 1 ? true : undefined));
		await waitFor(async () =>
			(await deliveries(sb, p.id))[0].state === 'scheduled' ? true : undefined
		);
		sb.clock.advance(MIN);
		await waitFor(async () =>
			(await deliveries(sb, p.id))[0].attempts.length === 2 ? true : undefined
		);
		sb.clock.advance(2 * MIN);
		const [d] = await waitFor(async () => {
			const list = await deliveries(sb, p.id);
			return list[0].state === 'delivered' ? list : undefined;
		});
		expect(d.attempts.map((a) => a.responseStatus)).toEqual([201, 302, 200]);
	});

	it('a receiver that does not answer in time counts as failed (timeout)', async () => {
		status = () => 'hang';
		const p = await keyClient(sb).payments.create({
			paymentRequest: paymentInput({ webhookUrl: rcv.url })
		});
		await control(sb, 'POST', `/payments/${p.id}/status`, { status: 'paid' });
		const [d] = await waitFor(async () => {
			const list = await deliveries(sb, p.id);
			return list[0]?.attempts.length === 1 ? list : undefined;
		});
		expect(d.attempts[0]).toMatchObject({ responseStatus: null, ok: false });
		expect(d.attempts[0].error).toContain('No response within 1000 ms');
		expect(d.state).toBe('scheduled');
	});

	it('fires on paid, failed, canceled, expired, authorized, refund processing/refunded/failed and chargebacks — not on pending', async () => {
		const c = keyClient(sb);
		const mk = (method?: string, extra: Record<string, unknown> = {}) =>
			c.payments.create({
				paymentRequest: paymentInput({
					webhookUrl: rcv.url,
					...(method ? { method } : {}),
					...extra
				})
			});
		const pending = await mk('paypal');
		await control(sb, 'POST', `/payments/${pending.id}/status`, { status: 'pending' });
		const canceled = await mk();
		await c.payments.cancel({ paymentId: canceled.id });
		const expired = await mk('ideal');
		sb.clock.advance(16 * MIN);
		const authorized = await mk('creditcard', { captureMode: 'manual' });
		await control(sb, 'POST', `/payments/${authorized.id}/status`, { status: 'authorized' });
		const paid = await mk();
		await control(sb, 'POST', `/payments/${paid.id}/status`, { status: 'paid' });
		const refund = await c.refunds.create({
			paymentId: paid.id,
			refundRequest: { amount: { currency: 'EUR', value: '1.00' } }
		});
		// Canceled in the dashboard: no webhook at all.
		const canceledRefund = await c.refunds.create({
			paymentId: paid.id,
			refundRequest: { amount: { currency: 'EUR', value: '0.50' } }
		});
		await c.refunds.cancel({ paymentId: paid.id, refundId: canceledRefund.id });
		sb.clock.advance(2 * 60 * MIN); // pending → processing → refunded
		const cb = await control<{ id: string }>(sb, 'POST', `/payments/${paid.id}/chargebacks`, {
			amount: { currency: 'EUR', value: '2.00' }
		});
		// A reversal sends no classic webhook.
		await control(sb, 'POST', `/chargebacks/${cb.body.id}/reverse`);
		const log = await waitFor(async () => {
			const list = await deliveries(sb, '');
			return list.every((d) => d.state === 'delivered') && list.length >= 7 ? list : undefined;
		});
		const reasons = log.map(
			(d) => `${d.resourceId === paid.id ? 'paid' : d.resourceId}:${d.reason}`
		);
		expect(reasons).toContain(`${canceled.id}:payment.canceled`);
		expect(reasons).toContain(`${expired.id}:payment.expired`);
		expect(reasons).toContain(`${authorized.id}:payment.authorized`);
		expect(reasons).toContain('paid:payment.paid');
		expect(reasons.filter((r) => r.startsWith('paid:refund.'))).toEqual([
			'paid:refund.processing',
			'paid:refund.refunded'
		]);
		expect(reasons).toContain('paid:chargeback.received');
		expect(reasons).not.toContain('paid:chargeback.reversed');
		expect(log.some((d) => d.resourceId === pending.id)).toBe(false);
		expect(refund.status).toBe('pending');
		// The body only carries the payment id, also for refunds and chargebacks.
		expect(rcv.hits.every((h) => /^id=tr_[A-Za-z0-9]+$/.test(h.body))).toBe(true);
	});

	it('drop next webhook: it is logged as dropped and never sent', async () => {
		await control(sb, 'POST', '/webhooks/drop', { count: 1 });
		const p = await keyClient(sb).payments.create({
			paymentRequest: paymentInput({ webhookUrl: rcv.url })
		});
		await control(sb, 'POST', `/payments/${p.id}/status`, { status: 'paid' });
		const [d] = await deliveries(sb, p.id);
		expect(d.state).toBe('dropped');
		await new Promise((r) => setTimeout(r, 30));
		expect(rcv.hits).toHaveLength(0);
	});
});
