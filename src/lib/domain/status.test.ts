import { describe, expect, it } from 'vitest';
import { deriveInvoiceStatus, type StatusInput } from './status';

const base: StatusInput = {
	finalized: true,
	sent: true,
	totalCents: 10000,
	paidCents: 0,
	creditedCents: 0,
	dueDate: '2026-03-31',
	today: '2026-03-15'
};
const derive = (o: Partial<StatusInput>) => deriveInvoiceStatus({ ...base, ...o });

describe('deriveInvoiceStatus', () => {
	it('walks the normal life cycle', () => {
		expect(derive({ finalized: false, sent: false }).status).toBe('draft');
		expect(derive({ sent: false }).status).toBe('finalized');
		expect(derive({}).status).toBe('sent');
		expect(derive({ paidCents: 4000 })).toEqual({
			status: 'partially_paid',
			overdue: false,
			balanceCents: 6000,
			dueCents: 10000,
			netPaidCents: 4000
		});
		expect(derive({ paidCents: 10000 })).toMatchObject({ status: 'paid', balanceCents: 0 });
	});

	it('moves back when a payment is removed or refunded', () => {
		expect(derive({ paidCents: 10000, refundedCents: 2500 })).toMatchObject({
			status: 'partially_paid',
			balanceCents: 2500,
			netPaidCents: 7500
		});
		expect(derive({ paidCents: 10000, refundedCents: 10000 }).status).toBe('sent');
	});

	it('shows overpayment instead of absorbing it', () => {
		expect(derive({ paidCents: 10001 })).toMatchObject({ status: 'overpaid', balanceCents: -1 });
		// paid in full, then credited: the customer is owed a refund
		expect(derive({ paidCents: 10000, creditedCents: 3000 })).toMatchObject({
			status: 'overpaid',
			balanceCents: -3000
		});
	});

	it('accounts for credit notes', () => {
		expect(derive({ creditedCents: 10000 })).toMatchObject({ status: 'credited', balanceCents: 0 });
		expect(derive({ creditedCents: 3000, paidCents: 7000 })).toMatchObject({
			status: 'paid',
			dueCents: 7000
		});
		expect(derive({ creditedCents: 3000, paidCents: 1000 })).toMatchObject({
			status: 'partially_paid',
			balanceCents: 6000
		});
		expect(derive({ creditedCents: 3000 }).status).toBe('sent');
	});

	it('treats an explicitly allowed zero-total invoice as paid', () => {
		expect(derive({ totalCents: 0 }).status).toBe('paid');
	});

	it('derives overdue from the due date', () => {
		expect(derive({ today: '2026-03-31' }).overdue).toBe(false); // due today is on time
		expect(derive({ today: '2026-04-01' }).overdue).toBe(true);
		expect(derive({ today: '2026-04-01', paidCents: 4000 })).toMatchObject({
			status: 'partially_paid',
			overdue: true
		});
		expect(derive({ today: '2026-04-01', paidCents: 10000 }).overdue).toBe(false);
		expect(derive({ today: '2026-04-01', finalized: false }).overdue).toBe(false);
		expect(derive({ today: '2027-01-01', dueDate: null }).overdue).toBe(false);
	});

	it('rejects bad input', () => {
		expect(() => derive({ totalCents: -1 })).toThrow(RangeError);
		expect(() => derive({ paidCents: 1.5 })).toThrow(RangeError);
		expect(() => derive({ refundedCents: -1 })).toThrow(RangeError);
		expect(() => derive({ today: '15/03/2026' })).toThrow(RangeError);
		expect(() => derive({ dueDate: '2026-3-31' })).toThrow(RangeError);
	});
});
