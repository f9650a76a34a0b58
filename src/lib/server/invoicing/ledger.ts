import { PAYMENT_METHODS, type PaymentMethod } from '$lib/domain/paymentMethods';
import { deriveInvoiceStatus, type InvoiceStatus } from '$lib/domain/status';
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { customers, invoices, paymentMonthTotals, payments, type Payment } from '../db/schema';
import { randomId } from '../secrets/ids';
import { isIsoDate, todayInBrussels } from './common';

// The payments routes import these two from the ledger; they live in common.ts.
export { isIsoDate, todayInBrussels };

/**
 * The payments ledger: money received against invoices. Nothing here stores a status — balance
 * and status are derived from the rows every time (see src/lib/domain/status.ts), so removing a
 * payment moves the invoice back without any bookkeeping.
 *
 * Every function takes the caller's company id and filters on it: an invoice or payment id from
 * another company behaves exactly like an unknown id.
 */

const MAX_REFERENCE = 140;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export interface InvoiceLedger {
	invoiceId: string;
	currency: string;
	/** Total of the invoice itself (≥ 0). */
	totalCents: number;
	/** Σ of the finalized credit notes that correct it, as a positive amount. */
	creditedCents: number;
	/** Money in (positive rows). */
	paidCents: number;
	/** Money sent back (negative rows, e.g. Mollie refunds), as a positive amount. */
	refundedCents: number;
	/** total − credited − (paid − refunded); negative means overpaid. */
	balanceCents: number;
	status: InvoiceStatus;
	overdue: boolean;
}

type InvoiceRow = Pick<
	typeof invoices.$inferSelect,
	'id' | 'kind' | 'state' | 'totalCents' | 'currency' | 'dueDate' | 'sentAt'
>;

async function findInvoice(db: Db, companyId: string, invoiceId: string) {
	const [row] = await db
		.select({
			id: invoices.id,
			kind: invoices.kind,
			state: invoices.state,
			totalCents: invoices.totalCents,
			currency: invoices.currency,
			dueDate: invoices.dueDate,
			sentAt: invoices.sentAt
		})
		.from(invoices)
		.where(and(eq(invoices.id, invoiceId), eq(invoices.companyId, companyId)));
	return row ?? null;
}

/**
 * The sums an invoice's ledger needs in one statement (money in, money out, finalized credit
 * notes), batchable with other reads: see loadInvoiceDocument.
 */
export function ledgerSumsQuery(db: Db, companyId: string, invoiceId: string) {
	return db.all<{ in: number; out: number; credited: number }>(
		sql`select
			(select coalesce(sum(case when p.amount_cents > 0 then p.amount_cents else 0 end), 0)
				from ${payments} p where p.invoice_id = ${invoiceId} and p.company_id = ${companyId}) as "in",
			(select coalesce(sum(case when p.amount_cents < 0 then -p.amount_cents else 0 end), 0)
				from ${payments} p where p.invoice_id = ${invoiceId} and p.company_id = ${companyId}) as "out",
			(select coalesce(sum(cn.total_cents), 0) from ${invoices} cn
				where cn.company_id = ${companyId} and cn.kind = 'credit_note' and cn.state = 'finalized'
				and cn.credited_invoice_id = ${invoiceId}) as credited`
	);
}

/** The ledger of `inv` from the row of ledgerSumsQuery. */
export function ledgerFromSums(
	inv: InvoiceRow,
	sums: { in: number; out: number; credited: number } | undefined,
	today: string
): InvoiceLedger {
	const paidCents = Number(sums?.in ?? 0);
	const refundedCents = Number(sums?.out ?? 0);
	// Credit notes are stored negative; a (malformed) positive one must not inflate the debt.
	const creditedCents = Math.max(0, -Number(sums?.credited ?? 0));
	const derived = deriveInvoiceStatus({
		finalized: inv.state === 'finalized',
		sent: inv.sentAt !== null,
		totalCents: inv.totalCents,
		paidCents,
		refundedCents,
		creditedCents,
		dueDate: inv.dueDate || null,
		today
	});
	return {
		invoiceId: inv.id,
		currency: inv.currency,
		totalCents: inv.totalCents,
		creditedCents,
		paidCents,
		refundedCents,
		balanceCents: derived.balanceCents,
		status: derived.status,
		overdue: derived.overdue
	};
}

async function ledgerOf(db: Db, companyId: string, inv: InvoiceRow, today: string) {
	const [sums] = await ledgerSumsQuery(db, companyId, inv.id);
	return ledgerFromSums(inv, sums, today);
}

/**
 * Ledger of one invoice of the company, or null when the id is unknown, belongs to another
 * company, or is a credit note (a credit note is settled through the invoice it corrects).
 */
export async function invoiceLedger(
	db: Db,
	companyId: string,
	invoiceId: string,
	today = todayInBrussels()
): Promise<InvoiceLedger | null> {
	const inv = await findInvoice(db, companyId, invoiceId);
	if (!inv || inv.kind !== 'invoice') return null;
	return ledgerOf(db, companyId, inv, today);
}

export interface PaymentInput {
	date: string;
	amountCents: number;
	method: PaymentMethod;
	reference?: string;
}

export type RegisterResult =
	| { ok: true; payment: Payment; ledger: InvoiceLedger }
	| {
			ok: false;
			reason:
				| 'not_found'
				| 'not_finalized'
				| 'credit_note'
				| 'amount'
				| 'amount_too_large'
				| 'date'
				| 'method'
				| 'reference';
	  };

/**
 * Records money received for a finalized invoice. The amount must be > 0 (refunds are their own
 * flow) and at most the invoice's total. Paying more than the balance is accepted on purpose — the money did arrive — and shows
 * up as a negative balance with status "overpaid" rather than being absorbed.
 */
export async function registerPayment(
	db: Db,
	companyId: string,
	invoiceId: string,
	input: PaymentInput
): Promise<RegisterResult> {
	if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) {
		return { ok: false, reason: 'amount' };
	}
	if (typeof input.date !== 'string' || !isIsoDate(input.date))
		return { ok: false, reason: 'date' };
	if (!(PAYMENT_METHODS as readonly string[]).includes(input.method)) {
		return { ok: false, reason: 'method' };
	}
	const reference = (input.reference ?? '').trim();
	if (reference.length > MAX_REFERENCE || CONTROL.test(reference)) {
		return { ok: false, reason: 'reference' };
	}
	const inv = await findInvoice(db, companyId, invoiceId);
	if (!inv) return { ok: false, reason: 'not_found' };
	if (inv.kind !== 'invoice') return { ok: false, reason: 'credit_note' };
	if (inv.state !== 'finalized') return { ok: false, reason: 'not_finalized' };
	// One payment is at most the invoice's total: an overpayment (a customer paying twice) still
	// fits, a typo of a few extra zeros does not, and no sum of payments can overflow.
	if (input.amountCents > inv.totalCents) return { ok: false, reason: 'amount_too_large' };

	const [payment] = await db
		.insert(payments)
		.values({
			id: randomId(),
			companyId,
			invoiceId: inv.id,
			date: input.date,
			amountCents: input.amountCents,
			method: input.method,
			reference
		})
		.returning();
	return {
		ok: true,
		payment: payment!,
		ledger: await ledgerOf(db, companyId, inv, todayInBrussels())
	};
}

export type RemoveResult =
	{ ok: true; invoiceId: string } | { ok: false; reason: 'not_found' | 'mollie' };

/**
 * Deletes a manual payment (a typo, a payment booked on the wrong invoice). Mollie rows mirror
 * what Mollie says happened, so they are corrected by refunds from Mollie, never by hand.
 * `invoiceId`, when given, must match too: a form on one invoice can't remove another's payment.
 */
export async function removePayment(
	db: Db,
	companyId: string,
	paymentId: string,
	invoiceId?: string
): Promise<RemoveResult> {
	const where = [eq(payments.id, paymentId), eq(payments.companyId, companyId)];
	if (invoiceId !== undefined) where.push(eq(payments.invoiceId, invoiceId));
	const [row] = await db
		.select({ method: payments.method, invoiceId: payments.invoiceId })
		.from(payments)
		.where(and(...where));
	if (!row) return { ok: false, reason: 'not_found' };
	if (row.method === 'mollie') return { ok: false, reason: 'mollie' };
	await db.delete(payments).where(and(...where));
	return { ok: true, invoiceId: row.invoiceId };
}

export interface PaymentFilters {
	invoiceId?: string;
	method?: PaymentMethod;
	/** Inclusive `YYYY-MM-DD` bounds on the payment date. */
	from?: string;
	to?: string;
	limit?: number;
}

function filterWhere(companyId: string, f: PaymentFilters): SQL | undefined {
	const where: SQL[] = [eq(payments.companyId, companyId)];
	if (f.invoiceId) where.push(eq(payments.invoiceId, f.invoiceId));
	if (f.method) where.push(eq(payments.method, f.method));
	if (f.from) where.push(gte(payments.date, f.from));
	if (f.to) where.push(lte(payments.date, f.to));
	return and(...where);
}

export interface PaymentRow {
	id: string;
	date: string;
	amountCents: number;
	method: PaymentMethod;
	reference: string;
	invoiceId: string;
	invoiceNumber: string | null;
	currency: string;
	customerName: string;
}

/** Payments of the company, newest first, with the invoice number and customer for display. */
export async function listPayments(
	db: Db,
	companyId: string,
	filters: PaymentFilters = {}
): Promise<PaymentRow[]> {
	return listPaymentsQuery(db, companyId, filters);
}

/** listPayments' statement, batchable with a page's other reads. */
export function listPaymentsQuery(db: Db, companyId: string, filters: PaymentFilters = {}) {
	return (
		db
			.select({
				id: payments.id,
				date: payments.date,
				amountCents: payments.amountCents,
				method: payments.method,
				reference: payments.reference,
				invoiceId: payments.invoiceId,
				invoiceNumber: invoices.number,
				currency: invoices.currency,
				customerName: customers.name
			})
			.from(payments)
			// The joins repeat the company condition: a row never borrows another company's data.
			.innerJoin(
				invoices,
				and(eq(invoices.id, payments.invoiceId), eq(invoices.companyId, payments.companyId))
			)
			.innerJoin(
				customers,
				and(eq(customers.id, invoices.customerId), eq(customers.companyId, invoices.companyId))
			)
			.where(filterWhere(companyId, filters))
			.orderBy(desc(payments.date), desc(payments.createdAt), desc(payments.id))
			.limit(filters.limit ?? -1)
	);
}

export interface MethodTotal {
	method: PaymentMethod;
	count: number;
	/** Per currency: amounts in different currencies are never added together. */
	totals: { currency: string; cents: number }[];
}

/**
 * "One line per source": count and total per payment method, in PAYMENT_METHODS order, every
 * method present (count 0 when unused) so callers decide what to hide.
 */
export async function paymentTotalsByMethod(
	db: Db,
	companyId: string,
	filters: Omit<PaymentFilters, 'method' | 'limit' | 'invoiceId'> = {}
): Promise<MethodTotal[]> {
	return toMethodTotals(await paymentTotalsQuery(db, companyId, filters));
}

const pad2 = (n: number) => String(n).padStart(2, '0');
/** The month after `YYYY-MM`. */
function nextMonth(month: string): string {
	const [y, m] = month.split('-').map(Number) as [number, number];
	return m === 12 ? `${y + 1}-01` : `${y}-${pad2(m + 1)}`;
}
/** The month before `YYYY-MM`. */
function previousMonth(month: string): string {
	const [y, m] = month.split('-').map(Number) as [number, number];
	return m === 1 ? `${y - 1}-12` : `${y}-${pad2(m - 1)}`;
}
/** The last day of `YYYY-MM`, as `YYYY-MM-DD`. */
function lastDayOf(month: string): string {
	const [y, m] = month.split('-').map(Number) as [number, number];
	return `${month}-${pad2(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
}

/**
 * paymentTotalsByMethod's statement, batchable with a page's other reads. The period's whole
 * months come from payment_month_totals (one row per month, method and currency, kept by
 * triggers on every ledger write), only the days of a month the period cuts through from the
 * ledger itself: a year costs twelve rows however many payments it holds.
 */
export function paymentTotalsQuery(
	db: Db,
	companyId: string,
	filters: Omit<PaymentFilters, 'method' | 'limit' | 'invoiceId'> = {}
) {
	const { from, to } = filters;
	// Whole months inside [from, to]: from `first` to `last` (null: unbounded on that side).
	const first = from
		? from.endsWith('-01')
			? from.slice(0, 7)
			: nextMonth(from.slice(0, 7))
		: null;
	const lastWhole = to
		? to === lastDayOf(to.slice(0, 7))
			? to.slice(0, 7)
			: previousMonth(to.slice(0, 7))
		: null;
	const ledger = (lo: string | undefined, hi: string | undefined) => {
		const where = filterWhere(companyId, { from: lo, to: hi });
		return sql`select ${payments.method} as method, ${invoices.currency} as currency,
			count(*) as count, sum(${payments.amountCents}) as cents
			from ${payments} inner join ${invoices} on ${invoices.id} = ${payments.invoiceId}
				and ${invoices.companyId} = ${payments.companyId}
			where ${where} group by 1, 2`;
	};
	const parts: SQL[] = [];
	if (first !== null && lastWhole !== null && first > lastWhole) {
		// Within one month, or less: the ledger alone.
		parts.push(ledger(from, to));
	} else {
		const kept: SQL[] = [eq(paymentMonthTotals.companyId, companyId)];
		if (first) kept.push(gte(paymentMonthTotals.month, first));
		if (lastWhole) kept.push(lte(paymentMonthTotals.month, lastWhole));
		parts.push(sql`select ${paymentMonthTotals.method} as method,
			${paymentMonthTotals.currency} as currency, ${paymentMonthTotals.count} as count,
			${paymentMonthTotals.cents} as cents
			from ${paymentMonthTotals} where ${and(...kept)}`);
		if (from && first && from < `${first}-01`)
			parts.push(ledger(from, lastDayOf(from.slice(0, 7))));
		if (to && lastWhole && to > lastDayOf(lastWhole))
			parts.push(ledger(`${to.slice(0, 7)}-01`, to));
	}
	return db.all<{ method: PaymentMethod; currency: string; count: number; cents: number }>(
		sql`select method, currency, sum(count) as count, sum(cents) as cents
			from (${sql.join(parts, sql` union all `)})
			group by method, currency having sum(count) > 0 order by currency`
	);
}

export function toMethodTotals(
	rows: { method: PaymentMethod; currency: string; count: number; cents: number }[]
): MethodTotal[] {
	return PAYMENT_METHODS.map((method) => {
		const mine = rows.filter((r) => r.method === method);
		return {
			method,
			count: mine.reduce((n, r) => n + Number(r.count), 0),
			totals: mine.map((r) => ({ currency: r.currency, cents: Number(r.cents) }))
		};
	});
}

/** What the payments page shows above the ledger; null when not this company's document. */
export async function invoiceHeading(db: Db, companyId: string, invoiceId: string) {
	const [row] = await db
		.select({
			id: invoices.id,
			kind: invoices.kind,
			state: invoices.state,
			number: invoices.number,
			currency: invoices.currency,
			totalCents: invoices.totalCents,
			customerName: customers.name
		})
		.from(invoices)
		.innerJoin(
			customers,
			and(eq(customers.id, invoices.customerId), eq(customers.companyId, invoices.companyId))
		)
		.where(and(eq(invoices.id, invoiceId), eq(invoices.companyId, companyId)));
	return row ?? null;
}
