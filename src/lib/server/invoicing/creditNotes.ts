/**
 * Credit notes correct a finalized invoice (it is never edited). A credit note is a document of
 * kind `credit_note` in the SAME journal and number series as its invoice, with NEGATIVE
 * quantities, so its totals are negative and the invoice's credited amount is −Σ its finalized
 * credit notes. The sum of all credit notes can never exceed the invoice total: checked when the
 * draft is saved and again, atomically, at finalization (numbering.ts).
 *
 * "Full" copies every line negated; "partial" takes chosen lines and quantities. Either way the
 * result is a draft the user can still adjust before finalizing.
 */
import { parseQuantity, type VatCategory } from '$lib/domain/vat';
import { lineToForm } from '$lib/invoicing/lineForm';
import { and, asc, eq } from 'drizzle-orm';
import * as z from 'zod/mini';
import { isErrorKey, type ErrorKey } from '$lib/invoicing/errorText';
import { err, ok, type Result } from '$lib/result';
import { reading } from '$lib/validation';
import { parseValues } from '../forms';
import type { Db } from '../db';
import { invoiceLines, invoices } from '../db/schema';
import { todayInBrussels } from './common';
import { createDraft } from './invoices';
import { creditableCents } from './queries';

/**
 * What to credit of each line: its quantity typed as a positive number ("1,5"), at most the
 * invoiced one; a line left empty or at 0 is not credited. Errors are keys per line id.
 */
const pickSchema = (lines: { id: string; quantityMilli: number }[]) =>
	z.object(
		Object.fromEntries(
			lines.map((l) => [
				l.id,
				z.pipe(
					z.optional(z.string().check(z.trim())),
					reading((typed: string | undefined, refuse) => {
						if (!typed) return 0;
						const q = parseQuantity(typed);
						return q !== null && q <= l.quantityMilli ? q : refuse('quantity_invalid');
					})
				)
			])
		)
	);

/**
 * Why no credit note was made: no such invoice of the company, not a finalized invoice, nothing
 * left to credit, no line picked, a picked quantity that isn't one (at most the invoiced one),
 * or the draft's own refusal (e.g. more than is creditable, after another credit note).
 */
export type CreditNoteError =
	| 'not_found'
	| 'not_finalized_invoice'
	| 'fully_credited'
	| 'no_lines'
	| 'quantity_invalid'
	| Exclude<ErrorKey, 'not_found'>;

/** The draft's first refusal as this service's error (a key without a text reads "invalid"). */
const draftError = (errors: Record<string, string>): CreditNoteError => {
	const key = Object.values(errors)[0] ?? 'invalid';
	return isErrorKey(key) && key !== 'not_found' ? key : 'invalid';
};

/**
 * Creates a draft credit note for a finalized invoice. `pick` (line id → quantity typed as a
 * positive number, e.g. "1,5") makes it partial; without it every line is credited in full.
 */
export async function createCreditNote(
	db: Db,
	companyId: string,
	invoiceId: string,
	pick?: Record<string, string>
): Promise<Result<{ id: string }, CreditNoteError>> {
	const [invoice] = await db
		.select()
		.from(invoices)
		.where(and(eq(invoices.id, invoiceId), eq(invoices.companyId, companyId)));
	if (!invoice) return err('not_found');
	if (invoice.kind !== 'invoice' || invoice.state !== 'finalized') {
		return err('not_finalized_invoice');
	}
	const creditable = await creditableCents(db, companyId, invoiceId);
	if (creditable <= 0) return err('fully_credited');

	const lines = await db
		.select()
		.from(invoiceLines)
		.where(eq(invoiceLines.invoiceId, invoiceId))
		.orderBy(asc(invoiceLines.position));
	let quantities = lines.map((l) => l.quantityMilli);
	if (pick) {
		const picked = parseValues(pickSchema(lines), pick);
		// A quantity that isn't one (the page shows the refusal above the lines, as typed).
		if (!picked.ok) return err('quantity_invalid');
		quantities = lines.map((l) => picked.data[l.id] ?? 0);
	}
	const chosen = lines.flatMap((l, i) =>
		pick && quantities[i] === 0
			? []
			: [lineToForm({ ...l, vat: l.vat as VatCategory, quantityMilli: -quantities[i]! })]
	);
	if (chosen.length === 0) return err('no_lines');

	const today = todayInBrussels();
	const issueDate = today > invoice.issueDate ? today : invoice.issueDate;
	const draft = await createDraft(
		db,
		companyId,
		{
			customerId: invoice.customerId,
			journalId: invoice.journalId,
			issueDate,
			dueDate: issueDate,
			currency: invoice.currency,
			reference: invoice.number ?? '',
			notes: '',
			allowZeroTotal: '',
			lines: chosen
		},
		{ kind: 'credit_note', creditableCents: creditable, creditedInvoiceId: invoiceId }
	);
	return draft.ok ? ok(draft.value) : err(draftError(draft.errors));
}
