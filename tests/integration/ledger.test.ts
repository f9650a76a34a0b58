import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db';
import {
	invoiceLedger,
	listPayments,
	paymentTotalsByMethod,
	registerPayment,
	removePayment
} from '$lib/server/invoicing/ledger';
import { expectStoredAmountsExact } from '../helpers/amountDue';
import { createTestDb } from '../helpers/db';
import { makeCompany, makeCustomer, makeInvoice } from '../helpers/invoicing-fixtures';

let db: Db;
let a: Awaited<ReturnType<typeof makeCompany>>;
let b: Awaited<ReturnType<typeof makeCompany>>;
let customerA: Awaited<ReturnType<typeof makeCustomer>>;

// 2 × €100.00 at 21 % + 1 × €50.00 at 6 %: base 250.00, VAT 42.00 + 3.00, total €295.00.
const LINES = [
	{ quantityMilli: 2000, unitPriceMilli: 100_000, vat: '21' as const },
	{ quantityMilli: 1000, unitPriceMilli: 50_000, vat: '6' as const }
];
const TODAY = '2026-03-10';

beforeAll(async () => {
	db = (await createTestDb()).db as Db;
	a = await makeCompany(db);
	b = await makeCompany(db, { name: 'Other Company BV' });
	customerA = await makeCustomer(db, a.company.id);
});

// Payments, removals and credit notes keep every invoice's stored amount due exact.
afterEach(async () => {
	expect(await expectStoredAmountsExact(db)).toBeGreaterThan(0);
});

async function invoiceA(over: Partial<Parameters<typeof makeInvoice>[1]> = {}) {
	return makeInvoice(db, {
		companyId: a.company.id,
		journalId: a.journal.id,
		customer: customerA,
		company: a.company,
		lines: LINES,
		...over
	});
}

const pay = (
	amountCents: number,
	method: 'bank_transfer' | 'cash' | 'card' | 'mollie' | 'other' = 'bank_transfer'
) => ({
	date: '2026-03-05',
	amountCents,
	method,
	reference: 'extract 12'
});

describe('payments ledger', () => {
	it('moves finalized → partially paid → paid, and back when a payment is removed', async () => {
		const inv = await invoiceA();
		expect(inv.totals.totalCents).toBe(29500);
		let ledger = await invoiceLedger(db, a.company.id, inv.id, TODAY);
		expect(ledger).toMatchObject({
			totalCents: 29500,
			creditedCents: 0,
			paidCents: 0,
			balanceCents: 29500,
			status: 'finalized',
			overdue: false
		});

		const first = await registerPayment(db, a.company.id, inv.id, pay(10000));
		expect(first.ok).toBe(true);
		ledger = await invoiceLedger(db, a.company.id, inv.id, TODAY);
		expect(ledger).toMatchObject({
			paidCents: 10000,
			balanceCents: 19500,
			status: 'partially_paid'
		});

		const second = await registerPayment(db, a.company.id, inv.id, pay(19500, 'cash'));
		if (!second.ok) throw new Error(second.reason);
		expect(second.ledger).toMatchObject({ paidCents: 29500, balanceCents: 0, status: 'paid' });

		expect(await removePayment(db, a.company.id, second.payment.id)).toEqual({
			ok: true,
			invoiceId: inv.id
		});
		ledger = await invoiceLedger(db, a.company.id, inv.id, TODAY);
		expect(ledger).toMatchObject({
			paidCents: 10000,
			balanceCents: 19500,
			status: 'partially_paid'
		});
		// Removing twice: the row is gone.
		expect(await removePayment(db, a.company.id, second.payment.id)).toEqual({
			ok: false,
			reason: 'not_found'
		});
	});

	it('keeps an overpayment visible as a negative balance', async () => {
		const inv = await invoiceA();
		await registerPayment(db, a.company.id, inv.id, pay(29500));
		const over = await registerPayment(db, a.company.id, inv.id, pay(1234));
		if (!over.ok) throw new Error(over.reason);
		expect(over.ledger).toMatchObject({
			paidCents: 30734,
			balanceCents: -1234,
			status: 'overpaid'
		});
	});

	it('lets a finalized credit note reduce the balance (a draft one does not)', async () => {
		const inv = await invoiceA();
		// Credit one of the two €100 items: −€121.00.
		const credit = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer: customerA,
			kind: 'credit_note',
			creditedInvoiceId: inv.id,
			lines: [{ quantityMilli: -1000, unitPriceMilli: 100_000, vat: '21' }]
		});
		expect(credit.totals.totalCents).toBe(-12100);
		await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer: customerA,
			kind: 'credit_note',
			creditedInvoiceId: inv.id,
			state: 'draft',
			lines: [{ quantityMilli: -1000, unitPriceMilli: 50_000, vat: '6' }]
		});
		let ledger = await invoiceLedger(db, a.company.id, inv.id, TODAY);
		expect(ledger).toMatchObject({
			creditedCents: 12100,
			balanceCents: 17400,
			status: 'finalized'
		});

		await registerPayment(db, a.company.id, inv.id, pay(17400));
		ledger = await invoiceLedger(db, a.company.id, inv.id, TODAY);
		expect(ledger).toMatchObject({ paidCents: 17400, balanceCents: 0, status: 'paid' });

		// A credit note has no ledger of its own and takes no payments.
		expect(await invoiceLedger(db, a.company.id, credit.id, TODAY)).toBeNull();
		expect(await registerPayment(db, a.company.id, credit.id, pay(100))).toEqual({
			ok: false,
			reason: 'credit_note'
		});
	});

	it('flags overdue from the due date, not on it', async () => {
		const inv = await invoiceA({ dueDate: '2026-04-01' });
		expect((await invoiceLedger(db, a.company.id, inv.id, '2026-04-01'))?.overdue).toBe(false);
		expect((await invoiceLedger(db, a.company.id, inv.id, '2026-04-02'))?.overdue).toBe(true);
	});

	it('refuses bad input and drafts, saving nothing', async () => {
		const inv = await invoiceA();
		const draft = await invoiceA({ state: 'draft' });
		const reasons = await Promise.all([
			registerPayment(db, a.company.id, inv.id, pay(0)),
			registerPayment(db, a.company.id, inv.id, pay(-500)),
			registerPayment(db, a.company.id, inv.id, pay(12.5)),
			registerPayment(db, a.company.id, inv.id, { ...pay(100), date: '2026-02-30' }),
			registerPayment(db, a.company.id, inv.id, { ...pay(100), date: '05/03/2026' }),
			registerPayment(db, a.company.id, inv.id, { ...pay(100), method: 'iou' as 'cash' }),
			registerPayment(db, a.company.id, inv.id, { ...pay(100), reference: 'a\nb' }),
			registerPayment(db, a.company.id, draft.id, pay(100))
		]);
		expect(reasons.map((r) => (r.ok ? 'ok' : r.reason))).toEqual([
			'amount',
			'amount',
			'amount',
			'date',
			'date',
			'method',
			'reference',
			'not_finalized'
		]);
		expect(await listPayments(db, a.company.id, { invoiceId: inv.id })).toEqual([]);
		expect((await invoiceLedger(db, a.company.id, draft.id, TODAY))?.status).toBe('draft');
	});

	it('does not remove Mollie payments by hand', async () => {
		const inv = await invoiceA();
		const r = await registerPayment(db, a.company.id, inv.id, pay(500, 'mollie'));
		if (!r.ok) throw new Error(r.reason);
		expect(await removePayment(db, a.company.id, r.payment.id)).toEqual({
			ok: false,
			reason: 'mollie'
		});
	});

	it('scopes everything to the company', async () => {
		const inv = await invoiceA();
		const own = await registerPayment(db, a.company.id, inv.id, pay(700));
		if (!own.ok) throw new Error(own.reason);

		// Company B knows the ids (forged URL / form) and still gets nothing.
		expect(await registerPayment(db, b.company.id, inv.id, pay(29500))).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(await removePayment(db, b.company.id, own.payment.id)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(await invoiceLedger(db, b.company.id, inv.id, TODAY)).toBeNull();
		expect(await listPayments(db, b.company.id)).toEqual([]);
		expect((await paymentTotalsByMethod(db, b.company.id)).every((t) => t.count === 0)).toBe(true);
		// A's payment is untouched.
		expect(await invoiceLedger(db, a.company.id, inv.id, TODAY)).toMatchObject({ paidCents: 700 });
		// Removing through another invoice of A's own is refused too.
		const other = await invoiceA();
		expect(await removePayment(db, a.company.id, own.payment.id, other.id)).toEqual({
			ok: false,
			reason: 'not_found'
		});
	});

	it('lists payments with filters and totals one line per source', async () => {
		const c = await makeCompany(db, { name: 'Totals SRL' });
		const cust = await makeCustomer(db, c.company.id, { name: 'Client Totals' });
		const inv = await makeInvoice(db, {
			companyId: c.company.id,
			journalId: c.journal.id,
			customer: cust,
			lines: LINES,
			number: '2026-0042'
		});
		await registerPayment(db, c.company.id, inv.id, { ...pay(1000), date: '2026-01-15' });
		await registerPayment(db, c.company.id, inv.id, { ...pay(2000), date: '2026-02-01' });
		await registerPayment(db, c.company.id, inv.id, { ...pay(300, 'cash'), date: '2026-02-10' });
		await registerPayment(db, c.company.id, inv.id, { ...pay(45, 'card'), date: '2026-02-28' });

		const all = await listPayments(db, c.company.id);
		expect(all.map((p) => [p.date, p.amountCents, p.method])).toEqual([
			['2026-02-28', 45, 'card'],
			['2026-02-10', 300, 'cash'],
			['2026-02-01', 2000, 'bank_transfer'],
			['2026-01-15', 1000, 'bank_transfer']
		]);
		expect(all[0]).toMatchObject({
			invoiceNumber: '2026-0042',
			customerName: 'Client Totals',
			currency: 'EUR'
		});
		const feb = await listPayments(db, c.company.id, { from: '2026-02-01', to: '2026-02-28' });
		expect(feb).toHaveLength(3);
		expect(await listPayments(db, c.company.id, { limit: 1 })).toHaveLength(1);

		const totals = await paymentTotalsByMethod(db, c.company.id);
		expect(totals.map((t) => [t.method, t.count, t.totals])).toEqual([
			['bank_transfer', 2, [{ currency: 'EUR', cents: 3000 }]],
			['cash', 1, [{ currency: 'EUR', cents: 300 }]],
			['card', 1, [{ currency: 'EUR', cents: 45 }]],
			['mollie', 0, []],
			['other', 0, []]
		]);
		const febTotals = await paymentTotalsByMethod(db, c.company.id, { from: '2026-02-01' });
		expect(febTotals[0]).toMatchObject({ count: 1, totals: [{ currency: 'EUR', cents: 2000 }] });
	});
});
