import { createClient } from '@libsql/client';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql/web';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db';
import { awaitingPayment, changeStamp } from '$lib/server/changes';
import * as schema from '$lib/server/db/schema';
import { companies, invoices, molliePayments, outbox, payments } from '$lib/server/db/schema';
import { randomId } from '$lib/server/secrets/ids';
import {
	brusselsDayStart,
	invoiceMolliePayments,
	listMollieTransactions,
	mollieLedgerPresence,
	molliePaymentDetail,
	summarizeMollieTransactions,
	type MollieTransactionFilters
} from '$lib/server/mollie/transactions';
import { expectStoredAmountsExact } from '../helpers/amountDue';
import { createTestDb } from '../helpers/db';
import { makeCompany, makeCustomer, makeInvoice } from '../helpers/invoicing-fixtures';

type Row = typeof molliePayments.$inferInsert;

let db: Db;
let client: Awaited<ReturnType<typeof createTestDb>>['client'];
let url: string;

beforeAll(async () => {
	const test = await createTestDb();
	db = test.db as Db;
	client = test.client;
	url = test.url;
});

// The kept Mollie totals (the unfiltered summary's rows) equal the payments after every test.
afterEach(async () => {
	await expectStoredAmountsExact(db);
});

const line = { quantityMilli: 1000, unitPriceMilli: 100_000, vat: '21' as const };

async function company(name: string, customerName: string, number: string) {
	const { company, journal } = await makeCompany(db, { name });
	const customer = await makeCustomer(db, company.id, { name: customerName });
	const invoice = await makeInvoice(db, {
		companyId: company.id,
		journalId: journal.id,
		customer,
		company,
		number,
		lines: [line]
	});
	return { companyId: company.id, journalId: journal.id, customer, invoiceId: invoice.id };
}

let seq = 0;
function payment(companyId: string, invoiceId: string, over: Partial<Row> = {}): Row {
	seq += 1;
	const createdAt = over.createdAt ?? new Date(Date.UTC(2026, 2, 1, 12) + seq * 60_000);
	return {
		id: `tr_${String(seq).padStart(8, '0')}`,
		companyId,
		invoiceId,
		mode: 'test',
		profileId: 'pfl_test',
		status: 'paid',
		amountCents: 12_100,
		currency: 'EUR',
		method: 'bancontact',
		createdAt,
		updatedAt: createdAt,
		...over
	};
}

async function all(companyId: string, filters: MollieTransactionFilters = {}) {
	const out: string[] = [];
	let after: string | undefined;
	for (;;) {
		const page = await listMollieTransactions(db, companyId, { ...filters, after, limit: 100 });
		out.push(...page.rows.map((r) => r.id));
		if (!page.next) return out;
		after = page.next;
	}
}

describe('Brussels calendar days', () => {
	it('start at local midnight, in winter, summer and on both DST switch days', () => {
		expect(new Date(brusselsDayStart('2026-01-15')).toISOString()).toBe('2026-01-14T23:00:00.000Z');
		expect(new Date(brusselsDayStart('2026-07-01')).toISOString()).toBe('2026-06-30T22:00:00.000Z');
		expect(new Date(brusselsDayStart('2026-03-29')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
		expect(new Date(brusselsDayStart('2026-03-30')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
		expect(new Date(brusselsDayStart('2026-10-25')).toISOString()).toBe('2026-10-24T22:00:00.000Z');
		expect(new Date(brusselsDayStart('2026-10-26')).toISOString()).toBe('2026-10-25T23:00:00.000Z');
	});
});

describe('listMollieTransactions: filters, search, isolation', () => {
	let a: Awaited<ReturnType<typeof company>>;
	let a2: string;
	let b: Awaited<ReturnType<typeof company>>;
	const ids: Record<string, string> = {};

	beforeAll(async () => {
		a = await company('Atelier A', 'Brasserie Lambic SRL', '2026-0042');
		const other = await makeCustomer(db, a.companyId, { name: 'Café 100% Zinc' });
		a2 = (
			await makeInvoice(db, {
				companyId: a.companyId,
				journalId: a.journalId,
				customer: other,
				number: '2026-0077',
				lines: [line]
			})
		).id;
		b = await company('Atelier B', 'Bakkerij Peeters BV', '2026-0001');
		const rows: Record<string, Row> = {
			paidTest: payment(a.companyId, a.invoiceId, { method: 'bancontact' }),
			openLive: payment(a.companyId, a.invoiceId, {
				mode: 'live',
				status: 'open',
				method: null,
				amountCents: 5_000
			}),
			failedCard: payment(a.companyId, a2, { status: 'failed', method: 'creditcard' }),
			// 23:30 UTC on 1 March is 00:30 on 2 March in Brussels.
			lateNight: payment(a.companyId, a2, {
				method: 'ideal',
				mode: 'live',
				amountCents: 2_500,
				refundedCents: 500,
				pendingRefundCents: 1_000,
				chargedBackCents: 300,
				createdAt: new Date('2026-03-01T23:30:00Z')
			}),
			usd: payment(a.companyId, a2, { currency: 'USD', amountCents: 999 }),
			otherCompany: payment(b.companyId, b.invoiceId, { method: 'bancontact' })
		};
		for (const [key, row] of Object.entries(rows)) ids[key] = row.id!;
		await db.insert(molliePayments).values(Object.values(rows));
	});

	it('lists every payment of the company, newest first, with invoice and customer', async () => {
		const page = await listMollieTransactions(db, a.companyId);
		expect(page.rows.map((r) => r.id)).toEqual([
			ids.lateNight,
			ids.usd,
			ids.failedCard,
			ids.openLive,
			ids.paidTest
		]);
		expect(page.next).toBeNull();
		expect(page.prev).toBeNull();
		const late = page.rows.find((r) => r.id === ids.lateNight)!;
		expect(late).toMatchObject({
			invoiceId: a2,
			invoiceNumber: '2026-0077',
			customerName: 'Café 100% Zinc',
			method: 'ideal',
			mode: 'live',
			amountCents: 2_500,
			refundedCents: 500,
			pendingRefundCents: 1_000,
			chargedBackCents: 300
		});
	});

	it('never shows another company its rows, whatever the filter or id', async () => {
		expect(await all(b.companyId)).toEqual([ids.otherCompany]);
		expect(await all(b.companyId, { q: 'Lambic' })).toEqual([]);
		expect(await all(a.companyId, { q: 'Peeters' })).toEqual([]);
		expect(await all('no-such-company')).toEqual([]);
		expect(await molliePaymentDetail(db, b.companyId, ids.paidTest!)).toBeNull();
		expect(await invoiceMolliePayments(db, b.companyId, a.invoiceId)).toEqual([]);
		expect((await summarizeMollieTransactions(db, b.companyId)).count).toBe(1);
	});

	it('filters by status, method, mode and Belgian calendar days', async () => {
		expect(await all(a.companyId, { status: 'failed' })).toEqual([ids.failedCard]);
		expect(await all(a.companyId, { status: 'open' })).toEqual([ids.openLive]);
		expect(await all(a.companyId, { method: 'creditcard' })).toEqual([ids.failedCard]);
		expect(await all(a.companyId, { mode: 'live' })).toEqual([ids.lateNight, ids.openLive]);
		expect(await all(a.companyId, { mode: 'test', status: 'paid' })).toEqual([
			ids.usd,
			ids.paidTest
		]);
		// Created on 2 March in Brussels, though 1 March in UTC.
		expect(await all(a.companyId, { from: '2026-03-02', to: '2026-03-02' })).toEqual([
			ids.lateNight
		]);
		expect(await all(a.companyId, { to: '2026-03-01' })).toHaveLength(4);
		expect(await all(a.companyId, { from: '2026-03-03' })).toEqual([]);
	});

	it('searches invoice numbers and customer names, wildcards taken literally', async () => {
		expect(await all(a.companyId, { q: '0077' })).toEqual([ids.lateNight, ids.usd, ids.failedCard]);
		expect(await all(a.companyId, { q: 'lambic' })).toEqual([ids.openLive, ids.paidTest]);
		expect(await all(a.companyId, { q: '100%' })).toHaveLength(3);
		expect(await all(a.companyId, { q: '%' })).toHaveLength(3);
		expect(await all(a.companyId, { q: '_' })).toEqual([]);
		expect(await all(a.companyId, { q: '  ' })).toHaveLength(5);
		expect(await all(a.companyId, { q: 'lambic', status: 'open' })).toEqual([ids.openLive]);
	});

	it('summarizes the filtered rows: count, paid amounts per currency', async () => {
		expect(await summarizeMollieTransactions(db, a.companyId)).toEqual({
			count: 5,
			paid: [
				{ currency: 'EUR', cents: 12_100 + 2_500 },
				{ currency: 'USD', cents: 999 }
			]
		});
		expect(await summarizeMollieTransactions(db, a.companyId, { q: 'lambic' })).toEqual({
			count: 2,
			paid: [{ currency: 'EUR', cents: 12_100 }]
		});
	});

	it('an invoice’s payments: newest first, with what may still be refunded', async () => {
		const list = await invoiceMolliePayments(db, a.companyId, a2);
		expect(list.map((p) => p.id)).toEqual([ids.lateNight, ids.usd, ids.failedCard]);
		const late = list.find((p) => p.id === ids.lateNight)!;
		// 25.00 − 5.00 refunded − 10.00 pending − 3.00 charged back.
		expect(late.refundableCents).toBe(700);
		expect(late.refundableCents).toBe(700);
		expect(list.find((p) => p.id === ids.failedCard)!.refundableCents).toBe(0);
		expect(list.find((p) => p.id === ids.failedCard)!.refundableCents).toBe(0);
		expect(list.find((p) => p.id === ids.usd)!.refundableCents).toBe(999);
		const detail = await molliePaymentDetail(db, a.companyId, ids.lateNight!);
		expect(detail).toMatchObject({
			invoiceNumber: '2026-0077',
			customerName: 'Café 100% Zinc',
			refundableCents: 700
		});
	});
});

describe('pagination over 10,000 payments', () => {
	const N = 10_000;
	let companyId: string;

	beforeAll(async () => {
		const c = await company('Grossiste', 'Client en gros', '2026-9000');
		companyId = c.companyId;
		const base = Date.UTC(2026, 0, 1);
		const rows: Row[] = [];
		for (let i = 0; i < N; i++) {
			// Groups of 7 share a timestamp: the id must break ties without skipping or repeating.
			const createdAt = new Date(base + Math.floor(i / 7) * 60_000);
			rows.push({
				...payment(companyId, c.invoiceId, { createdAt }),
				id: `tr_${randomId(8)}`,
				status: i % 10 === 0 ? 'failed' : 'paid',
				mode: i % 2 === 0 ? 'test' : 'live'
			});
		}
		for (let i = 0; i < rows.length; i += 1_000) {
			await db.insert(molliePayments).values(rows.slice(i, i + 1_000));
		}
	}, 60_000);

	const order = (r: { createdAt: Date; id: string }[]) =>
		[...r].sort((x, y) =>
			x.createdAt.getTime() !== y.createdAt.getTime()
				? y.createdAt.getTime() - x.createdAt.getTime()
				: x.id < y.id
					? 1
					: -1
		);

	it('walks forward and back through every row exactly once, in order', async () => {
		const seen: { id: string; createdAt: Date }[] = [];
		const cursors: (string | null)[] = [];
		let page = await listMollieTransactions(db, companyId, { limit: 100 });
		expect(page.prev).toBeNull();
		const started = performance.now();
		for (;;) {
			seen.push(...page.rows);
			cursors.push(page.prev);
			if (!page.next) break;
			page = await listMollieTransactions(db, companyId, { limit: 100, after: page.next });
		}
		const perPage = (performance.now() - started) / cursors.length;
		expect(seen).toHaveLength(N);
		expect(new Set(seen.map((r) => r.id)).size).toBe(N);
		expect(seen.map((r) => r.id)).toEqual(order(seen).map((r) => r.id));
		expect(cursors.slice(1).every((c) => c !== null)).toBe(true);
		// A generous bound (CI machines vary); an offset scan of 10,000 joined rows would be far slower.
		expect(perPage).toBeLessThan(50);

		// And back from the last page to the first through `before`.
		const backwards: string[] = [...page.rows.map((r) => r.id)];
		let prev = page.prev;
		while (prev) {
			const p = await listMollieTransactions(db, companyId, { limit: 100, before: prev });
			expect(p.next).not.toBeNull();
			backwards.unshift(...p.rows.map((r) => r.id));
			prev = p.prev;
		}
		expect(backwards).toEqual(seen.map((r) => r.id));
	}, 60_000);

	it('keeps filtered pages exact too', async () => {
		const failed = await all(companyId, { status: 'failed' });
		expect(failed).toHaveLength(N / 10);
		expect(new Set(failed).size).toBe(N / 10);
		const liveFailed = await all(companyId, { status: 'failed', mode: 'live' });
		expect(liveFailed).toHaveLength(0);
		expect((await summarizeMollieTransactions(db, companyId)).count).toBe(N);
	}, 60_000);

	it('reads pages through the (company_id, created_at) index, not a scan and sort', async () => {
		// The exact statements the list runs, captured from drizzle and explained by SQLite.
		const queries: { sql: string; params: unknown[] }[] = [];
		const spy = drizzle(client, {
			schema,
			logger: { logQuery: (q, params) => void queries.push({ sql: q, params }) }
		}) as unknown as Db;
		const first = await listMollieTransactions(db, companyId, { limit: 100 });
		await listMollieTransactions(spy, companyId, { limit: 100, after: first.next! });
		await listMollieTransactions(spy, companyId, { limit: 100, status: 'paid' });
		expect(queries.length).toBeGreaterThanOrEqual(3);
		// Its own connection, closed after: libsql keeps an EXPLAIN statement's read lock open.
		const explainer = createClient({ url });
		const plans: string[] = [];
		try {
			for (const q of queries) {
				const plan = await explainer.execute(`explain query plan ${inline(q.sql, q.params)}`);
				plans.push(plan.rows.map((r) => String(r.detail)).join('\n'));
			}
		} finally {
			explainer.close();
		}
		for (const [i, text] of plans.entries()) {
			const q = queries[i]!;
			expect(text, q.sql).toContain('mollie_payments_company_idx');
			expect(text, q.sql).not.toMatch(/SCAN mollie_payments(?! USING)/);
			expect(text, q.sql).not.toContain('USE TEMP B-TREE FOR ORDER BY');
		}
	});
});

/** A logged statement with its parameters written in, for EXPLAIN (test data only: no quotes). */
function inline(statement: string, params: unknown[]): string {
	let i = 0;
	return statement.replace(/\?/g, () => {
		const v = params[i++];
		return typeof v === 'number' ? String(v) : `'${String(v)}'`;
	});
}

describe('change stamp', () => {
	it('moves when a payment is booked or a Mollie payment changes, for that company only', async () => {
		const a = await company('Stamp A', 'Klant A', '2026-0500');
		const b = await company('Stamp B', 'Klant B', '2026-0501');
		const first = await changeStamp(db, a.companyId);
		expect(await changeStamp(db, a.companyId)).toBe(first);

		const row = payment(a.companyId, a.invoiceId, { status: 'open', createdAt: new Date() });
		await db.insert(molliePayments).values(row);
		const afterAttempt = await changeStamp(db, a.companyId);
		expect(afterAttempt).not.toBe(first);

		await db
			.update(molliePayments)
			.set({ status: 'paid', updatedAt: new Date(Date.now() + 5) })
			.where(sql`${molliePayments.id} = ${row.id}`);
		const afterPaid = await changeStamp(db, a.companyId);
		expect(afterPaid).not.toBe(afterAttempt);

		await db.insert(payments).values({
			id: randomId(),
			companyId: a.companyId,
			invoiceId: a.invoiceId,
			date: '2026-03-02',
			amountCents: 100,
			method: 'cash'
		});
		const afterBooked = await changeStamp(db, a.companyId);
		expect(afterBooked).not.toBe(afterPaid);

		// Another company's money moving changes nothing here.
		const stampB = await changeStamp(db, b.companyId);
		await db.insert(payments).values({
			id: randomId(),
			companyId: b.companyId,
			invoiceId: b.invoiceId,
			date: '2026-03-02',
			amountCents: 100,
			method: 'cash'
		});
		expect(await changeStamp(db, a.companyId)).toBe(afterBooked);
		expect(await changeStamp(db, b.companyId)).not.toBe(stampB);
	});
});

describe('change counter triggers', () => {
	it('moves with invoice states and mail delivery, not with a sync rewriting the same values; a checkout makes the company awaiting', async () => {
		const a = await company('Counter A', 'Klant C', '2026-0510');
		const stamp = () => changeStamp(db, a.companyId);
		const awaitingUntil = async () =>
			(
				await db
					.select({ at: companies.awaitingUntil })
					.from(companies)
					.where(eq(companies.id, a.companyId))
			)[0]!.at;
		expect(await awaitingUntil()).toBeNull();

		const row = payment(a.companyId, a.invoiceId, { status: 'open', createdAt: new Date() });
		await db.insert(molliePayments).values(row);
		// An open checkout: the owner's pages poll fast for about 15 minutes.
		const until = (await awaitingUntil())!.getTime();
		expect(until - Date.now()).toBeGreaterThan(14 * 60_000);
		expect(awaitingPayment(await awaitingUntil())).toBe(true);

		// A sync writing the same values again (only updated_at moves) changes nothing.
		const s0 = await stamp();
		await db
			.update(molliePayments)
			.set({ status: 'open', updatedAt: new Date(Date.now() + 9) })
			.where(eq(molliePayments.id, row.id));
		expect(await stamp()).toBe(s0);

		// Paid: the stamp moves and the fast pace ends within a minute.
		await db
			.update(molliePayments)
			.set({ status: 'paid', updatedAt: new Date(Date.now() + 10) })
			.where(eq(molliePayments.id, row.id));
		const s1 = await stamp();
		expect(s1).not.toBe(s0);
		expect((await awaitingUntil())!.getTime() - Date.now()).toBeLessThanOrEqual(60_000);

		// The invoice marked sent, then a mail's delivery state.
		await db.update(invoices).set({ sentAt: new Date() }).where(eq(invoices.id, a.invoiceId));
		const s2 = await stamp();
		expect(s2).not.toBe(s1);
		const mailId = randomId();
		await db.insert(outbox).values({
			id: mailId,
			companyId: a.companyId,
			toAddress: 'klant@example.test',
			subject: 'Factuur',
			text: 'x',
			kind: 'invoice',
			status: 'queued',
			invoiceId: a.invoiceId
		});
		const s3 = await stamp();
		expect(s3).not.toBe(s2);
		await db.update(outbox).set({ attempts: 1 }).where(eq(outbox.id, mailId));
		expect(await stamp()).toBe(s3);
		await db.update(outbox).set({ status: 'sent' }).where(eq(outbox.id, mailId));
		expect(await stamp()).not.toBe(s3);
	});
});

describe('the overview’s Mollie line', () => {
	it('exists once Mollie money was booked; TEST when the period holds test payments', async () => {
		const c = await company('Overview', 'Klant O', '2026-0600');
		expect(await mollieLedgerPresence(db, c.companyId)).toEqual({
			hasEntries: false,
			hasTest: false
		});
		const row = payment(c.companyId, c.invoiceId, { mode: 'test' });
		await db.insert(molliePayments).values(row);
		await db.insert(payments).values({
			id: randomId(),
			companyId: c.companyId,
			invoiceId: c.invoiceId,
			date: '2026-03-02',
			amountCents: 12_100,
			method: 'mollie',
			externalKey: `payment:${row.id}`,
			molliePaymentId: row.id
		});
		expect(await mollieLedgerPresence(db, c.companyId)).toEqual({
			hasEntries: true,
			hasTest: true
		});
		// A period without Mollie money keeps the line, without the badge.
		expect(await mollieLedgerPresence(db, c.companyId, { from: '2026-04-01' })).toEqual({
			hasEntries: true,
			hasTest: false
		});
	});
});
