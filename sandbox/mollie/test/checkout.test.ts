import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server.ts';
import type { WebhookDelivery } from '../types.ts';
import {
	control,
	keyClient,
	paymentInput,
	receiver,
	start,
	waitFor,
	type Receiver
} from './helpers.ts';

let sb: RunningSandbox;
let rcv: Receiver;
beforeAll(async () => {
	sb = await start();
	rcv = await receiver();
});
afterAll(async () => {
	await sb.close();
	await rcv.close();
});
beforeEach(() => {
	rcv.hits.length = 0;
	sb.store.reset(sb.clock.now());
});

async function post(url: string, form: Record<string, string>) {
	return fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(form).toString(),
		redirect: 'manual'
	});
}

describe('test checkout (plain HTML forms)', () => {
	it('method choice, then final status → paid, webhook, redirect to redirectUrl', async () => {
		const c = keyClient(sb);
		const p = await c.payments.create({
			paymentRequest: paymentInput({
				webhookUrl: rcv.url,
				locale: 'nl_BE',
				cancelUrl: 'https://acquit.example/cancel'
			})
		});
		const pick = await fetch(p.links.checkout?.href as string);
		expect(pick.status).toBe(200);
		const pickHtml = await pick.text();
		expect(pickHtml).toContain('<html lang="nl">');
		expect(pickHtml).toContain('<legend>Payment method</legend>');
		expect(pickHtml).toMatch(/<label for="method-ideal">/);
		expect(pickHtml).toContain('Bancontact');
		const chosen = await post(`${sb.url}/checkout/${p.id}/method`, { method: 'ideal' });
		expect(chosen.status).toBe(303);
		const statusPage = await (await fetch(`${sb.url}${chosen.headers.get('location')}`)).text();
		expect(statusPage).toContain('This is a test mode payment. Select the final payment status.');
		for (const s of ['paid', 'failed', 'canceled', 'expired', 'open'])
			expect(statusPage).toContain(`id="status-${s}"`);
		expect(statusPage).not.toContain('id="status-pending"');
		expect((await c.payments.get({ paymentId: p.id })).method).toBe('ideal');

		const done = await post(`${sb.url}/checkout/${p.id}`, { status: 'paid' });
		expect(done.status).toBe(303);
		expect(done.headers.get('location')).toBe('https://acquit.example/return');
		expect((await c.payments.get({ paymentId: p.id })).status).toBe('paid');
		await waitFor(() => (rcv.hits.length === 1 ? true : undefined));
		expect(rcv.hits[0].body).toBe(`id=${p.id}`);
		const again = await fetch(`${sb.url}/checkout/${p.id}`);
		expect(again.status).toBe(410);
	});

	it('Canceled goes to cancelUrl; Open keeps the payment open without a webhook', async () => {
		const c = keyClient(sb);
		const p = await c.payments.create({
			paymentRequest: paymentInput({
				method: 'bancontact',
				webhookUrl: rcv.url,
				cancelUrl: 'https://acquit.example/cancel'
			})
		});
		const open = await post(`${sb.url}/checkout/${p.id}`, { status: 'open' });
		expect(open.headers.get('location')).toBe('https://acquit.example/return');
		expect((await c.payments.get({ paymentId: p.id })).status).toBe('open');
		const cancel = await post(`${sb.url}/checkout/${p.id}`, { status: 'canceled' });
		expect(cancel.headers.get('location')).toBe('https://acquit.example/cancel');
		expect((await c.payments.get({ paymentId: p.id })).status).toBe('canceled');
		await waitFor(() => (rcv.hits.length === 1 ? true : undefined));
		const log = await control<{ deliveries: WebhookDelivery[] }>(
			sb,
			'GET',
			`/webhooks?resourceId=${p.id}`
		);
		expect(log.body.deliveries.map((d) => d.reason)).toEqual(['payment.canceled']);
	});

	it('offers Pending for PayPal and Authorized for manual-capture cards; changePaymentState finishes them', async () => {
		const c = keyClient(sb);
		const paypal = await c.payments.create({ paymentRequest: paymentInput({ method: 'paypal' }) });
		expect(await (await fetch(`${sb.url}/checkout/${paypal.id}`)).text()).toContain(
			'id="status-pending"'
		);
		await post(`${sb.url}/checkout/${paypal.id}`, { status: 'pending' });
		const pending = await c.payments.get({ paymentId: paypal.id });
		expect(pending.status).toBe('pending');
		expect(pending.links.checkout).toBeUndefined();
		const change = await (await fetch(pending.links.changePaymentState?.href as string)).text();
		expect(change).toContain('id="status-paid"');
		expect(change).not.toContain('id="status-open"');
		await post(`${sb.url}/checkout/${paypal.id}`, { status: 'paid' });
		expect((await c.payments.get({ paymentId: paypal.id })).status).toBe('paid');

		// An ordinary card payment is paid at once: no Authorized on the test screen.
		const card = await c.payments.create({
			paymentRequest: paymentInput({ method: 'creditcard' })
		});
		const plain = await (await fetch(`${sb.url}/checkout/${card.id}`)).text();
		expect(plain).toContain('id="status-paid"');
		expect(plain).not.toContain('id="status-authorized"');
		// A hold (captureMode: manual) is authorized instead of paid.
		const hold = await c.payments.create({
			paymentRequest: paymentInput({ method: 'creditcard', captureMode: 'manual' })
		});
		expect(hold.captureMode).toBe('manual');
		const screen = await (await fetch(`${sb.url}/checkout/${hold.id}`)).text();
		expect(screen).toContain('id="status-authorized"');
		expect(screen).not.toContain('id="status-paid"');
		await post(`${sb.url}/checkout/${hold.id}`, { status: 'authorized' });
		expect((await c.payments.get({ paymentId: hold.id })).status).toBe('authorized');
	});

	it('a method list limits the choice; USD hides EUR-only methods; bad status is 422', async () => {
		const c = keyClient(sb);
		const p = await c.payments.create({
			paymentRequest: paymentInput({ method: ['bancontact', 'kbc'] })
		});
		expect(p.method).toBeNull();
		const html = await (await fetch(`${sb.url}/checkout/${p.id}`)).text();
		expect(html).toContain('method-kbc');
		expect(html).not.toContain('method-ideal');
		const usd = await c.payments.create({
			paymentRequest: paymentInput({ amount: { currency: 'USD', value: '5.00' } })
		});
		const usdHtml = await (await fetch(`${sb.url}/checkout/${usd.id}`)).text();
		expect(usdHtml).toContain('method-creditcard');
		expect(usdHtml).not.toContain('method-bancontact');
		await post(`${sb.url}/checkout/${p.id}/method`, { method: 'kbc' });
		expect((await post(`${sb.url}/checkout/${p.id}`, { status: 'refunded' })).status).toBe(422);
		expect((await fetch(`${sb.url}/checkout/tr_doesnotexist`)).status).toBe(404);
	});
});
