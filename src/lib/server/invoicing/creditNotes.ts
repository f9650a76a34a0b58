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
import * as z from 'zod';
import { parseValues } from '../forms';
import type { Db } from '../db';
import { invoiceLines, invoices } from '../db/schema';
import { failWith, todayInBrussels, type Result } from './common';
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
				z
					.string()
					.trim()
					.optional()
					.transform((typed, ctx) => {
						if (!typed) return 0;
						const q = parseQuantity(typed);
						if (q !== null && q <= l.quantityMilli) return q;
						ctx.addIssue({ code: 'custom', message: 'quantity_invalid' });
						return z.NEVER;
					})
			])
		)
	);

/**
 * Creates a draft credit note for a finalized invoice. `pick` (line id → quantity typed as a
 * positive number, e.g. "1,5") makes it partial; without it every line is credited in full.
 */
export async function createCreditNote(
	db: Db,
	companyId: string,
	invoiceId: string,
	pick?: Record<string, string>
): Promise<Result<{ id: string }> | null> {
	const [invoice] = await db
		.select()
		.from(invoices)
		.where(and(eq(invoices.id, invoiceId), eq(invoices.companyId, companyId)));
	if (!invoice) return null;
	if (invoice.kind !== 'invoice' || invoice.state !== 'finalized') {
		return failWith({ form: 'not_finalized_invoice' });
	}
	const creditable = await creditableCents(db, companyId, invoiceId);
	if (creditable <= 0) return failWith({ form: 'fully_credited' });

	const lines = await db
		.select()
		.from(invoiceLines)
		.where(eq(invoiceLines.invoiceId, invoiceId))
		.orderBy(asc(invoiceLines.position));
	let quantities = lines.map((l) => l.quantityMilli);
	if (pick) {
		const picked = parseValues(pickSchema(lines), pick);
		// The first line whose quantity isn't one (the page lists the refusal above the lines).
		if (!picked.ok) {
			const [id, key] = Object.entries(picked.errors)[0]!;
			return failWith({ [`pick.${id}`]: key });
		}
		quantities = lines.map((l) => picked.data[l.id] ?? 0);
	}
	const chosen = lines.flatMap((l, i) =>
		pick && quantities[i] === 0
			? []
			: [lineToForm({ ...l, vat: l.vat as VatCategory, quantityMilli: -quantities[i]! })]
	);
	if (chosen.length === 0) return failWith({ form: 'no_lines' });

	const today = todayInBrussels();
	const issueDate = today > invoice.issueDate ? today : invoice.issueDate;
	return createDraft(
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
}
