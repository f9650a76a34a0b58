import { err, type Result as Outcome } from '$lib/result';
/**
 * Drafts of invoices and credit notes: validation, create, edit, delete, mark as sent.
 * Finalization (numbering) lives in numbering.ts.
 *
 * Every write that must only touch a DRAFT repeats `state = 'draft'` inside the statement itself
 * (not just in an earlier read), so a finalization that lands in between can't be undone or edited.
 */
import { CURRENCY_DECIMALS, currencyDecimals } from '$lib/domain/money';
import { ogmFromNumber } from '$lib/domain/ogm';
import { computeTotals } from '$lib/domain/vat';
import {
	emptyLine,
	lineSchema,
	MAX_LINES,
	type InvoiceForm,
	type LineForm,
	type ParsedLine
} from '$lib/invoicing/lineForm';
import { firstErrors } from '$lib/validation';
import { and, eq, isNull, sql } from 'drizzle-orm';
import * as z from 'zod/mini';
import type { Db } from '../db';
import { customers, invoiceLines, invoices, journals, payments, type Invoice } from '../db/schema';
import { randomId } from '../secrets/ids';
import { creditableCents } from './queries';
import {
	addDays,
	failWith,
	isIsoDate,
	isUniqueViolation,
	ok,
	type ErrorKeys,
	type Result
} from './common';

/** Currencies offered in the editor (all have ≤ 3 decimals, as the totals require). */
export const INVOICE_CURRENCIES = [
	'EUR',
	'USD',
	'GBP',
	'CHF',
	'SEK',
	'NOK',
	'DKK',
	'PLN',
	'CZK',
	'HUF',
	'RON',
	'CAD',
	'AUD',
	'JPY'
].filter((c) => CURRENCY_DECIMALS[c] !== undefined);

export type { InvoiceForm } from '$lib/invoicing/lineForm';

const LINE_KEYS = ['description', 'quantity', 'unit', 'price', 'discount', 'vat'] as const;

/** Reads the editor's fields; line fields are repeated inputs (`line_quantity` ×N, in order). */
export function readInvoiceForm(form: FormData): InvoiceForm {
	const s = (k: string) => {
		const v = form.get(k);
		return typeof v === 'string' ? v : '';
	};
	const columns = LINE_KEYS.map((k) =>
		form.getAll(`line_${k}`).map((v) => (typeof v === 'string' ? v : ''))
	);
	const count = Math.min(MAX_LINES + 1, Math.max(...columns.map((c) => c.length)));
	const lines: LineForm[] = [];
	for (let i = 0; i < count; i++) {
		const line = emptyLine();
		LINE_KEYS.forEach((k, j) => (line[k] = columns[j]![i] ?? ''));
		lines.push(line);
	}
	return {
		customerId: s('customerId'),
		journalId: s('journalId'),
		issueDate: s('issueDate').trim(),
		dueDate: s('dueDate').trim(),
		currency: s('currency').trim() || 'EUR',
		reference: s('reference'),
		notes: s('notes'),
		allowZeroTotal: s('allowZeroTotal'),
		lines
	};
}

/** The editor's fields as read: the header as typed, the flag and lines parsed. */
interface ParsedDraft extends Omit<InvoiceForm, 'allowZeroTotal' | 'lines'> {
	allowZeroTotal: boolean;
	lines: ParsedLine[];
	lineNetCents: number[];
	netCents: number;
	vatCents: number;
	totalCents: number;
}

export interface DraftContext {
	kind: 'invoice' | 'credit_note';
	/** For a credit note: how much of the invoice is still creditable, in cents (> 0). */
	creditableCents?: number;
}

const isoDate = z.string().check(z.refine(isIsoDate, { error: 'date_invalid' }));
const trimmed = (max: number) =>
	z.string().check(z.trim(), z.maxLength(max, { error: 'too_long' }));

/**
 * A draft's own fields and lines (what needs no database), error keys per field; line errors
 * are `lines.<index>.<field>`. An empty due date stays empty (the payment term fills it in).
 */
function makeDraftSchema(isCredit: boolean) {
	return z
		.object({
			customerId: z.string().check(z.minLength(1, { error: 'required' })),
			journalId: z.string().check(z.minLength(1, { error: 'required' })),
			issueDate: isoDate,
			dueDate: z.union([z.literal(''), isoDate]),
			currency: z.enum(INVOICE_CURRENCIES as [string, ...string[]], {
				error: 'currency_invalid'
			}),
			reference: trimmed(100),
			notes: trimmed(2000),
			allowZeroTotal: z.pipe(
				z.string(),
				z.transform((v: string) => v === 'on' || v === 'true')
			),
			lines: z.array(lineSchema(isCredit)).check(z.minLength(1, { error: 'no_lines' })),
			lineCount: z.number()
		})
		.check(
			z.superRefine(
				({ lineCount }, ctx) => {
					if (lineCount > MAX_LINES) {
						ctx.addIssue({ code: 'custom', message: 'too_many_lines', path: ['lines'] });
					}
				},
				{ when: () => true }
			),
			z.superRefine(
				({ issueDate, dueDate }, ctx) => {
					if (dueDate && dueDate < issueDate) {
						ctx.addIssue({ code: 'custom', message: 'due_before_issue', path: ['dueDate'] });
					}
				},
				{
					when: ({ issues }) =>
						!issues.some((i) => ['issueDate', 'dueDate'].includes(String(i.path?.[0])))
				}
			)
		);
}

const invoiceDraft = makeDraftSchema(false);
const creditDraft = makeDraftSchema(true);

/**
 * Validates a draft. Customer and journal must be the company's own (a forged id from another
 * company is reported like an unknown one). Error keys are per field; line errors are
 * `lines.<index>.<field>`.
 */
export async function parseDraft(
	db: Db,
	companyId: string,
	form: InvoiceForm,
	ctx: DraftContext
): Promise<Result<ParsedDraft>> {
	const isCredit = ctx.kind === 'credit_note';
	// Lines past the limit are refused as a whole, not one by one.
	const parsed = z.safeParse(isCredit ? creditDraft : invoiceDraft, {
		...form,
		lines: form.lines.slice(0, MAX_LINES),
		lineCount: form.lines.length
	});
	const errors: ErrorKeys = parsed.success ? {} : firstErrors(parsed.error.issues);

	const [customer] = form.customerId
		? await db
				.select()
				.from(customers)
				.where(and(eq(customers.id, form.customerId), eq(customers.companyId, companyId)))
		: [];
	if (form.customerId && !customer) errors.customerId = 'not_found';
	const [journal] = form.journalId
		? await db
				.select()
				.from(journals)
				.where(and(eq(journals.id, form.journalId), eq(journals.companyId, companyId)))
		: [];
	if (form.journalId && !journal) errors.journalId = 'not_found';
	if (!parsed.success || !customer || !journal) return failWith(errors);

	const d = parsed.data;
	// Empty: from the payment term; the customer's own term wins over the journal's default.
	const dueDate =
		d.dueDate || addDays(d.issueDate, customer.paymentTermDays ?? journal.paymentTermDays);
	const totals = computeTotals(d.lines, currencyDecimals(d.currency));
	if (totals.totalCents === 0 && !d.allowZeroTotal) return failWith({ total: 'zero_total' });
	if (isCredit) {
		if (totals.totalCents > 0) return failWith({ total: 'credit_positive' });
		if (-totals.totalCents > (ctx.creditableCents ?? 0))
			return failWith({ total: 'credit_exceeds' });
	}
	return ok({
		customerId: d.customerId,
		journalId: d.journalId,
		issueDate: d.issueDate,
		dueDate,
		currency: d.currency,
		reference: d.reference,
		notes: d.notes,
		allowZeroTotal: d.allowZeroTotal,
		lines: d.lines,
		lineNetCents: totals.lineNetCents,
		netCents: totals.netCents,
		vatCents: totals.vatCents,
		totalCents: totals.totalCents
	});
}

/** A random 10-digit reference with its mod-97 check digits; uniqueness is the index's job. */
export function randomOgm(): string {
	const buf = new BigUint64Array(1);
	crypto.getRandomValues(buf);
	return ogmFromNumber(buf[0]! % 10_000_000_000n).replace(/[^0-9]/g, '');
}

const isDraft = (id: string) =>
	sql`EXISTS (SELECT 1 FROM ${invoices} WHERE ${invoices.id} = ${id} AND ${invoices.state} = 'draft')`;

/** Inserts a line only while its document is still a draft (one guarded statement). */
function insertLineIfDraft(
	db: Db,
	invoiceId: string,
	position: number,
	line: ParsedLine,
	netCents: number
) {
	return db.run(sql`INSERT INTO ${invoiceLines} (id, invoice_id, position, description, quantity_milli, unit, unit_price_milli, discount_bp, vat, net_cents)
		SELECT ${randomId()}, ${invoiceId}, ${position}, ${line.description}, ${line.quantityMilli}, ${line.unit}, ${line.unitPriceMilli}, ${line.discountBp}, ${line.vat}, ${netCents}
		WHERE ${isDraft(invoiceId)}`);
}

export async function createDraft(
	db: Db,
	companyId: string,
	form: InvoiceForm,
	ctx: DraftContext & { creditedInvoiceId?: string } = { kind: 'invoice' }
): Promise<Result<{ id: string }>> {
	const parsed = await parseDraft(db, companyId, form, ctx);
	if (!parsed.ok) return parsed;
	const d = parsed.value;
	// OGM from a random reference: 10^10 possibilities per company, a clash is retried.
	for (let attempt = 0; ; attempt++) {
		const id = randomId();
		try {
			await db.batch([
				db.insert(invoices).values({
					id,
					companyId,
					journalId: d.journalId,
					customerId: d.customerId,
					kind: ctx.kind,
					creditedInvoiceId: ctx.creditedInvoiceId ?? null,
					issueDate: d.issueDate,
					dueDate: d.dueDate,
					currency: d.currency,
					reference: d.reference,
					notes: d.notes,
					ogm: randomOgm(),
					allowZeroTotal: d.allowZeroTotal,
					netCents: d.netCents,
					vatCents: d.vatCents,
					totalCents: d.totalCents
				}),
				...d.lines.map((l, i) => insertLineIfDraft(db, id, i, l, d.lineNetCents[i]!))
			]);
			return ok({ id });
		} catch (e) {
			if (attempt < 5 && isUniqueViolation(e)) continue;
			throw e;
		}
	}
}

/** The document if it is the company's (any state), else null. */
async function findDoc(db: Db, companyId: string, id: string): Promise<Invoice | null> {
	const [row] = await db
		.select()
		.from(invoices)
		.where(and(eq(invoices.id, id), eq(invoices.companyId, companyId)));
	return row ?? null;
}

/**
 * Replaces a draft's fields and lines. null: not the company's document. A credit note keeps
 * the customer, journal and currency of its invoice whatever is posted.
 */
export async function updateDraft(
	db: Db,
	companyId: string,
	id: string,
	form: InvoiceForm
): Promise<Result<{ id: string }> | null> {
	const doc = await findDoc(db, companyId, id);
	if (!doc) return null;
	if (doc.state !== 'draft') return failWith({ form: 'not_draft' });
	let ctx: DraftContext = { kind: 'invoice' };
	if (doc.kind === 'credit_note') {
		form = {
			...form,
			customerId: doc.customerId,
			journalId: doc.journalId,
			currency: doc.currency
		};
		ctx = {
			kind: 'credit_note',
			creditableCents: await creditableCents(db, companyId, doc.creditedInvoiceId!)
		};
	}
	const parsed = await parseDraft(db, companyId, form, ctx);
	if (!parsed.ok) return parsed;
	const d = parsed.value;
	const [updated] = await db.batch([
		db
			.update(invoices)
			.set({
				journalId: d.journalId,
				customerId: d.customerId,
				issueDate: d.issueDate,
				dueDate: d.dueDate,
				currency: d.currency,
				reference: d.reference,
				notes: d.notes,
				allowZeroTotal: d.allowZeroTotal,
				netCents: d.netCents,
				vatCents: d.vatCents,
				totalCents: d.totalCents
			})
			.where(
				and(eq(invoices.id, id), eq(invoices.companyId, companyId), eq(invoices.state, 'draft'))
			)
			.returning({ id: invoices.id }),
		db.delete(invoiceLines).where(and(eq(invoiceLines.invoiceId, id), isDraft(id))),
		...d.lines.map((l, i) => insertLineIfDraft(db, id, i, l, d.lineNetCents[i]!))
	]);
	return updated.length === 1 ? ok({ id }) : failWith({ form: 'not_draft' });
}

/** Deletes a draft. Finalized documents are part of the books and are never deleted. */
export async function deleteDraft(
	db: Db,
	companyId: string,
	id: string
): Promise<Outcome<null, 'not_draft' | 'not_found'>> {
	const guard = and(
		eq(invoices.id, id),
		eq(invoices.companyId, companyId),
		eq(invoices.state, 'draft'),
		sql`NOT EXISTS (SELECT 1 FROM ${payments} WHERE ${payments.invoiceId} = ${id})`
	);
	const [, deleted] = await db.batch([
		db
			.delete(invoiceLines)
			.where(
				and(
					eq(invoiceLines.invoiceId, id),
					sql`EXISTS (SELECT 1 FROM ${invoices} WHERE ${invoices.id} = ${id} AND ${invoices.companyId} = ${companyId} AND ${invoices.state} = 'draft')`
				)
			),
		db.delete(invoices).where(guard).returning({ id: invoices.id })
	]);
	if (deleted.length === 1) return ok(null);
	return err((await findDoc(db, companyId, id)) ? 'not_draft' : 'not_found');
}

/** Records that a finalized document went to the customer (first time only). */
export async function markSent(
	db: Db,
	companyId: string,
	id: string
): Promise<Outcome<null, 'not_finalized' | 'not_found'>> {
	const rows = await db
		.update(invoices)
		.set({ sentAt: new Date() })
		.where(
			and(
				eq(invoices.id, id),
				eq(invoices.companyId, companyId),
				eq(invoices.state, 'finalized'),
				isNull(invoices.sentAt)
			)
		)
		.returning({ id: invoices.id });
	if (rows.length === 1) return ok(null);
	const doc = await findDoc(db, companyId, id);
	if (!doc) return err('not_found');
	return doc.state === 'finalized' ? ok(null) : err('not_finalized');
}
