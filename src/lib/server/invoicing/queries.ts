/**
 * Read side of invoicing, always scoped by company. Status is derived (never stored) from the
 * payments ledger and the finalized credit notes; see domain/status.ts.
 */
import { currencyDecimals } from '$lib/domain/money';
import { deriveInvoiceStatus, type DerivedStatus } from '$lib/domain/status';
import { computeTotals, type VatCategory } from '$lib/domain/vat';
import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { customers, invoiceLines, invoices, journals, payments, type Invoice } from '../db/schema';
import { todayInBrussels } from './common';

export type ListStatus =
	'draft' | 'finalized' | 'sent' | 'partially_paid' | 'paid' | 'overdue' | 'credited' | 'overpaid';

export interface Money {
	paidCents: number;
	refundedCents: number;
	creditedCents: number;
}

/** Σ payments in and out per invoice (refunds and chargebacks are negative ledger rows). */
async function paymentSums(db: Db, companyId: string, ids?: string[]) {
	const where = [eq(payments.companyId, companyId)];
	if (ids) where.push(inArray(payments.invoiceId, ids));
	const rows = await db
		.select({
			invoiceId: payments.invoiceId,
			paid: sql<number>`coalesce(sum(CASE WHEN ${payments.amountCents} > 0 THEN ${payments.amountCents} ELSE 0 END), 0)`,
			refunded: sql<number>`coalesce(sum(CASE WHEN ${payments.amountCents} < 0 THEN -${payments.amountCents} ELSE 0 END), 0)`
		})
		.from(payments)
		.where(and(...where))
		.groupBy(payments.invoiceId);
	return new Map(
		rows.map((r) => [r.invoiceId, { paid: Number(r.paid), refunded: Number(r.refunded) }])
	);
}

/** Credited amount per invoice = −Σ totals of its FINALIZED credit notes (positive cents). */
async function creditedSums(db: Db, companyId: string, ids?: string[]) {
	const where = [
		eq(invoices.companyId, companyId),
		eq(invoices.kind, 'credit_note'),
		eq(invoices.state, 'finalized')
	];
	if (ids) where.push(inArray(invoices.creditedInvoiceId, ids));
	const rows = await db
		.select({
			invoiceId: invoices.creditedInvoiceId,
			total: sql<number>`sum(${invoices.totalCents})`
		})
		.from(invoices)
		.where(and(...where))
		.groupBy(invoices.creditedInvoiceId);
	return new Map(rows.map((r) => [r.invoiceId!, -Number(r.total)]));
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
	/** Issue date range, YYYY-MM-DD inclusive. */
	from?: string;
	to?: string;
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
}

/**
 * The company's documents, newest first, with derived status. Status filtering happens after
 * derivation (status isn't a column); the SQL part narrows by journal, customer, period, text.
 */
export async function listInvoices(
	db: Db,
	companyId: string,
	filters: InvoiceFilters = {},
	today = todayInBrussels()
): Promise<{
	rows: InvoiceListRow[];
	open: Record<string, number>;
	overdue: Record<string, number>;
}> {
	const where: SQL[] = [eq(invoices.companyId, companyId)];
	if (filters.journalId) where.push(eq(invoices.journalId, filters.journalId));
	if (filters.customerId) where.push(eq(invoices.customerId, filters.customerId));
	if (filters.from) where.push(gte(invoices.issueDate, filters.from));
	if (filters.to) where.push(lte(invoices.issueDate, filters.to));
	const q = filters.q?.trim();
	if (q) {
		const p = `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
		where.push(
			sql`(${invoices.number} LIKE ${p} ESCAPE '\\' OR ${customers.name} LIKE ${p} ESCAPE '\\' OR ${invoices.reference} LIKE ${p} ESCAPE '\\')`
		);
	}
	const docs = await db
		.select({ invoice: invoices, customerName: customers.name, journalName: journals.name })
		.from(invoices)
		.innerJoin(customers, eq(customers.id, invoices.customerId))
		.innerJoin(journals, eq(journals.id, invoices.journalId))
		.where(and(...where))
		.orderBy(desc(invoices.issueDate), desc(invoices.createdAt))
		.limit(1000);
	const paid = await paymentSums(db, companyId);
	const credited = await creditedSums(db, companyId);

	const open: Record<string, number> = {};
	const overdue: Record<string, number> = {};
	const rows: InvoiceListRow[] = [];
	for (const { invoice: inv, customerName, journalName } of docs) {
		const p = paid.get(inv.id);
		const d = deriveStatus(
			inv,
			{
				paidCents: p?.paid ?? 0,
				refundedCents: p?.refunded ?? 0,
				creditedCents: credited.get(inv.id) ?? 0
			},
			today
		);
		if (inv.kind === 'invoice' && inv.state === 'finalized' && d.balanceCents > 0) {
			open[inv.currency] = (open[inv.currency] ?? 0) + d.balanceCents;
			if (d.overdue) overdue[inv.currency] = (overdue[inv.currency] ?? 0) + d.balanceCents;
		}
		const s = filters.status;
		if (s && (s === 'overdue' ? !d.overdue : d.status !== s)) continue;
		rows.push({
			id: inv.id,
			kind: inv.kind,
			number: inv.number,
			issueDate: inv.issueDate,
			dueDate: inv.dueDate,
			currency: inv.currency,
			totalCents: inv.totalCents,
			customerId: inv.customerId,
			customerName,
			journalName,
			status: d.status,
			overdue: d.overdue,
			balanceCents: d.balanceCents
		});
	}
	return { rows, open, overdue };
}

/** One document with everything its page shows, or null if it isn't the company's. */
export async function getInvoice(db: Db, companyId: string, id: string, today = todayInBrussels()) {
	const [doc] = await db
		.select({ invoice: invoices, customer: customers, journal: journals })
		.from(invoices)
		.innerJoin(customers, eq(customers.id, invoices.customerId))
		.innerJoin(journals, eq(journals.id, invoices.journalId))
		.where(and(eq(invoices.id, id), eq(invoices.companyId, companyId)));
	if (!doc) return null;
	const lines = await db
		.select()
		.from(invoiceLines)
		.where(eq(invoiceLines.invoiceId, id))
		.orderBy(asc(invoiceLines.position));
	const totals = computeTotals(
		lines.map((l) => ({ ...l, vat: l.vat as VatCategory })),
		currencyDecimals(doc.invoice.currency)
	);
	const money = await moneyOf(db, companyId, id);
	const creditNotes = await db
		.select({
			id: invoices.id,
			number: invoices.number,
			state: invoices.state,
			totalCents: invoices.totalCents
		})
		.from(invoices)
		.where(and(eq(invoices.companyId, companyId), eq(invoices.creditedInvoiceId, id)))
		.orderBy(asc(invoices.createdAt));
	const [creditedInvoice] = doc.invoice.creditedInvoiceId
		? await db
				.select({ id: invoices.id, number: invoices.number })
				.from(invoices)
				.where(
					and(eq(invoices.id, doc.invoice.creditedInvoiceId), eq(invoices.companyId, companyId))
				)
		: [];
	return {
		...doc,
		lines,
		totals,
		money,
		derived: deriveStatus(doc.invoice, money, today),
		creditNotes,
		creditedInvoice: creditedInvoice ?? null
	};
}

async function moneyOf(db: Db, companyId: string, id: string): Promise<Money> {
	const p = (await paymentSums(db, companyId, [id])).get(id);
	const c = (await creditedSums(db, companyId, [id])).get(id) ?? 0;
	return { paidCents: p?.paid ?? 0, refundedCents: p?.refunded ?? 0, creditedCents: c };
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
	const credited = (await creditedSums(db, companyId, [invoiceId])).get(invoiceId) ?? 0;
	return Math.max(0, inv.totalCents - credited);
}

/** Dashboard figures, per currency: open and overdue balances, money received this month. */
export async function dashboardSummary(db: Db, companyId: string, today = todayInBrussels()) {
	const { rows, open, overdue } = await listInvoices(db, companyId, {}, today);
	const month = today.slice(0, 7);
	const received = await db
		.select({ currency: invoices.currency, cents: sql<number>`sum(${payments.amountCents})` })
		.from(payments)
		.innerJoin(invoices, eq(invoices.id, payments.invoiceId))
		.where(
			and(
				eq(payments.companyId, companyId),
				gte(payments.date, `${month}-01`),
				lte(payments.date, `${month}-31`)
			)
		)
		.groupBy(invoices.currency);
	const paidThisMonth: Record<string, number> = {};
	for (const r of received) paidThisMonth[r.currency] = Number(r.cents);
	return {
		open,
		overdue,
		paidThisMonth,
		openCount: rows.filter(
			(r) => r.kind === 'invoice' && r.balanceCents > 0 && r.status !== 'draft'
		).length,
		overdueCount: rows.filter((r) => r.overdue).length,
		recent: rows.slice(0, 5)
	};
}
