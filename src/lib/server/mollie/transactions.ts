import { and, asc, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { RemoteStatus } from '$lib/domain/paymentSync';
import type { Db } from '../db';
import {
	customers,
	invoices,
	molliePaymentTotals,
	molliePayments,
	payments,
	type MolliePayment
} from '../db/schema';
import { addDays } from '../invoicing/common';
import { refundableCents } from './sync';

/**
 * What the owner sees of the company's Mollie payments: the transactions list (filters, search,
 * keyset pagination on the (company_id, created_at) index) and the payments of one invoice.
 * Read-only; every query is scoped to the caller's company, joins included.
 */

type MollieStatus = RemoteStatus;
export const MOLLIE_MODES = ['test', 'live'] as const;

export interface MollieTransactionFilters {
	status?: MollieStatus;
	/** Mollie's method id (`bancontact`, `creditcard`, …). */
	method?: string;
	mode?: 'test' | 'live';
	/** Inclusive Belgian calendar days (YYYY-MM-DD) on the payment's creation. */
	from?: string;
	to?: string;
	/** Part of the invoice number or of the customer's name. */
	q?: string;
	/** Cursor of the last row seen: the page holds older rows. */
	after?: string;
	/** Cursor of the first row seen: the page holds newer rows. */
	before?: string;
	limit?: number;
}

/** What every list of Mollie payments shows of one. */
interface MolliePaymentFields {
	id: string;
	createdAt: Date;
	paidAt: Date | null;
	status: MollieStatus;
	mode: 'test' | 'live';
	method: string | null;
	amountCents: number;
	currency: string;
	refundedCents: number;
	pendingRefundCents: number;
	chargedBackCents: number;
}

export interface MollieTransaction extends MolliePaymentFields {
	invoiceId: string;
	invoiceNumber: string | null;
	customerName: string;
}

export interface MollieTransactionPage {
	rows: MollieTransaction[];
	/** Pass as `after` for the next (older) page; null when this is the last one. */
	next: string | null;
	/** Pass as `before` for the previous (newer) page; null on the first one. */
	prev: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;
export const MAX_QUERY_LENGTH = 100;

// `<created_at ms>.<id>`: the sort key of a row (ids break ties between equal timestamps).
const CURSOR = /^(\d{1,15})\.([A-Za-z0-9_]{1,80})$/;

export function encodeCursor(row: { createdAt: Date; id: string }): string {
	return `${row.createdAt.getTime()}.${row.id}`;
}

type Key = { ms: number; id: string };
const keyOf = (row: { createdAt: Date; id: string }): Key => ({
	ms: row.createdAt.getTime(),
	id: row.id
});

export function decodeCursor(cursor: string): Key | null {
	const m = CURSOR.exec(cursor);
	return m ? { ms: Number(m[1]), id: m[2]! } : null;
}

/** The instant a Belgian calendar day starts (DST never switches at midnight there). */
export function brusselsDayStart(isoDay: string): number {
	const [y, m, d] = isoDay.split('-').map(Number) as [number, number, number];
	const utcMidnight = Date.UTC(y, m - 1, d);
	const offset = (t: number) => {
		const parts = new Intl.DateTimeFormat('en-GB', {
			timeZone: 'Europe/Brussels',
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		}).formatToParts(new Date(t));
		const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
		const wall = Date.UTC(
			get('year'),
			get('month') - 1,
			get('day'),
			get('hour'),
			get('minute'),
			get('second')
		);
		return wall - Math.floor(t / 1000) * 1000;
	};
	return utcMidnight - offset(utcMidnight - offset(utcMidnight));
}

/** `LIKE` pattern matching `q` anywhere, with the wildcards in `q` taken literally. */
function containsPattern(q: string): string {
	return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Every condition except the cursor; the company is always the first one. */
function filterConditions(companyId: string, f: MollieTransactionFilters): SQL[] {
	const where: SQL[] = [eq(molliePayments.companyId, companyId)];
	if (f.status) where.push(eq(molliePayments.status, f.status));
	if (f.mode) where.push(eq(molliePayments.mode, f.mode));
	if (f.method) where.push(eq(molliePayments.method, f.method));
	if (f.from) where.push(sql`${molliePayments.createdAt} >= ${brusselsDayStart(f.from)}`);
	if (f.to) where.push(sql`${molliePayments.createdAt} < ${brusselsDayStart(addDays(f.to, 1))}`);
	const q = f.q?.trim().slice(0, MAX_QUERY_LENGTH);
	if (q) {
		const pattern = containsPattern(q);
		where.push(
			sql`(${invoices.number} like ${pattern} escape '\\' or ${customers.name} like ${pattern} escape '\\')`
		);
	}
	return where;
}

// Written as `created_at <= c and (…)` so SQLite can seek the (company_id, created_at) index.
const olderThan = (c: Key) =>
	sql`(${molliePayments.createdAt} <= ${c.ms} and (${molliePayments.createdAt} < ${c.ms} or ${molliePayments.id} < ${c.id}))`;
const newerThan = (c: Key) =>
	sql`(${molliePayments.createdAt} >= ${c.ms} and (${molliePayments.createdAt} > ${c.ms} or ${molliePayments.id} > ${c.id}))`;

// The joins repeat the company: a row never borrows another company's invoice or customer.
const INVOICE_JOIN = and(
	eq(invoices.id, molliePayments.invoiceId),
	eq(invoices.companyId, molliePayments.companyId)
);
const CUSTOMER_JOIN = and(
	eq(customers.id, invoices.customerId),
	eq(customers.companyId, invoices.companyId)
);

function baseQuery(db: Db) {
	return db
		.select({
			id: molliePayments.id,
			createdAt: molliePayments.createdAt,
			paidAt: molliePayments.paidAt,
			status: molliePayments.status,
			mode: molliePayments.mode,
			method: molliePayments.method,
			amountCents: molliePayments.amountCents,
			currency: molliePayments.currency,
			refundedCents: molliePayments.refundedCents,
			pendingRefundCents: molliePayments.pendingRefundCents,
			chargedBackCents: molliePayments.chargedBackCents,
			invoiceId: molliePayments.invoiceId,
			invoiceNumber: invoices.number,
			customerName: customers.name
		})
		.from(molliePayments)
		.innerJoin(invoices, INVOICE_JOIN)
		.innerJoin(customers, CUSTOMER_JOIN);
}

/** Search needs the invoice and customer; everything else is answered by mollie_payments alone. */
const needsJoin = (f: MollieTransactionFilters) => Boolean(f.q?.trim());

async function anyRow(db: Db, joined: boolean, where: SQL[]): Promise<boolean> {
	const one = { one: sql<number>`1` };
	const rows = joined
		? await db
				.select(one)
				.from(molliePayments)
				.innerJoin(invoices, INVOICE_JOIN)
				.innerJoin(customers, CUSTOMER_JOIN)
				.where(and(...where))
				.limit(1)
		: await db
				.select(one)
				.from(molliePayments)
				.where(and(...where))
				.limit(1);
	return rows.length > 0;
}

/**
 * One page of the company's Mollie payments, newest first. Keyset pagination: a page costs the
 * same at row 10 and at row 10,000, and a payment arriving meanwhile never shifts the pages.
 */
export async function listMollieTransactions(
	db: Db,
	companyId: string,
	filters: MollieTransactionFilters = {}
): Promise<MollieTransactionPage> {
	const limit = Math.min(
		Math.max(1, Math.trunc(filters.limit ?? DEFAULT_PAGE_SIZE)),
		MAX_PAGE_SIZE
	);
	const where = filterConditions(companyId, filters);
	const joined = needsJoin(filters);
	const before = filters.before ? decodeCursor(filters.before) : null;
	const after = !before && filters.after ? decodeCursor(filters.after) : null;

	if (before) {
		// Walk towards newer rows (ascending), then show them newest first like every page.
		const found = await baseQuery(db)
			.where(and(...where, newerThan(before)))
			.orderBy(asc(molliePayments.createdAt), asc(molliePayments.id))
			.limit(limit + 1);
		const rows = found.slice(0, limit).reverse();
		const last = rows.at(-1);
		return {
			rows,
			prev: found.length > limit ? encodeCursor(rows[0]!) : null,
			next:
				last && (await anyRow(db, joined, [...where, olderThan(keyOf(last))]))
					? encodeCursor(last)
					: null
		};
	}

	const found = await baseQuery(db)
		.where(and(...where, ...(after ? [olderThan(after)] : [])))
		.orderBy(desc(molliePayments.createdAt), desc(molliePayments.id))
		.limit(limit + 1);
	const rows = found.slice(0, limit);
	const first = rows[0];
	return {
		rows,
		next: found.length > limit ? encodeCursor(rows.at(-1)!) : null,
		prev:
			after && first && (await anyRow(db, joined, [...where, newerThan(keyOf(first))]))
				? encodeCursor(first)
				: null
	};
}

export interface MollieTransactionSummary {
	count: number;
	/** Paid amounts per currency (never added across currencies), before refunds. */
	paid: { currency: string; cents: number }[];
}

/** How many payments match the filters (cursor ignored), and what the paid ones brought in. */
export async function summarizeMollieTransactions(
	db: Db,
	companyId: string,
	filters: MollieTransactionFilters = {}
): Promise<MollieTransactionSummary> {
	const filtered = Object.entries(filters).some(
		([key, value]) =>
			!['after', 'before', 'limit'].includes(key) && value !== undefined && value !== ''
	);
	if (!filtered) {
		// Everything: one kept row per currency (mollie_payment_totals, triggers), not every
		// payment the company ever took.
		const kept = await db
			.select({
				currency: molliePaymentTotals.currency,
				count: molliePaymentTotals.count,
				paid: molliePaymentTotals.paidCents
			})
			.from(molliePaymentTotals)
			.where(eq(molliePaymentTotals.companyId, companyId))
			.orderBy(molliePaymentTotals.currency);
		return toTransactionSummary(kept);
	}
	const base = db
		.select({
			currency: molliePayments.currency,
			count: sql<number>`count(*)`,
			paid: sql<number>`coalesce(sum(case when ${molliePayments.status} = 'paid' then ${molliePayments.amountCents} else 0 end), 0)`
		})
		.from(molliePayments)
		.$dynamic();
	const query = needsJoin(filters)
		? base.innerJoin(invoices, INVOICE_JOIN).innerJoin(customers, CUSTOMER_JOIN)
		: base;
	const rows = await query
		.where(and(...filterConditions(companyId, filters)))
		.groupBy(molliePayments.currency)
		.orderBy(molliePayments.currency);
	return toTransactionSummary(rows);
}

function toTransactionSummary(
	rows: { currency: string; count: number; paid: number }[]
): MollieTransactionSummary {
	return {
		count: rows.reduce((n, r) => n + Number(r.count), 0),
		paid: rows
			.filter((r) => Number(r.paid) !== 0)
			.map((r) => ({ currency: r.currency, cents: Number(r.paid) }))
	};
}

/** A Mollie payment as the owner's pages show it, with what may still be refunded. */
export interface MolliePaymentSummary extends MolliePaymentFields {
	refundableCents: number;
}

export function toSummary(row: MolliePayment): MolliePaymentSummary {
	const refundable = refundableCents(row);
	return {
		id: row.id,
		createdAt: row.createdAt,
		paidAt: row.paidAt,
		status: row.status,
		mode: row.mode,
		method: row.method,
		amountCents: row.amountCents,
		currency: row.currency,
		refundedCents: row.refundedCents,
		pendingRefundCents: row.pendingRefundCents,
		chargedBackCents: row.chargedBackCents,
		refundableCents: refundable
	};
}

/** Every Mollie payment of one invoice of the company, newest first (for the invoice page). */
/** The query behind `invoiceMolliePayments`, for a caller that batches it with other reads. */
export function invoiceMolliePaymentsQuery(db: Db, companyId: string, invoiceId: string) {
	return db
		.select()
		.from(molliePayments)
		.where(and(eq(molliePayments.invoiceId, invoiceId), eq(molliePayments.companyId, companyId)))
		.orderBy(desc(molliePayments.createdAt), desc(molliePayments.id));
}

export const toMolliePaymentSummary = toSummary;

export async function invoiceMolliePayments(
	db: Db,
	companyId: string,
	invoiceId: string
): Promise<MolliePaymentSummary[]> {
	return (await invoiceMolliePaymentsQuery(db, companyId, invoiceId)).map(toSummary);
}

/** One Mollie payment of the company with its invoice and customer, or null. */
export async function molliePaymentDetail(db: Db, companyId: string, id: string) {
	const [row] = await db
		.select({
			payment: molliePayments,
			invoiceNumber: invoices.number,
			customerName: customers.name,
			customerLocale: customers.locale
		})
		.from(molliePayments)
		.innerJoin(invoices, INVOICE_JOIN)
		.innerJoin(customers, CUSTOMER_JOIN)
		.where(and(eq(molliePayments.id, id), eq(molliePayments.companyId, companyId)));
	if (!row) return null;
	return {
		...toSummary(row.payment),
		invoiceId: row.payment.invoiceId,
		profileId: row.payment.profileId,
		expiresAt: row.payment.expiresAt,
		updatedAt: row.payment.updatedAt,
		invoiceNumber: row.invoiceNumber,
		customerName: row.customerName,
		customerLocale: row.customerLocale
	};
}

/**
 * For the Payments overview's Mollie line: whether the company ever booked Mollie money (the
 * line then stays, even for a period without any), and whether the period's Mollie entries
 * include test-mode ones (no real money: the line gets a TEST badge).
 */
export async function mollieLedgerPresence(
	db: Db,
	companyId: string,
	bounds: { from?: string; to?: string } = {}
): Promise<{ hasEntries: boolean; hasTest: boolean }> {
	return toMollieLedgerPresence(await mollieLedgerPresenceQuery(db, companyId, bounds));
}

/** mollieLedgerPresence as one statement (two `exists`), batchable with a page's other reads. */
export function mollieLedgerPresenceQuery(
	db: Db,
	companyId: string,
	bounds: { from?: string; to?: string } = {}
) {
	const mollie = and(eq(payments.companyId, companyId), eq(payments.method, 'mollie'));
	const period = [
		...(bounds.from ? [gte(payments.date, bounds.from)] : []),
		...(bounds.to ? [lte(payments.date, bounds.to)] : [])
	];
	const any = db
		.select({ one: sql<number>`1` })
		.from(payments)
		.where(mollie)
		.limit(1);
	const test = db
		.select({ one: sql<number>`1` })
		.from(payments)
		.innerJoin(
			molliePayments,
			and(
				eq(molliePayments.id, payments.molliePaymentId),
				eq(molliePayments.companyId, payments.companyId)
			)
		)
		.where(and(mollie, eq(molliePayments.mode, 'test'), ...period))
		.limit(1);
	return db.all<{ any: number; test: number }>(
		sql`select exists ${any} as ${sql.identifier('any')}, exists ${test} as ${sql.identifier('test')}`
	);
}

export function toMollieLedgerPresence(rows: { any: number; test: number }[]) {
	return { hasEntries: Number(rows[0]?.any ?? 0) > 0, hasTest: Number(rows[0]?.test ?? 0) > 0 };
}
