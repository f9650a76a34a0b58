import { describe, expect, it } from 'vitest';
import {
	diffEntries,
	expectedEntries,
	FINAL_PAYMENT_STATUSES,
	isFinal,
	isOpenPayment,
	MOLLIE_PAYMENT_STATUSES,
	needsNewAttempt,
	OPEN_PAYMENT_STATUSES,
	pendingRefundCents,
	type RemotePayment
} from './paymentSync';

const base: RemotePayment = {
	id: 'tr_abc',
	status: 'open',
	amountCents: 12_100,
	paidAt: null,
	method: null,
	refunds: [],
	chargebacks: []
};

describe('expectedEntries', () => {
	it('books nothing until the payment is paid', () => {
		for (const status of [
			'open',
			'pending',
			'authorized',
			'canceled',
			'expired',
			'failed'
		] as const) {
			expect(expectedEntries({ ...base, status })).toEqual([]);
		}
	});

	it('books the payment on its paid date', () => {
		expect(
			expectedEntries({ ...base, status: 'paid', paidAt: '2026-11-27T23:59:00+00:00' })
		).toEqual([
			{ key: 'payment:tr_abc', kind: 'payment', amountCents: 12_100, date: '2026-11-27' }
		]);
	});

	it('books refunds only once refunded, as negative entries', () => {
		const remote: RemotePayment = {
			...base,
			status: 'paid',
			paidAt: '2026-11-01T10:00:00Z',
			refunds: [
				{ id: 're_1', status: 'refunded', amountCents: 6_050, createdAt: '2026-11-03T10:00:00Z' },
				{ id: 're_2', status: 'pending', amountCents: 1_000, createdAt: '2026-11-04T10:00:00Z' },
				{ id: 're_3', status: 'canceled', amountCents: 500, createdAt: '2026-11-04T10:00:00Z' }
			]
		};
		expect(expectedEntries(remote).map((e) => [e.key, e.amountCents, e.date])).toEqual([
			['payment:tr_abc', 12_100, '2026-11-01'],
			['refund:re_1', -6_050, '2026-11-03']
		]);
		expect(pendingRefundCents(remote)).toBe(1_000);
	});

	it('books a chargeback until it is reversed', () => {
		const charged: RemotePayment = {
			...base,
			status: 'paid',
			paidAt: '2026-11-01T10:00:00Z',
			chargebacks: [
				{ id: 'chb_1', amountCents: 12_100, createdAt: '2026-11-10T00:00:00Z', reversedAt: null }
			]
		};
		expect(expectedEntries(charged).map((e) => e.key)).toEqual([
			'payment:tr_abc',
			'chargeback:chb_1'
		]);
		const reversed = {
			...charged,
			chargebacks: [{ ...charged.chargebacks[0], reversedAt: '2026-11-20T00:00:00Z' }]
		};
		expect(expectedEntries(reversed).map((e) => e.key)).toEqual(['payment:tr_abc']);
	});
});

describe('diffEntries', () => {
	const paid: RemotePayment = { ...base, status: 'paid', paidAt: '2026-11-01T10:00:00Z' };

	it('is idempotent: applying the same view twice adds nothing the second time', () => {
		const first = diffEntries([], expectedEntries(paid));
		expect(first.add.map((e) => e.key)).toEqual(['payment:tr_abc']);
		const second = diffEntries(first.add, expectedEntries(paid));
		expect(second).toEqual({ add: [], remove: [] });
	});

	it('removes only chargebacks whose reason vanished, never payments or refunds', () => {
		const booked = [{ key: 'payment:tr_abc' }, { key: 'refund:re_1' }, { key: 'chargeback:chb_1' }];
		expect(diffEntries(booked, expectedEntries(paid)).remove).toEqual(['chargeback:chb_1']);
	});
});

describe('statuses', () => {
	it('knows final statuses and when a new attempt is needed', () => {
		expect(isFinal('paid')).toBe(true);
		expect(isFinal('pending')).toBe(false);
		expect(needsNewAttempt('expired')).toBe(true);
		expect(needsNewAttempt('open')).toBe(false);
		expect(needsNewAttempt('paid')).toBe(false);
	});

	it('sorts every status as open or final, never both', () => {
		expect([...OPEN_PAYMENT_STATUSES, ...FINAL_PAYMENT_STATUSES].sort()).toEqual(
			[...MOLLIE_PAYMENT_STATUSES].sort()
		);
		for (const s of MOLLIE_PAYMENT_STATUSES) expect(isOpenPayment(s)).toBe(!isFinal(s));
	});
});
