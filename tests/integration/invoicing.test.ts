import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isValidOgm } from '$lib/domain/ogm';
import { emptyLine, type LineForm } from '$lib/invoicing/lineForm';
import { createAccount } from '$lib/server/auth/accounts';
import type { Db } from '$lib/server/db';
import { customers, invoiceLines, invoices, journals, payments } from '$lib/server/db/schema';
import { randomId } from '$lib/server/secrets/ids';
import { createCreditNote } from '$lib/server/invoicing/creditNotes';
import {
	createCustomer,
	deleteCustomer,
	getCustomer,
	listCustomers,
	setCustomerArchived,
	updateCustomer
} from '$lib/server/invoicing/customers';
import {
	createDraft,
	deleteDraft,
	markSent,
	updateDraft,
	type InvoiceForm
} from '$lib/server/invoicing/invoices';
import {
	createJournal,
	getJournal,
	listJournals,
	setJournalArchived,
	updateJournal
} from '$lib/server/invoicing/journals';
import { finalizeInvoice, numberTemplate } from '$lib/server/invoicing/numbering';
import {
	creditableCents,
	getInvoice,
	invoiceBalance,
	listInvoices,
	openTotals
} from '$lib/server/invoicing/queries';
import { expectStoredAmountsExact } from '../helpers/amountDue';
import { createTestDb } from '../helpers/db';

let db: Db;
let n = 0;

async function company(name = 'Test SRL') {
	n += 1;
	const acc = await createAccount(db, {
		email: `inv-${n}-${Date.now()}@example.test`,
		password: 'correct horse battery',
		name: 'Owner',
		companyName: name,
		locale: 'en'
	});
	if (!acc.ok) throw new Error('account');
	const [journal] = await listJournals(db, acc.companyId);
	const c = await createCustomer(db, acc.companyId, {
		name: 'Client NV',
		emails: 'ap@client.test',
		vatNumber: 'BE 0123.456.749'
	});
	if (!c.ok) throw new Error('customer');
	return { companyId: acc.companyId, journalId: journal!.id, customerId: c.value.id };
}

const line = (over: Partial<LineForm>): LineForm => ({
	...emptyLine(),
	description: 'Work',
	price: '100',
	...over
});

function form(
	ctx: { journalId: string; customerId: string },
	lines: LineForm[],
	over: Partial<InvoiceForm> = {}
): InvoiceForm {
	return {
		customerId: ctx.customerId,
		journalId: ctx.journalId,
		issueDate: '2026-03-02',
		dueDate: '',
		currency: 'EUR',
		reference: '',
		notes: '',
		allowZeroTotal: '',
		lines,
		...over
	};
}

async function draft(ctx: Awaited<ReturnType<typeof company>>, lines = [line({})]) {
	const r = await createDraft(db, ctx.companyId, form(ctx, lines));
	if (!r.ok) throw new Error(JSON.stringify(r.errors));
	return r.value.id;
}

beforeAll(async () => {
	db = (await createTestDb()).db as Db;
});

// Finalizing, editing and deleting credit notes and drafts keep the stored amounts due exact.
afterEach(async () => {
	await expectStoredAmountsExact(db);
});

describe('totals through the service (hand-worked)', () => {
	it('3-decimal prices, discount and two VAT rates', async () => {
		const ctx = await company();
		const id = await draft(ctx, [
			// 3 × 12.345 = 37.035 → 37.04 (one rounding per line, half-up)
			line({ quantity: '3', price: '12,345', vat: '21' }),
			// 1.5 × 80 − 10 % = 108.00
			line({ quantity: '1.5', price: '80', discount: '10', vat: '6' })
		]);
		const inv = await getInvoice(db, ctx.companyId, id);
		expect(inv!.lines.map((l) => l.netCents)).toEqual([3704, 10800]);
		// VAT per rate: 37.04 × 21 % = 7.7784 → 7.78; 108 × 6 % = 6.48
		expect(inv!.totals.breakdown).toEqual([
			{ category: '21', ratePercent: 21, baseCents: 3704, vatCents: 778 },
			{ category: '6', ratePercent: 6, baseCents: 10800, vatCents: 648 }
		]);
		expect([inv!.invoice.netCents, inv!.invoice.vatCents, inv!.invoice.totalCents]).toEqual([
			14504, 1426, 15930
		]);
		// Due date from the journal's default term (30 days) since the customer has none.
		expect(inv!.invoice.dueDate).toBe('2026-04-01');
	});

	it('many lines: VAT is rounded once per rate, not per line', async () => {
		const ctx = await company();
		const id = await draft(
			ctx,
			Array.from({ length: 100 }, () => line({ quantity: '1', price: '0.01', vat: '21' }))
		);
		const inv = await getInvoice(db, ctx.companyId, id);
		// 100 × 0.01 = 1.00; 21 % of 1.00 = 0.21 (per-line rounding would give 0.00)
		expect([inv!.invoice.netCents, inv!.invoice.vatCents, inv!.invoice.totalCents]).toEqual([
			100, 21, 121
		]);
	});

	it("the customer's payment term wins over the journal's", async () => {
		const ctx = await company();
		await updateCustomer(db, ctx.companyId, ctx.customerId, {
			name: 'Client NV',
			paymentTermDays: '14'
		});
		const id = await draft(ctx);
		expect((await getInvoice(db, ctx.companyId, id))!.invoice.dueDate).toBe('2026-03-16');
	});
});

describe('bad input: exact error keys and nothing saved', () => {
	it('reports per-field keys', async () => {
		const ctx = await company();
		const before = (await db.select().from(invoices)).length;
		const r = await createDraft(
			db,
			ctx.companyId,
			form(
				ctx,
				[
					line({ quantity: '-1' }),
					line({ quantity: '1000001' }),
					line({ price: '1.2345' }),
					line({ price: '-5' }),
					line({ discount: '120' }),
					line({ vat: '19' }),
					line({ description: ' ', quantity: 'abc' })
				],
				{ dueDate: '2026-03-01', currency: 'XYZ' }
			)
		);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors).toEqual({
			dueDate: 'due_before_issue',
			currency: 'currency_invalid',
			'lines.0.quantity': 'quantity_negative',
			'lines.1.quantity': 'quantity_too_large',
			'lines.2.price': 'price_decimals',
			'lines.3.price': 'price_negative',
			'lines.4.discount': 'discount_invalid',
			'lines.5.vat': 'vat_invalid',
			'lines.6.description': 'required',
			'lines.6.quantity': 'quantity_invalid'
		});
		expect((await db.select().from(invoices)).length).toBe(before);
	});

	it('refuses a zero total unless explicitly allowed', async () => {
		const ctx = await company();
		const zero = [line({ price: '0' })];
		const r = await createDraft(db, ctx.companyId, form(ctx, zero));
		expect(r).toEqual({ ok: false, errors: { total: 'zero_total' } });
		const allowed = await createDraft(db, ctx.companyId, form(ctx, zero, { allowZeroTotal: 'on' }));
		expect(allowed.ok).toBe(true);
	});

	it('refuses no lines and invalid dates', async () => {
		const ctx = await company();
		const r = await createDraft(db, ctx.companyId, form(ctx, [], { issueDate: '2026-02-30' }));
		expect(r).toEqual({ ok: false, errors: { issueDate: 'date_invalid', lines: 'no_lines' } });
	});

	it('validates customers: emails, VAT number (normalized), payment term', async () => {
		const ctx = await company();
		const bad = await createCustomer(db, ctx.companyId, {
			name: '',
			emails: 'a@b.test, nope',
			vatNumber: 'BE0123456748',
			paymentTermDays: '-3',
			locale: 'de'
		});
		expect(bad).toEqual({
			ok: false,
			errors: {
				name: 'required',
				emails: 'email_invalid',
				vatNumber: 'vat_checksum',
				paymentTermDays: 'term',
				locale: 'invalid'
			}
		});
		const good = await createCustomer(db, ctx.companyId, {
			name: 'Café Zinc',
			emails: 'A@Zinc.test; b@zinc.test',
			vatNumber: '0123.456.749',
			locale: 'nl'
		});
		expect(good.ok && good.value).toMatchObject({
			emails: 'a@zinc.test, b@zinc.test',
			vatNumber: 'BE0123456749',
			locale: 'nl'
		});
	});

	it('validates journals: pattern and next number', async () => {
		const ctx = await company();
		expect(
			await createJournal(db, ctx.companyId, { name: 'Shop', pattern: '{YYYY}-', nextNumber: '0' })
		).toEqual({
			ok: false,
			errors: { pattern: 'pattern_missing_sequence', nextNumber: 'next_number' }
		});
		expect(await createJournal(db, ctx.companyId, { name: 'Shop', pattern: 'F{Q}{##}' })).toEqual({
			ok: false,
			errors: { pattern: 'pattern_unknown_token' }
		});
	});
});

describe('numbering', () => {
	it('splits a pattern so SQL can place the sequence', () => {
		expect(numberTemplate('{YYYY}-{####}', '2026-03-02')).toEqual({
			prefix: '2026-',
			width: 4,
			suffix: ''
		});
		expect(numberTemplate('F{YY}/{MM}-{###}-B', '2026-03-02')).toEqual({
			prefix: 'F26/03-',
			width: 3,
			suffix: '-B'
		});
	});

	it('follows the pattern and a next number set by the user (116)', async () => {
		const ctx = await company();
		const j = await createJournal(db, ctx.companyId, {
			name: 'Shop',
			pattern: 'SH{YY}-{#####}',
			nextNumber: '116'
		});
		if (!j.ok) throw new Error('journal');
		const r = await createDraft(
			db,
			ctx.companyId,
			form({ ...ctx, journalId: j.value.id }, [line({})])
		);
		if (!r.ok) throw new Error('draft');
		expect(await finalizeInvoice(db, ctx.companyId, r.value.id)).toEqual({
			ok: true,
			value: { number: 'SH26-00116', sequence: 116 }
		});
		expect((await getJournal(db, ctx.companyId, j.value.id))!.nextNumber).toBe(117);
		// Moving the next number back onto a given sequence is refused.
		expect(
			await updateJournal(db, ctx.companyId, j.value.id, {
				name: 'Shop',
				pattern: 'SH{YY}-{#####}',
				nextNumber: '116'
			})
		).toEqual({ ok: false, errors: { nextNumber: 'next_number_used' } });
	});

	it('20 concurrent finalizations of 20 drafts give exactly 1..20', async () => {
		const ctx = await company();
		const ids = [];
		for (let i = 0; i < 20; i++) ids.push(await draft(ctx));
		const results = await Promise.all(ids.map((id) => finalizeInvoice(db, ctx.companyId, id)));
		expect(results.every((r) => r.ok)).toBe(true);
		const rows = await db.select().from(invoices).where(eq(invoices.journalId, ctx.journalId));
		expect(rows.map((r) => r.sequence).sort((a, b) => a! - b!)).toEqual(
			Array.from({ length: 20 }, (_, i) => i + 1)
		);
		expect(new Set(rows.map((r) => r.number)).size).toBe(20);
		expect(rows.every((r) => r.number === `2026-${String(r.sequence).padStart(4, '0')}`)).toBe(
			true
		);
		expect((await getJournal(db, ctx.companyId, ctx.journalId))!.nextNumber).toBe(21);
	});

	it('two concurrent finalizations of the same draft give one number', async () => {
		const ctx = await company();
		const id = await draft(ctx);
		const [a, b] = await Promise.all([
			finalizeInvoice(db, ctx.companyId, id),
			finalizeInvoice(db, ctx.companyId, id)
		]);
		expect([a.ok, b.ok].sort()).toEqual([false, true]);
		expect((a.ok ? b : a).ok === false && (a.ok ? b : a)).toMatchObject({ error: 'not_draft' });
		expect((await getJournal(db, ctx.companyId, ctx.journalId))!.nextNumber).toBe(2);
		const inv = await getInvoice(db, ctx.companyId, id);
		expect(inv!.invoice.number).toBe('2026-0001');
		expect(inv!.invoice.snapshot).toMatchObject({
			company: { name: 'Test SRL' },
			customer: { name: 'Client NV', vatNumber: 'BE0123456749' }
		});
	});

	it('finalized documents are locked: no edit, no delete', async () => {
		const ctx = await company();
		const id = await draft(ctx);
		expect(await markSent(db, ctx.companyId, id)).toEqual({ ok: false, error: 'not_finalized' });
		await finalizeInvoice(db, ctx.companyId, id);
		expect(await updateDraft(db, ctx.companyId, id, form(ctx, [line({ price: '1' })]))).toEqual({
			ok: false,
			errors: { form: 'not_draft' }
		});
		expect(await deleteDraft(db, ctx.companyId, id)).toEqual({ ok: false, error: 'not_draft' });
		const inv = await getInvoice(db, ctx.companyId, id);
		expect(inv!.invoice.totalCents).toBe(12100);
		expect(inv!.lines).toHaveLength(1);
		expect(await markSent(db, ctx.companyId, id)).toEqual({ ok: true, value: null });
		expect((await getInvoice(db, ctx.companyId, id))!.derived.status).toBe('sent');
	});

	it('a draft can be edited and deleted', async () => {
		const ctx = await company();
		const id = await draft(ctx);
		const r = await updateDraft(
			db,
			ctx.companyId,
			id,
			form(ctx, [line({ price: '10' }), line({ price: '5', vat: '6' })])
		);
		expect(r?.ok).toBe(true);
		const inv = await getInvoice(db, ctx.companyId, id);
		expect(inv!.lines.map((l) => l.position)).toEqual([0, 1]);
		expect(inv!.invoice.totalCents).toBe(1210 + 530);
		expect(await deleteDraft(db, ctx.companyId, id)).toEqual({ ok: true, value: null });
		expect(await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, id))).toEqual([]);
	});
});

describe('OGM', () => {
	it('is valid and unique per company', async () => {
		const ctx = await company();
		const ids = [];
		for (let i = 0; i < 30; i++) ids.push(await draft(ctx));
		const rows = await db.select().from(invoices).where(eq(invoices.companyId, ctx.companyId));
		expect(rows.every((r) => /^[0-9]{12}$/.test(r.ogm) && isValidOgm(r.ogm))).toBe(true);
		expect(new Set(rows.map((r) => r.ogm)).size).toBe(rows.length);
		// The index refuses a duplicate even if the random draw ever repeated.
		await expect(
			db.insert(invoices).values({ ...rows[0]!, id: randomId(), createdAt: undefined })
		).rejects.toThrow();
	});
});

describe('credit notes', () => {
	it('full credit note: negated lines, same journal, limits enforced', async () => {
		const ctx = await company();
		const id = await draft(ctx, [line({ quantity: '2', price: '50' })]);
		// Only finalized invoices can be credited.
		expect(await createCreditNote(db, ctx.companyId, id)).toEqual({
			ok: false,
			error: 'not_finalized_invoice'
		});
		await finalizeInvoice(db, ctx.companyId, id);
		const cn = await createCreditNote(db, ctx.companyId, id);
		if (!cn?.ok) throw new Error('credit note');
		const note = await getInvoice(db, ctx.companyId, cn.value.id);
		expect(note!.invoice).toMatchObject({
			kind: 'credit_note',
			creditedInvoiceId: id,
			journalId: ctx.journalId,
			totalCents: -12100
		});
		expect(note!.lines[0]!.quantityMilli).toBe(-2000);

		// A second full draft is allowed as a draft, but only one can be finalized.
		const cn2 = await createCreditNote(db, ctx.companyId, id);
		if (!cn2?.ok) throw new Error('credit note 2');
		expect((await finalizeInvoice(db, ctx.companyId, cn.value.id)).ok).toBe(true);
		expect(await finalizeInvoice(db, ctx.companyId, cn2.value.id)).toEqual({
			ok: false,
			error: 'credit_exceeds'
		});
		expect(await creditableCents(db, ctx.companyId, id)).toBe(0);
		expect((await getInvoice(db, ctx.companyId, id))!.derived.status).toBe('credited');
		expect(await createCreditNote(db, ctx.companyId, id)).toEqual({
			ok: false,
			error: 'fully_credited'
		});
		const numbers = (
			await db.select().from(invoices).where(eq(invoices.journalId, ctx.journalId))
		).map((r) => r.number);
		expect(numbers.filter(Boolean).sort()).toEqual(['2026-0001', '2026-0002']);
	});

	it('partial credit note and concurrent finalization never over-credit', async () => {
		const ctx = await company();
		const id = await draft(ctx, [
			line({ quantity: '4', price: '25' }),
			line({ quantity: '1', price: '10', vat: '6' })
		]);
		await finalizeInvoice(db, ctx.companyId, id);
		const inv = await getInvoice(db, ctx.companyId, id);
		const first = inv!.lines[0]!.id;
		expect(await createCreditNote(db, ctx.companyId, id, { [first]: '5' })).toEqual({
			ok: false,
			error: 'quantity_invalid'
		});
		// 3 of 4 units: 75.00 + 21 % = 90.75, twice → more than the 131.60 invoice together.
		const a = await createCreditNote(db, ctx.companyId, id, { [first]: '3' });
		const b = await createCreditNote(db, ctx.companyId, id, { [first]: '3' });
		if (!a?.ok || !b?.ok) throw new Error('partial');
		expect((await getInvoice(db, ctx.companyId, a.value.id))!.invoice.totalCents).toBe(-9075);
		const results = await Promise.all([
			finalizeInvoice(db, ctx.companyId, a.value.id),
			finalizeInvoice(db, ctx.companyId, b.value.id)
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(await creditableCents(db, ctx.companyId, id)).toBe(13160 - 9075);
		const balance = await invoiceBalance(db, ctx.companyId, id);
		expect(balance).toMatchObject({ creditedCents: 9075, balanceCents: 13160 - 9075 });

		// Saving a credit note draft above what's left is refused with a key.
		// A full credit note no longer fits: 131.60 > 40.85 left.
		expect(await createCreditNote(db, ctx.companyId, id)).toEqual({
			ok: false,
			error: 'credit_exceeds'
		});
		const c = await createCreditNote(db, ctx.companyId, id, { [first]: '1' });
		if (!c?.ok) throw new Error('one unit');
		const r = await updateDraft(db, ctx.companyId, c.value.id, {
			...form(ctx, [line({ quantity: '-4', price: '25' })]),
			issueDate: '2026-12-01'
		});
		expect(r).toEqual({ ok: false, errors: { total: 'credit_exceeds' } });
	});
});

describe('status from the ledger', () => {
	it('partially paid, paid, overdue', async () => {
		const ctx = await company();
		const id = await draft(ctx);
		await finalizeInvoice(db, ctx.companyId, id);
		const pay = (cents: number) =>
			db.insert(payments).values({
				id: randomId(),
				companyId: ctx.companyId,
				invoiceId: id,
				date: '2026-03-10',
				amountCents: cents,
				method: 'bank_transfer'
			});
		expect((await invoiceBalance(db, ctx.companyId, id, '2026-05-01'))!).toMatchObject({
			status: 'finalized',
			overdue: true,
			balanceCents: 12100
		});
		await pay(5000);
		expect((await invoiceBalance(db, ctx.companyId, id, '2026-03-10'))!.status).toBe(
			'partially_paid'
		);
		await pay(7100);
		expect((await invoiceBalance(db, ctx.companyId, id, '2026-05-01'))!).toMatchObject({
			status: 'paid',
			overdue: false,
			balanceCents: 0
		});
		const list = await listInvoices(db, ctx.companyId, { status: 'paid' });
		expect(list.rows.map((r) => r.id)).toEqual([id]);
	});

	it('lists with filters, search and open/overdue totals', async () => {
		const ctx = await company();
		const a = await draft(ctx);
		const b = await draft(ctx, [line({ price: '10' })]);
		await finalizeInvoice(db, ctx.companyId, a);
		const all = await listInvoices(db, ctx.companyId, {}, '2026-06-01');
		expect(all.rows).toHaveLength(2);
		expect(await openTotals(db, ctx.companyId, {}, '2026-06-01')).toEqual({
			open: { EUR: 12100 },
			overdue: { EUR: 12100 },
			openCount: 1,
			overdueCount: 1
		});
		expect(
			(await listInvoices(db, ctx.companyId, { status: 'draft' })).rows.map((r) => r.id)
		).toEqual([b]);
		expect(
			(await listInvoices(db, ctx.companyId, { q: '2026-0001' })).rows.map((r) => r.id)
		).toEqual([a]);
		expect((await listInvoices(db, ctx.companyId, { q: 'client' })).rows).toHaveLength(2);
		expect((await listInvoices(db, ctx.companyId, { from: '2026-04-01' })).rows).toHaveLength(0);
		expect(
			(await listInvoices(db, ctx.companyId, { status: 'overdue' }, '2026-06-01')).rows.map(
				(r) => r.id
			)
		).toEqual([a]);
	});
});

describe('customers and journals lifecycle', () => {
	it('search, archive, delete only if never invoiced', async () => {
		const ctx = await company();
		const other = await createCustomer(db, ctx.companyId, { name: 'Bakkerij Peeters' });
		if (!other.ok) throw new Error('customer');
		expect((await listCustomers(db, ctx.companyId, { q: 'peet' })).map((c) => c.name)).toEqual([
			'Bakkerij Peeters'
		]);
		expect((await listCustomers(db, ctx.companyId, { q: 'ap@client' })).map((c) => c.name)).toEqual(
			['Client NV']
		);
		expect((await listCustomers(db, ctx.companyId, { q: '0123.456' })).map((c) => c.name)).toEqual([
			'Client NV'
		]);
		expect(await listCustomers(db, ctx.companyId, { q: '%' })).toEqual([]);
		await draft(ctx);
		expect(await deleteCustomer(db, ctx.companyId, ctx.customerId)).toBe('has_invoices');
		expect(await setCustomerArchived(db, ctx.companyId, ctx.customerId, true)).toBe(true);
		expect((await listCustomers(db, ctx.companyId)).map((c) => c.name)).toEqual([
			'Bakkerij Peeters'
		]);
		expect((await listCustomers(db, ctx.companyId, { archived: true })).map((c) => c.name)).toEqual(
			['Client NV']
		);
		expect(await deleteCustomer(db, ctx.companyId, other.value.id)).toBe('deleted');
	});

	it('the last active journal cannot be archived', async () => {
		const ctx = await company();
		expect(await setJournalArchived(db, ctx.companyId, ctx.journalId, true)).toBe('last_active');
		const j = await createJournal(db, ctx.companyId, { name: 'Webshop' });
		expect(j.ok).toBe(true);
		expect(await createJournal(db, ctx.companyId, { name: 'Webshop' })).toEqual({
			ok: false,
			errors: { name: 'name_taken' }
		});
		expect(await setJournalArchived(db, ctx.companyId, ctx.journalId, true)).toBe('ok');
		expect((await listJournals(db, ctx.companyId)).map((x) => x.name)).toEqual(['Webshop']);
	});
});

describe('scoping: company B cannot reach company A', () => {
	it('reads and writes by id fail and change nothing', async () => {
		const a = await company('A SRL');
		const b = await company('B BV');
		const invoiceId = await draft(a);
		const snapshot = async () => ({
			inv: await db.select().from(invoices).where(eq(invoices.id, invoiceId)),
			lines: await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)),
			cust: await db.select().from(customers).where(eq(customers.id, a.customerId)),
			jrn: await db.select().from(journals).where(eq(journals.id, a.journalId))
		});
		const before = await snapshot();

		expect(await getCustomer(db, b.companyId, a.customerId)).toBeNull();
		expect(await getJournal(db, b.companyId, a.journalId)).toBeNull();
		expect(await getInvoice(db, b.companyId, invoiceId)).toBeNull();
		expect(await invoiceBalance(db, b.companyId, invoiceId)).toBeNull();
		expect(await updateCustomer(db, b.companyId, a.customerId, { name: 'Hacked' })).toBeNull();
		expect(await setCustomerArchived(db, b.companyId, a.customerId, true)).toBe(false);
		expect(await deleteCustomer(db, b.companyId, a.customerId)).toBe('not_found');
		expect(await updateJournal(db, b.companyId, a.journalId, { name: 'Hacked' })).toBeNull();
		expect(await setJournalArchived(db, b.companyId, a.journalId, true)).toBe('not_found');
		expect(await updateDraft(db, b.companyId, invoiceId, form(b, [line({})]))).toBeNull();
		expect(await deleteDraft(db, b.companyId, invoiceId)).toEqual({
			ok: false,
			error: 'not_found'
		});
		expect(await finalizeInvoice(db, b.companyId, invoiceId)).toEqual({
			ok: false,
			error: 'not_found'
		});
		expect(await markSent(db, b.companyId, invoiceId)).toEqual({ ok: false, error: 'not_found' });
		expect(await createCreditNote(db, b.companyId, invoiceId)).toEqual({
			ok: false,
			error: 'not_found'
		});
		expect((await listInvoices(db, b.companyId)).rows).toEqual([]);
		expect(await listCustomers(db, b.companyId, { q: 'Client' })).toHaveLength(1); // B's own

		// Forged ids in B's own draft: A's customer and journal are "not found".
		const forged = await createDraft(db, b.companyId, form(a, [line({})]));
		expect(forged).toEqual({
			ok: false,
			errors: { customerId: 'not_found', journalId: 'not_found' }
		});
		expect(await snapshot()).toEqual(before);
		expect(
			await db
				.select()
				.from(invoices)
				.where(and(eq(invoices.companyId, b.companyId)))
		).toEqual([]);
	});
});
