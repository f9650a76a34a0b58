/**
 * Read side of invoicing, always scoped by company. Status is derived (never stored) from the
 * payments ledger and the finalized credit notes; see domain/status.ts.
 */
import { currencyDecimals } from '$lib/domain/money';
import { deriveInvoiceStatus, type DerivedStatus } from '$lib/domain/status';
import { computeTotals, type VatCategory } from '$lib/domain/vat';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { BatchResults, Db } from '../db';
import {
	customers,
	invoiceLines,
	invoices,
	journals,
	paymentMonthTotals,
	type Invoice
} from '../db/schema';
import { todayInBrussels } from './common';

export type ListStatus =
	'draft' | 'finalized' | 'sent' | 'partially_paid' | 'paid' | 'overdue' | 'credited' | 'overpaid';

export interface Money {
	paidCents: number;
	refundedCents: number;
	creditedCents: number;
}

export function deriveStatus(
	doc: Pick<Invoice, 'kind' | 'state' | 'sentAt' | 'totalCents' | 'dueDate'>,
	money: Money,
	today = todayInBrussels()
): DerivedStatus {
	if (doc.kind === 'credit_note') {
		// A credit note is settled against its invoice; it has no balance of its own.
		const status = doc.state === 'draft' ? 'draft' : doc.sentAt ? 'sent' : 'finalized';
		return { status, overdue: false, balanceCents: 0, dueCents: doc.totalCents, netPaidCents: 0 };
	}
	return deriveInvoiceStatus({
		finalized: doc.state === 'finalized',
		sent: doc.sentAt !== null,
		totalCents: doc.totalCents,
		paidCents: money.paidCents,
		refundedCents: money.refundedCents,
		creditedCents: Math.min(money.creditedCents, doc.totalCents),
		dueDate: doc.dueDate,
		today
	});
}

export interface InvoiceFilters {
	q?: string;
	status?: ListStatus | '';
	journalId?: string;
	customerId?: string;
	/** Part of the customer's name (the list's customer search field). */
	customerText?: string;
	/** Issue date range, YYYY-MM-DD inclusive. */
	from?: string;
	to?: string;
}

export interface InvoicePageOptions {
	/** Cursor of the last row seen: the page holds older documents. */
	after?: string;
	/** Cursor of the first row seen: the page holds newer documents. */
	before?: string;
	limit?: number;
}

export interface InvoiceListRow {
	id: string;
	kind: 'invoice' | 'credit_note';
	number: string | null;
	issueDate: string;
	dueDate: string;
	currency: string;
	totalCents: number;
	customerId: string;
	customerName: string;
	journalName: string;
	status: DerivedStatus['status'];
	overdue: boolean;
	balanceCents: number;
	/** Sort key of the row, see encodeInvoiceCursor. */
	createdAtMs: number;
	/** The latest Peppol delivery of the document (null: never sent via Peppol). */
	peppolState: PeppolListState | null;
}

export type PeppolListState = 'transit' | 'delivered' | 'failed';

export const INVOICE_PAGE_SIZE = 50;
const MAX_QUERY_LENGTH = 100;

// Money of the outer row `i` (an invoice), summed from the ledger and the finalized credit notes
// by index lookups (payments_invoice_idx, invoices_credited_idx): a page of 50 costs 150 lookups
// whatever the history. The company is repeated so no sum ever crosses companies; its unary `+`
// keeps SQLite from searching by company (all its rows) instead of by invoice (a handful).
// The list reads net and credited from the row's trigger-kept columns (0019) and looks up only
// the paid sum, which tells refunds apart.
const PAID = sql.raw(
	`coalesce((select sum(p.amount_cents) from payments p where p.invoice_id = i.id and +p.company_id = i.company_id and p.amount_cents > 0), 0)`
);
const NET = sql.raw(
	`coalesce((select sum(p.amount_cents) from payments p where p.invoice_id = i.id and +p.company_id = i.company_id), 0)`
);
// The latest outgoing Peppol document of the row `i`, by index (peppol_documents_invoice_idx):
// one lookup per row, in the same query, so the list keeps its round trips.
const PEPPOL_STATE = sql.raw(
	`(select d.state from peppol_documents d where d.invoice_id = i.id and +d.company_id = i.company_id and d.direction = 'out' order by d.created_at desc limit 1)`
);
const CREDITED = sql.raw(
	`coalesce((select -sum(cn.total_cents) from invoices cn where cn.credited_invoice_id = i.id and +cn.company_id = i.company_id and cn.kind = 'credit_note' and cn.state = 'finalized'), 0)`
);

/**
 * deriveStatus (domain/status.ts) written in SQL over a row `m` carrying kind, state, sent_at,
 * total_cents, net (Σ ledger) and credited: the status filter runs in the database, so a page
 * of "paid" invoices is a page, not the first 1,000 rows filtered. The integration test checks
 * it against deriveStatus for every status.
 */
const BALANCE = sql.raw(`(m.total_cents - min(m.credited, m.total_cents) - m.net)`);
const SQL_STATUS = sql.raw(`(case
	when m.state = 'draft' then 'draft'
	when m.kind = 'credit_note' then (case when m.sent_at is not null then 'sent' else 'finalized' end)
	when (m.total_cents - min(m.credited, m.total_cents) - m.net) < 0 then 'overpaid'
	when (m.total_cents - min(m.credited, m.total_cents) - m.net) = 0 then
		(case when m.net = 0 and min(m.credited, m.total_cents) > 0 then 'credited' else 'paid' end)
	when m.net > 0 then 'partially_paid'
	when m.sent_at is not null then 'sent'
	else 'finalized' end)`);

/** `LIKE` pattern matching `q` anywhere, with the wildcards in `q` taken literally. */
function containsPattern(q: string): string {
	return `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

/** Conditions on `i` (invoices) and `c` (customers) shared by the list and its totals. */
function filterSql(companyId: string, f: InvoiceFilters): SQL[] {
	const where: SQL[] = [sql`i.company_id = ${companyId}`];
	if (f.journalId) where.push(sql`i.journal_id = ${f.journalId}`);
	if (f.customerId) where.push(sql`i.customer_id = ${f.customerId}`);
	const who = f.customerText?.trim().slice(0, MAX_QUERY_LENGTH);
	if (who) where.push(sql`c.name like ${containsPattern(who)} escape '\\'`);
	if (f.from) where.push(sql`i.issue_date >= ${f.from}`);
	if (f.to) where.push(sql`i.issue_date <= ${f.to}`);
	const q = f.q?.trim().slice(0, MAX_QUERY_LENGTH);
	if (q) {
		const p = containsPattern(q);
		where.push(
			sql`(i.number like ${p} escape '\\' or c.name like ${p} escape '\\' or i.reference like ${p} escape '\\')`
		);
	}
	return where;
}

// `<issue date>.<created_at ms>.<id>`: the sort key of a row (newest first). The column's
// default is computed as a float (unixepoch('subsec') * 1000), so a fraction is accepted.
const CURSOR = /^(\d{4}-\d{2}-\d{2})\.(\d{1,15}(?:\.\d{1,12})?)\.([A-Za-z0-9_]{1,80})$/;
type Key = { day: string; ms: number; id: string };

export function encodeInvoiceCursor(row: { issueDate: string; createdAtMs: number; id: string }) {
	return `${row.issueDate}.${row.createdAtMs}.${row.id}`;
}

function decodeInvoiceCursor(cursor: string | undefined): Key | null {
	const m = cursor ? CURSOR.exec(cursor) : null;
	return m ? { day: m[1]!, ms: Number(m[2]), id: m[3]! } : null;
}

interface RawRow {
	id: string;
	kind: 'invoice' | 'credit_note';
	state: 'draft' | 'finalized';
	number: string | null;
	issue_date: string;
	due_date: string;
	currency: string;
	total_cents: number;
	sent_at: number | null;
	created_at: number;
	customer_id: string;
	customer_name: string;
	journal_name: string;
	paid: number;
	net: number;
	credited: number;
	peppol_state: string | null;
}

/**
 * Documents in sort order from a keyset position, money per row computed once in a co-routine
 * (LIMIT -1 keeps SQLite from flattening it and re-running the sums in the status test). Rows
 * come out in the inner order: the outer query has no ORDER BY, which would sort everything.
 */
function pageQuery(
	db: Db,
	where: SQL[],
	key: { cmp: '<' | '>'; at: Key } | null,
	status: ListStatus | '' | undefined,
	today: string,
	take: number,
	nameSearch = false
) {
	const dir = sql.raw(key?.cmp === '>' ? 'asc' : 'desc');
	// The invoices alone are walked, in sort order by invoices_company_idx up to the page's end;
	// the customer's and journal's names are looked up per row by primary key. As joins, a
	// database ANALYZEd with one big company (self-hosted, one tenant) led with the customers
	// and sorted the company's every invoice (3 s a page at 100,000), or scanned them all into a
	// Bloom filter first. A name search joins the customers, whose names it filters on.
	const customer = nameSearch
		? {
				name: sql`c.name`,
				join: sql`join customers c on c.id = i.customer_id and c.company_id = i.company_id`
			}
		: {
				name: sql`(select c.name from customers c where c.id = i.customer_id and c.company_id = i.company_id)`,
				join: sql``
			};
	const conds = [...where];
	if (key) {
		conds.push(
			sql`(i.issue_date, i.created_at, i.id) ${sql.raw(key.cmp)} (${key.at.day}, ${key.at.ms}, ${key.at.id})`
		);
	}
	let outer = sql``;
	if (status === 'overdue') {
		outer = sql`where m.kind = 'invoice' and m.state = 'finalized' and ${BALANCE} > 0 and m.due_date < ${today}`;
	} else if (status) {
		outer = sql`where ${SQL_STATUS} = ${status}`;
	}
	return db.all<RawRow>(sql`select * from (
		select i.id, i.kind, i.state, i.number, i.issue_date, i.due_date, i.currency, i.total_cents,
			i.sent_at, i.created_at, i.customer_id, ${customer.name} as customer_name,
			(select j.name from journals j where j.id = i.journal_id and j.company_id = i.company_id)
				as journal_name,
			${PAID} as paid, i.net_paid_cents as net, i.credited_cents as credited,
			${PEPPOL_STATE} as peppol_state
		from invoices i ${customer.join}
		where ${sql.join(conds, sql` and `)}
		order by i.issue_date ${dir}, i.created_at ${dir}, i.id ${dir}
		limit -1
	) m ${outer} limit ${take}`);
}

const PEPPOL_LIST_STATES: PeppolListState[] = ['transit', 'delivered', 'failed'];

function toListRow(r: RawRow, today: string): InvoiceListRow {
	const paid = Number(r.paid);
	const net = Number(r.net);
	const d = deriveStatus(
		{
			kind: r.kind,
			state: r.state,
			sentAt: r.sent_at === null ? null : new Date(Number(r.sent_at)),
			totalCents: Number(r.total_cents),
			dueDate: r.due_date
		},
		{ paidCents: paid, refundedCents: paid - net, creditedCents: Number(r.credited) },
		today
	);
	return {
		id: r.id,
		kind: r.kind,
		number: r.number,
		issueDate: r.issue_date,
		dueDate: r.due_date,
		currency: r.currency,
		totalCents: Number(r.total_cents),
		customerId: r.customer_id,
		customerName: r.customer_name,
		journalName: r.journal_name,
		status: d.status,
		overdue: d.overdue,
		balanceCents: d.balanceCents,
		createdAtMs: Number(r.created_at),
		peppolState: PEPPOL_LIST_STATES.find((s) => s === r.peppol_state) ?? null
	};
}

export interface InvoicePage {
	rows: InvoiceListRow[];
	/** Pass as `after` for the next (older) page; null when this is the last one. */
	next: string | null;
	/** Pass as `before` for the previous (newer) page; null on the first one. */
	prev: string | null;
}

/**
 * One page of the company's documents, newest first (issue date, then creation), with derived
 * status. Keyset pagination on invoices_company_idx: a page costs about the same at row 10 and
 * at row 100,000, and a document created meanwhile never shifts the pages.
 */
export async function listInvoices(
	db: Db,
	companyId: string,
	filters: InvoiceFilters & InvoicePageOptions = {},
	today = todayInBrussels()
): Promise<InvoicePage> {
	const limit = Math.min(Math.max(1, Math.trunc(filters.limit ?? INVOICE_PAGE_SIZE)), 100);
	const where = filterSql(companyId, filters);
	const nameSearch = Boolean(filters.q?.trim() || filters.customerText?.trim());
	const before = decodeInvoiceCursor(filters.before);
	const after = before ? null : decodeInvoiceCursor(filters.after);
	// The page and whether anything lies beyond the cursor we came from (the way back), in one
	// batch: rows newer than an `after` cursor exist exactly when there is a previous page.
	const back = before ?? after;
	const backCmp = before ? '<' : '>';
	const [found, beyond] = await db.batch([
		pageQuery(
			db,
			where,
			before ? { cmp: '>', at: before } : after ? { cmp: '<', at: after } : null,
			filters.status,
			today,
			limit + 1,
			nameSearch
		),
		back
			? pageQuery(db, where, { cmp: backCmp, at: back }, filters.status, today, 1, nameSearch)
			: db.all<RawRow>(sql`select 1 where 0`)
	]);
	const more = found.length > limit;
	const page = found.slice(0, limit).map((r) => toListRow(r, today));
	// Walking back (before) reads ascending: show it newest first like every page.
	const rows = before ? page.reverse() : page;
	const hasNewer = before ? more : beyond.length > 0;
	const hasOlder = before ? beyond.length > 0 : more;
	return {
		rows,
		next: hasOlder && rows.length ? encodeInvoiceCursor(rows.at(-1)!) : null,
		prev: hasNewer && rows.length ? encodeInvoiceCursor(rows[0]!) : null
	};
}

export interface OpenTotals {
	/** Per currency: what finalized invoices still await, and the part of it past due. */
	open: Record<string, number>;
	overdue: Record<string, number>;
	openCount: number;
	overdueCount: number;
}

/**
 * Exact open and overdue balances over ALL the company's finalized invoices matching the filters
 * (the status filter does not apply: these are the totals of what is open), in one query.
 */
export async function openTotals(
	db: Db,
	companyId: string,
	filters: InvoiceFilters = {},
	today = todayInBrussels()
): Promise<OpenTotals> {
	const filtered = Boolean(
		filters.q?.trim() ||
		filters.customerText?.trim() ||
		filters.journalId ||
		filters.customerId ||
		filters.from ||
		filters.to
	);
	return toOpenTotals(
		await (filtered
			? openTotalsQuery(db, companyId, filters, today)
			: keptTotalsQuery(db, companyId, today))
	);
}

type TotalsRow = {
	currency: string;
	open_count: number;
	open_cents: number;
	overdue_count: number;
	overdue_cents: number;
};

// The partial index invoices_open_idx's condition, written out literally (a bound parameter
// would not match it): the totals read the open invoices only, however long the history.
const OPEN = sql.raw(`i.kind = 'invoice' and i.state = 'finalized' and i.amount_due_cents > 0`);

function openTotalsQuery(db: Db, companyId: string, filters: InvoiceFilters, today: string) {
	const where = filterSql(companyId, { ...filters, status: '' });
	const join =
		filters.q?.trim() || filters.customerText?.trim()
			? sql`join customers c on c.id = i.customer_id and c.company_id = i.company_id`
			: sql``;
	// amount_due_cents is kept by triggers in the transaction of every ledger write and credit
	// note (drizzle/*_invoice_amount_due_triggers.sql); the scale test checks it against a sum.
	return db.all<TotalsRow>(sql`select i.currency,
			count(*) as open_count,
			sum(i.amount_due_cents) as open_cents,
			sum(i.due_date < ${today}) as overdue_count,
			sum(case when i.due_date < ${today} then i.amount_due_cents else 0 end) as overdue_cents
		from invoices i indexed by invoices_open_idx ${join}
		where ${sql.join(where, sql` and `)} and ${OPEN}
		group by i.currency`);
}

/**
 * openTotalsQuery without filters, at a cost independent of how many invoices are open: the
 * company's open count and amount per currency are one row each in open_invoice_totals (kept by
 * triggers in the statement of every write that moves an amount due,
 * drizzle/*_open_invoice_totals_triggers.sql), and overdue is open minus what is not yet due,
 * read from invoices_open_idx by due date: the invoices due today or later, a recent few.
 */
function keptTotalsQuery(db: Db, companyId: string, today: string) {
	return db.all<TotalsRow>(sql`select t.currency, t.open_count, t.open_cents,
			t.open_count - coalesce(f.n, 0) as overdue_count,
			t.open_cents - coalesce(f.cents, 0) as overdue_cents
		from open_invoice_totals t
		left join (select i.currency, count(*) as n, sum(i.amount_due_cents) as cents
			from invoices i indexed by invoices_open_idx
			where i.company_id = ${companyId} and ${OPEN} and i.due_date >= ${today}
			group by i.currency) f on f.currency = t.currency
		where t.company_id = ${companyId} and t.open_count > 0
		order by t.currency`);
}

function toOpenTotals(rows: TotalsRow[]): OpenTotals {
	const totals: OpenTotals = { open: {}, overdue: {}, openCount: 0, overdueCount: 0 };
	for (const r of rows) {
		totals.open[r.currency] = Number(r.open_cents);
		if (Number(r.overdue_count) > 0) totals.overdue[r.currency] = Number(r.overdue_cents);
		totals.openCount += Number(r.open_count);
		totals.overdueCount += Number(r.overdue_count);
	}
	return totals;
}

/** An invoice's customer: the company's own (the join checks it). */
export const OWN_CUSTOMER = and(
	eq(customers.id, invoices.customerId),
	eq(customers.companyId, invoices.companyId)
);
/** An invoice's journal: the company's own (the join checks it). */
export const OWN_JOURNAL = and(
	eq(journals.id, invoices.journalId),
	eq(journals.companyId, invoices.companyId)
);

/** A document's lines in order. */
export const invoiceLinesQuery = (db: Db, invoiceId: string) =>
	db
		.select()
		.from(invoiceLines)
		.where(eq(invoiceLines.invoiceId, invoiceId))
		.orderBy(asc(invoiceLines.position));

/** The number of the invoice a credit note credits (no row for an invoice). */
export function creditedInvoiceQuery(db: Db, companyId: string, invoiceId: string) {
	const credits = alias(invoices, 'credits');
	return db
		.select({ id: credits.id, number: credits.number })
		.from(credits)
		.innerJoin(
			invoices,
			and(eq(invoices.creditedInvoiceId, credits.id), eq(invoices.companyId, credits.companyId))
		)
		.where(and(eq(invoices.id, invoiceId), eq(invoices.companyId, companyId)));
}

/**
 * The statements of getInvoice, to send in one batch (one round trip to a remote database) alone
 * or with a page's other reads; the invoice this one credits is found by a join on its row, so
 * nothing waits for the first row. The lines and credited statements are the same as
 * invoiceDocumentQueries' (document.ts): a page needing both sends them once.
 */
export function invoiceDetailQueries(db: Db, companyId: string, id: string) {
	return [
		db
			.select({ invoice: invoices, customer: customers, journal: journals })
			.from(invoices)
			.innerJoin(customers, OWN_CUSTOMER)
			.innerJoin(journals, OWN_JOURNAL)
			.where(and(eq(invoices.id, id), eq(invoices.companyId, companyId))),
		invoiceLinesQuery(db, id),
		moneyQuery(db, companyId, id),
		db
			.select({
				id: invoices.id,
				number: invoices.number,
				state: invoices.state,
				totalCents: invoices.totalCents
			})
			.from(invoices)
			.where(and(eq(invoices.companyId, companyId), eq(invoices.creditedInvoiceId, id)))
			.orderBy(asc(invoices.createdAt)),
		creditedInvoiceQuery(db, companyId, id)
	] as const;
}

type DetailRows = BatchResults<ReturnType<typeof invoiceDetailQueries>>;

/** One document with everything its page shows, or null if it isn't the company's. */
export async function getInvoice(db: Db, companyId: string, id: string, today = todayInBrussels()) {
	return toInvoiceDetail(await db.batch([...invoiceDetailQueries(db, companyId, id)]), today);
}

/** getInvoice's result from the results of invoiceDetailQueries. */
export function toInvoiceDetail(
	[docs, lines, moneyRows, creditNotes, credited]: DetailRows,
	today = todayInBrussels()
) {
	const doc = docs[0];
	if (!doc) return null;
	const totals = computeTotals(
		lines.map((l) => ({ ...l, vat: l.vat as VatCategory })),
		currencyDecimals(doc.invoice.currency)
	);
	const money = toMoney(moneyRows[0]);
	return {
		...doc,
		lines,
		totals,
		money,
		derived: deriveStatus(doc.invoice, money, today),
		creditNotes,
		creditedInvoice: credited[0] ?? null,
		/** What may still be credited (see creditableCents), from the rows above. */
		creditableCents:
			doc.invoice.kind === 'invoice' && doc.invoice.state === 'finalized'
				? Math.max(0, doc.invoice.totalCents - money.creditedCents)
				: 0
	};
}

type MoneyRow = { paid: number; net: number; credited: number };

function moneyQuery(db: Db, companyId: string, id: string) {
	return db.all<MoneyRow>(
		sql`select ${PAID} as paid, ${NET} as net, ${CREDITED} as credited
			from invoices i where i.id = ${id} and i.company_id = ${companyId}`
	);
}

function toMoney(row: MoneyRow | undefined): Money {
	const paid = Number(row?.paid ?? 0);
	return {
		paidCents: paid,
		refundedCents: paid - Number(row?.net ?? 0),
		creditedCents: Number(row?.credited ?? 0)
	};
}

/** One invoice's money in one query (the same per-row sums as the list). */
async function moneyOf(db: Db, companyId: string, id: string): Promise<Money> {
	return toMoney((await moneyQuery(db, companyId, id))[0]);
}

/**
 * Balance of one invoice for the ledger and online payment: what's still to pay (> 0 open,
 * 0 settled, < 0 overpaid) and the derived status. null if it isn't the company's.
 */
export async function invoiceBalance(
	db: Db,
	companyId: string,
	invoiceId: string,
	today = todayInBrussels()
) {
	const [inv] = await db
		.select()
		.from(invoices)
		.where(and(eq(invoices.id, invoiceId), eq(invoices.companyId, companyId)));
	if (!inv) return null;
	const money = await moneyOf(db, companyId, invoiceId);
	const d = deriveStatus(inv, money, today);
	return {
		currency: inv.currency,
		totalCents: inv.totalCents,
		...money,
		balanceCents: d.balanceCents,
		status: d.status,
		overdue: d.overdue
	};
}

/**
 * What may still be credited on an invoice: its total minus its finalized credit notes (drafts
 * don't count until finalized; finalization re-checks atomically). 0 if not a finalized invoice.
 */
export async function creditableCents(
	db: Db,
	companyId: string,
	invoiceId: string
): Promise<number> {
	const [inv] = await db
		.select()
		.from(invoices)
		.where(and(eq(invoices.id, invoiceId), eq(invoices.companyId, companyId)));
	if (!inv || inv.kind !== 'invoice' || inv.state !== 'finalized') return 0;
	const { creditedCents } = await moneyOf(db, companyId, invoiceId);
	return Math.max(0, inv.totalCents - creditedCents);
}

/** Dashboard figures, per currency: open and overdue balances, money received this month. */
export async function dashboardSummary(db: Db, companyId: string, today = todayInBrussels()) {
	const month = today.slice(0, 7);
	// One batch: one round trip to a remote database.
	const [totals, recent, received] = await db.batch([
		keptTotalsQuery(db, companyId, today),
		pageQuery(db, filterSql(companyId, {}), null, '', today, 5),
		// This month's ledger by currency: its kept rows (payment_month_totals, one per method).
		db
			.select({
				currency: paymentMonthTotals.currency,
				cents: sql<number>`sum(${paymentMonthTotals.cents})`
			})
			.from(paymentMonthTotals)
			.where(and(eq(paymentMonthTotals.companyId, companyId), eq(paymentMonthTotals.month, month)))
			.groupBy(paymentMonthTotals.currency)
			.having(sql`sum(${paymentMonthTotals.count}) > 0`)
	]);
	const paidThisMonth: Record<string, number> = {};
	for (const r of received) paidThisMonth[r.currency] = Number(r.cents);
	return {
		...toOpenTotals(totals),
		paidThisMonth,
		recent: recent.map((r) => toListRow(r, today))
	};
}
