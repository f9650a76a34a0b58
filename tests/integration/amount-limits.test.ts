import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db';
import { invoiceLedger, listPayments, registerPayment } from '$lib/server/invoicing/ledger';
import { parseLine } from '$lib/invoicing/lineForm';
import { createTestDb } from '../helpers/db';
import { makeCompany, makeCustomer, makeInvoice } from '../helpers/invoicing-fixtures';

let db: Db;
let a: Awaited<ReturnType<typeof makeCompany>>;
let customer: Awaited<ReturnType<typeof makeCustomer>>;

beforeAll(async () => {
	db = (await createTestDb()).db as Db;
	a = await makeCompany(db);
	customer = await makeCustomer(db, a.company.id);
});

const NINETY_TRILLION_EUROS = 90_000_000_000_000 * 100;

describe('amounts that cannot overflow', () => {
	it('refuses a manual payment above the invoice total, so two €90,000,000,000,000 payments never reach the ledger', async () => {
		const inv = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer,
			company: a.company,
			lines: [{ quantityMilli: 1000, unitPriceMilli: 100_000, vat: '21' }]
		});
		const payment = {
			date: '2026-03-05',
			amountCents: NINETY_TRILLION_EUROS,
			method: 'bank_transfer' as const
		};
		expect(await registerPayment(db, a.company.id, inv.id, payment)).toEqual({
			ok: false,
			reason: 'amount_too_large'
		});
		expect(await registerPayment(db, a.company.id, inv.id, payment)).toMatchObject({ ok: false });
		expect(await listPayments(db, a.company.id, { invoiceId: inv.id })).toEqual([]);
		// The ledger (its SQL sums) still answers.
		const ledger = await invoiceLedger(db, a.company.id, inv.id, '2026-03-10');
		expect(ledger).toMatchObject({ totalCents: 12100, paidCents: 0 });

		// Paying the total, even twice (the customer paid twice), is money that arrived.
		const total = { ...payment, amountCents: 12100 };
		expect(await registerPayment(db, a.company.id, inv.id, total)).toMatchObject({ ok: true });
		expect(await registerPayment(db, a.company.id, inv.id, total)).toMatchObject({ ok: true });
		expect(await invoiceLedger(db, a.company.id, inv.id, '2026-03-10')).toMatchObject({
			paidCents: 24200
		});
	});

	it('gives a field error for a line whose quantity × price passes 10 million', () => {
		const line = { description: 'x', unit: '', discount: '', vat: '21' };
		expect(parseLine({ ...line, quantity: '1000000', price: '10000000' }, false)).toEqual({
			line: null,
			errors: { price: 'line_too_large' }
		});
		expect(parseLine({ ...line, quantity: '2', price: '5000000.01' }, false).errors).toEqual({
			price: 'line_too_large'
		});
		expect(parseLine({ ...line, quantity: '-2', price: '5000000.01' }, true).errors).toEqual({
			price: 'line_too_large'
		});
		expect(parseLine({ ...line, quantity: '2', price: '5000000' }, false).errors).toEqual({});
	});
});
