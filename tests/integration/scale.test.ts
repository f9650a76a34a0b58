import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveInvoiceStatus } from '$lib/domain/status';
import { createAccount } from '$lib/server/auth/accounts';
import type { Db } from '$lib/server/db';
import { invoices, payments } from '$lib/server/db/schema';
import { createCreditNote } from '$lib/server/invoicing/creditNotes';
import { deleteDraft } from '$lib/server/invoicing/invoices';
import { listJournals } from '$lib/server/invoicing/journals';
import {
	paymentTotalsByMethod,
	registerPayment,
	removePayment
} from '$lib/server/invoicing/ledger';
import { finalizeInvoice } from '$lib/server/invoicing/numbering';
import {
	CUSTOMER_PAGE_SIZE,
	listCustomerPage,
	listCustomers
} from '$lib/server/invoicing/customers';
import {
	dashboardSummary,
	listInvoices,
	openTotals,
	type InvoiceListRow,
	type ListStatus
} from '$lib/server/invoicing/queries';
import { seedScale } from '../../scripts/lib/seedScale';
import { expectStoredAmountsExact } from '../helpers/amountDue';
import { createTestDb } from '../helpers/db';

/**
 * More history than any page shows: the totals must still be exact, and paging must visit every
 * document once. The expected figures are computed the slow, obvious way from every row.
 */
const TODAY = '2026-11-30';
const N = 1500;
let db: Db;
let companyId: string;

async function newCompany(email: string) {
	const acc = await createAccount(db, {
		email,
		password: 'correct horse battery',
		name: 'Owner',
		companyName: 'Years SRL',
		locale: 'en'
	});
	if (!acc.ok) throw new Error('account');
	const [journal] = await listJournals(db, acc.companyId);
	return { companyId: acc.companyId, journalId: journal!.id };
}

/** Every document's derived status from all rows, in plain TypeScript. */
async function bruteForce(company: string) {
	const docs = await db.select().from(invoices).where(eq(invoices.companyId, company));
	const ledger = await db.select().from(payments).where(eq(payments.companyId, company));
	const paid = new Map<string, number>();
	const refunded = new Map<string, number>();
	for (const p of ledger) {
		const into = p.amountCents > 0 ? paid : refunded;
		into.set(p.invoiceId, (into.get(p.invoiceId) ?? 0) + Math.abs(p.amountCents));
	}
	const credited = new Map<string, number>();
	for (const d of docs) {
		if (d.kind === 'credit_note' && d.state === 'finalized') {
			const id = d.creditedInvoiceId!;
			credited.set(id, (credited.get(id) ?? 0) - d.totalCents);
		}
	}
	return docs.map((d) => {
		if (d.kind === 'credit_note') {
			const status = d.state === 'draft' ? 'draft' : d.sentAt ? 'sent' : 'finalized';
			return { doc: d, status, overdue: false, balanceCents: 0 };
		}
		const s = deriveInvoiceStatus({
			finalized: d.state === 'finalized',
			sent: d.sentAt !== null,
			totalCents: d.totalCents,
			paidCents: paid.get(d.id) ?? 0,
			refundedCents: refunded.get(d.id) ?? 0,
			creditedCents: Math.min(credited.get(d.id) ?? 0, d.totalCents),
			dueDate: d.dueDate,
			today: TODAY
		});
		return { doc: d, status: s.status, overdue: s.overdue, balanceCents: s.balanceCents };
	});
}

async function allPages(filters: Parameters<typeof listInvoices>[2]) {
	const rows: InvoiceListRow[] = [];
	let after: string | undefined;
	let pages = 0;
	for (;;) {
		const page = await listInvoices(db, companyId, { ...filters, after }, TODAY);
		pages++;
		expect(page.prev === null).toBe(after === undefined);
		rows.push(...page.rows);
		if (!page.next) break;
		after = page.next;
	}
	return { rows, pages };
}

beforeAll(async () => {
	({ db } = await createTestDb());
	const c = await newCompany(`scale-${Date.now()}@example.test`);
	companyId = c.companyId;
	const seeded = await seedScale(db, { ...c, invoices: N, today: TODAY });
	expect(seeded.invoices).toBeGreaterThan(N);
	// Another company's history must never leak into these figures.
	const other = await newCompany(`scale-other-${Date.now()}@example.test`);
	await seedScale(db, { ...other, invoices: 300, today: TODAY, seed: 7, prefix: 'o' });
}, 60_000);

describe('years of invoices', { timeout: 30_000 }, () => {
	it('dashboard open and overdue totals are exact past 1,000 invoices', async () => {
		const all = await bruteForce(companyId);
		const open = all.filter(
			(r) => r.doc.kind === 'invoice' && r.doc.state === 'finalized' && r.balanceCents > 0
		);
		const overdue = open.filter((r) => r.overdue);
		const sum = (rows: typeof open) => {
			const out: Record<string, number> = {};
			for (const r of rows) out[r.doc.currency] = (out[r.doc.currency] ?? 0) + r.balanceCents;
			return out;
		};
		// The seed must make the old bug visible: open invoices beyond the 1,000 newest.
		const newest = [...all]
			.sort((a, b) =>
				`${b.doc.issueDate}${b.doc.createdAt.getTime()}`.localeCompare(
					`${a.doc.issueDate}${a.doc.createdAt.getTime()}`
				)
			)
			.slice(0, 1000)
			.map((r) => r.doc.id);
		expect(open.filter((r) => !newest.includes(r.doc.id)).length).toBeGreaterThan(10);
		expect(overdue.length).toBeGreaterThan(10);

		const summary = await dashboardSummary(db, companyId, TODAY);
		expect(summary.openCount).toBe(open.length);
		expect(summary.overdueCount).toBe(overdue.length);
		expect(summary.open).toEqual(sum(open));
		expect(summary.overdue).toEqual(sum(overdue));
		expect(summary.recent).toHaveLength(5);
	});

	it('the trigger-kept amount due of every document equals the sum of its ledger and credits', async () => {
		// Both companies' documents, seeded through bulk inserts of invoices, credit notes and
		// payments: the triggers saw every row.
		expect(await expectStoredAmountsExact(db)).toBeGreaterThan(N + 300);
	});

	it('pages visit every document once, newest first, both ways', async () => {
		const all = await bruteForce(companyId);
		const { rows, pages } = await allPages({});
		expect(pages).toBe(Math.ceil(all.length / 50));
		expect(rows.map((r) => r.id).sort()).toEqual(all.map((r) => r.doc.id).sort());
		const keys = rows.map((r) => [r.issueDate, r.createdAtMs, r.id] as const);
		for (let i = 1; i < keys.length; i++) {
			const [a, b] = [keys[i - 1]!, keys[i]!];
			expect(
				a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] > b[2])))
			).toBe(true);
		}
		// Back from the third page: the second, then the first (which has no newer page).
		const first = await listInvoices(db, companyId, {}, TODAY);
		const second = await listInvoices(db, companyId, { after: first.next! }, TODAY);
		const third = await listInvoices(db, companyId, { after: second.next! }, TODAY);
		const back = await listInvoices(db, companyId, { before: third.prev! }, TODAY);
		expect(back.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id));
		const top = await listInvoices(db, companyId, { before: back.prev! }, TODAY);
		expect(top.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
		expect(top.prev).toBeNull();
	});

	it('the status filter in SQL agrees with the derived status on every document', async () => {
		const all = await bruteForce(companyId);
		const statuses: ListStatus[] = [
			'draft',
			'finalized',
			'sent',
			'partially_paid',
			'paid',
			'overdue',
			'credited',
			'overpaid'
		];
		for (const status of statuses) {
			const expected = all
				.filter((r) => (status === 'overdue' ? r.overdue : r.status === status))
				.map((r) => r.doc.id)
				.sort();
			const { rows } = await allPages({ status });
			expect({ status, ids: rows.map((r) => r.id).sort() }).toEqual({ status, ids: expected });
			for (const r of rows)
				expect(status === 'overdue' ? r.overdue : r.status).toBe(
					status === 'overdue' ? true : status
				);
		}
	});

	it('list totals follow the filters, not the page', async () => {
		const all = await bruteForce(companyId);
		const from = '2026-01-01';
		const open = all.filter(
			(r) =>
				r.doc.kind === 'invoice' &&
				r.doc.state === 'finalized' &&
				r.balanceCents > 0 &&
				r.doc.issueDate >= from
		);
		const totals = await openTotals(db, companyId, { from }, TODAY);
		expect(totals.openCount).toBe(open.length);
		expect(Object.values(totals.open).reduce((a, b) => a + b, 0)).toBe(
			open.reduce((a, r) => a + r.balanceCents, 0)
		);
	});
});

/** The dashboard's open and overdue figures, the slow, obvious way. */
async function expectedSummary(company: string) {
	const open = (await bruteForce(company)).filter(
		(r) => r.doc.kind === 'invoice' && r.doc.state === 'finalized' && r.balanceCents > 0
	);
	const overdue = open.filter((r) => r.overdue);
	const sum = (rows: typeof open) => {
		const out: Record<string, number> = {};
		for (const r of rows) out[r.doc.currency] = (out[r.doc.currency] ?? 0) + r.balanceCents;
		return out;
	};
	return {
		openCount: open.length,
		overdueCount: overdue.length,
		open: sum(open),
		overdue: sum(overdue)
	};
}

describe('kept open totals through every write on a long history', { timeout: 30_000 }, () => {
	it('payments, removals, credit notes (draft, finalized, deleted) keep the dashboard exact', async () => {
		const check = async () => {
			const summary = await dashboardSummary(db, companyId, TODAY);
			const { openCount, overdueCount, open, overdue } = summary;
			expect({ openCount, overdueCount, open, overdue }).toEqual(await expectedSummary(companyId));
			// Received this month: the ledger's rows dated in TODAY's month, by invoice currency.
			const docs = await db.select().from(invoices).where(eq(invoices.companyId, companyId));
			const currency = new Map(docs.map((d) => [d.id, d.currency]));
			const month: Record<string, number> = {};
			for (const p of await db.select().from(payments).where(eq(payments.companyId, companyId))) {
				if (!p.date.startsWith(TODAY.slice(0, 7))) continue;
				const c = currency.get(p.invoiceId)!;
				month[c] = (month[c] ?? 0) + p.amountCents;
			}
			expect(summary.paidThisMonth).toEqual(month);
			// The unfiltered list totals are the same kept figures.
			const list = await openTotals(db, companyId, {}, TODAY);
			expect(list).toEqual({ openCount, overdueCount, open, overdue });
			await expectStoredAmountsExact(db);
		};
		await check();
		const all = await bruteForce(companyId);
		const openRows = all.filter(
			(r) => r.doc.kind === 'invoice' && r.doc.state === 'finalized' && r.balanceCents > 0
		);
		const late = openRows.find((r) => r.overdue && r.doc.currency === 'EUR')!;
		const notDue = openRows.find((r) => !r.overdue)!;
		const pay = (id: string, amountCents: number) =>
			registerPayment(db, companyId, id, {
				date: TODAY,
				amountCents,
				method: 'bank_transfer',
				reference: ''
			});

		// Part of an overdue invoice, then the rest: it leaves the open totals.
		const part = await pay(late.doc.id, 1);
		if (!part.ok) throw new Error(part.reason);
		await check();
		const rest = await pay(late.doc.id, late.balanceCents - 1);
		if (!rest.ok) throw new Error(rest.reason);
		await check();
		// Removing a payment reopens it.
		expect((await removePayment(db, companyId, rest.payment.id)).ok).toBe(true);
		await check();
		// Paying an invoice not yet due takes it out; a credit note drafted, then finalized.
		expect((await pay(notDue.doc.id, notDue.balanceCents)).ok).toBe(true);
		await check();
		const cn = await createCreditNote(db, companyId, late.doc.id);
		if (!cn?.ok) throw new Error('credit note');
		await check();
		expect((await finalizeInvoice(db, companyId, cn.value.id)).ok).toBe(true);
		await check();
		// A draft credit note of another invoice, deleted before finalizing.
		const other = openRows.find((r) => r.doc.id !== late.doc.id && r.doc.id !== notDue.doc.id)!;
		const draft = await createCreditNote(db, companyId, other.doc.id);
		if (!draft?.ok) throw new Error('credit note');
		expect(await deleteDraft(db, companyId, draft.value.id)).toEqual({ ok: true, value: null });
		await check();
		// A draft invoice finalized joins the open totals.
		const drafted = all.find((r) => r.doc.kind === 'invoice' && r.doc.state === 'draft')!;
		expect((await finalizeInvoice(db, companyId, drafted.doc.id)).ok).toBe(true);
		await check();
	});
});

describe('payments overview totals', () => {
	it('whole months from the kept totals plus the cut days from the ledger equal the sum', async () => {
		const docs = await db.select().from(invoices).where(eq(invoices.companyId, companyId));
		const currency = new Map(docs.map((d) => [d.id, d.currency]));
		const ledger = await db.select().from(payments).where(eq(payments.companyId, companyId));
		const periods: { from?: string; to?: string }[] = [
			{},
			{ from: '2026-01-01', to: '2026-12-31' },
			{ from: '2026-11-01', to: '2026-11-30' },
			{ from: '2026-02-01', to: '2026-02-28' },
			{ from: '2025-03-17', to: '2026-02-03' },
			{ from: '2025-03-17' },
			{ to: '2025-06-09' },
			{ from: '2026-10-05', to: '2026-10-20' },
			{ from: '2026-09-05', to: '2026-10-20' },
			{ from: '2026-09-30', to: '2026-11-01' }
		];
		for (const period of periods) {
			const expected = new Map<string, { count: number; cents: number }>();
			for (const p of ledger) {
				if ((period.from && p.date < period.from) || (period.to && p.date > period.to)) continue;
				const key = `${p.method} ${currency.get(p.invoiceId)}`;
				const t = expected.get(key) ?? { count: 0, cents: 0 };
				expected.set(key, { count: t.count + 1, cents: t.cents + p.amountCents });
			}
			const got = new Map<string, { count: number; cents: number }>();
			for (const t of await paymentTotalsByMethod(db, companyId, period)) {
				for (const c of t.totals)
					got.set(`${t.method} ${c.currency}`, { count: -1, cents: c.cents });
			}
			const counts = Object.fromEntries(
				(await paymentTotalsByMethod(db, companyId, period)).map((t) => [t.method, t.count])
			);
			const expectedCounts: Record<string, number> = {};
			for (const [key, t] of expected) {
				const method = key.split(' ')[0]!;
				expectedCounts[method] = (expectedCounts[method] ?? 0) + t.count;
			}
			for (const method of Object.keys(counts)) expectedCounts[method] ??= 0;
			expect({ period, counts }).toEqual({ period, counts: expectedCounts });
			const cents = (m: Map<string, { cents: number }>) =>
				Object.fromEntries([...m].map(([k, v]) => [k, v.cents]).sort());
			expect({ period, cents: cents(got) }).toEqual({ period, cents: cents(expected) });
		}
		expect(ledger.some((p) => p.date >= '2026-09-30' && p.date <= '2026-11-01')).toBe(true);
	});
});

describe('customer pages', () => {
	it('visit every customer once, by name case-insensitively, 50 at a time', async () => {
		const all = await listCustomers(db, companyId);
		expect(all.length).toBeGreaterThan(100);
		const seen: string[] = [];
		let after: string | undefined;
		let pages = 0;
		do {
			const page = await listCustomerPage(db, companyId, { after });
			expect(page.rows.length).toBeLessThanOrEqual(CUSTOMER_PAGE_SIZE);
			seen.push(...page.rows.map((c) => c.id));
			after = page.next ?? undefined;
			pages++;
		} while (after);
		expect(pages).toBe(Math.ceil(all.length / CUSTOMER_PAGE_SIZE));
		expect(seen).toEqual(all.map((c) => c.id));
		// The search pages too, and an unknown cursor yields nothing rather than everything.
		const garages = await listCustomerPage(db, companyId, { q: 'garage', limit: 5 });
		expect(garages.rows.every((c) => /garage/i.test(c.name))).toBe(true);
		expect((await listCustomerPage(db, companyId, { after: 'nope' })).rows).toEqual([]);
	});
});
