import { render } from 'svelte/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MolliePaymentSummary } from '$lib/server/mollie/transactions';

// The invoice page's Mollie panel, rendered as the server renders it. `$app/state` is Kit's;
// outside a Kit request the test hands in the page the panel reads (URL and signed-in user).
const state = vi.hoisted(() => ({
	page: { url: new URL('http://127.0.0.1/invoices/inv1'), data: { user: { role: 'owner' } } }
}));
vi.mock('$app/state', () => state);

const { default: Panel } =
	await import('../../src/lib/components/mollie/MolliePaymentsPanel.svelte');

function payment(over: Partial<MolliePaymentSummary>): MolliePaymentSummary {
	return {
		id: 'tr_paid1',
		createdAt: new Date('2026-03-02T09:00:00Z'),
		paidAt: new Date('2026-03-02T09:05:00Z'),
		status: 'paid',
		mode: 'test',
		method: 'bancontact',
		amountCents: 12_100,
		currency: 'EUR',
		refundedCents: 0,
		pendingRefundCents: 0,
		chargedBackCents: 0,
		refundableCents: 12_100,
		...over
	};
}

const html = (props: Record<string, unknown>) =>
	render(Panel, { props: props as never }).body.replace(/<!--[^>]*-->/g, '');

/** The forms in the markup: action and hidden/visible inputs by name. */
function forms(markup: string) {
	return [...markup.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].map((f) => ({
		action: f[1]!.replaceAll('&amp;', '&'),
		inputs: Object.fromEntries(
			[...f[2]!.matchAll(/<input[^>]*>/g)].map(([tag]) => [
				/name="([^"]*)"/.exec(tag)?.[1],
				/value="([^"]*)"/.exec(tag)?.[1] ?? ''
			])
		),
		text: f[2]!
			.replace(/<[^>]+>/g, ' ')
			.replace(/\s+/g, ' ')
			.trim()
	}));
}

beforeEach(() => {
	state.page.url = new URL('http://127.0.0.1/invoices/inv1');
	state.page.data = { user: { role: 'owner' } };
});

describe('MolliePaymentsPanel', () => {
	it('posts Check status now and Refund to the payment’s page, coming back to the invoice', () => {
		const markup = html({
			invoiceId: 'inv1',
			payments: [
				payment({
					id: 'tr_open1',
					status: 'open',
					paidAt: null,
					refundableCents: 0,
					mode: 'live'
				}),
				payment({})
			]
		});
		const f = forms(markup);
		expect(f.map((x) => x.action)).toEqual([
			'/payments/mollie/tr_open1?/refresh',
			'/payments/mollie/tr_paid1?/refresh',
			'/payments/mollie/tr_paid1?/refund'
		]);
		for (const form of f) expect(form.inputs.back).toBe('/invoices/inv1');
		expect(f[2]!.inputs.amount).toBe('121.00');
		// One TEST badge: the live payment has none.
		expect(markup.match(/>TEST</g)).toHaveLength(1);
		expect(markup).toContain('data-status="open"');
		expect(markup).not.toContain('data-testid="chargeback-flag"');
	});

	it('offers a one-click refund of the overpayment from the latest paid payment', () => {
		const markup = html({
			invoiceId: 'inv1',
			overpaidCents: 2_100,
			payments: [
				// Newest first: a small paid one that can't carry the whole overpayment…
				payment({
					id: 'tr_small',
					amountCents: 1_000,
					refundableCents: 1_000
				}),
				payment({ id: 'tr_big' }),
				payment({ id: 'tr_old' })
			]
		});
		expect(markup).toContain('Overpaid by €21.00');
		const refund = forms(markup).find((x) => x.text === 'Refund €21.00')!;
		// …so it goes through the latest one that can.
		expect(refund.action).toBe('/payments/mollie/tr_big?/refund');
		expect(refund.inputs).toEqual({ amount: '21.00', back: '/invoices/inv1' });
	});

	it('flags chargebacks and shows pending refunds as pending', () => {
		const markup = html({
			invoiceId: 'inv1',
			payments: [
				payment({
					chargedBackCents: 5_000,
					pendingRefundCents: 1_000,
					refundableCents: 6_100
				})
			]
		});
		expect(markup).toContain('data-testid="chargeback-flag"');
		expect(markup).toContain("Chargeback: the customer's bank took back €50.00.");
		expect(markup).toContain('Refund pending: €10.00');
		expect(markup).not.toContain('Refunded €');
	});

	it('shows the outcome it was sent back with', () => {
		state.page.url = new URL('http://127.0.0.1/invoices/inv1?mollie=refund_requested');
		expect(html({ invoiceId: 'inv1', payments: [payment({})] })).toContain('Refund requested.');
	});

	it('gives members no refund buttons', () => {
		state.page.data = { user: { role: 'member' } };
		const markup = html({ invoiceId: 'inv1', overpaidCents: 100, payments: [payment({})] });
		expect(forms(markup).map((x) => x.action)).toEqual(['/payments/mollie/tr_paid1?/refresh']);
	});
});
