/**
 * Finalization: the moment a draft gets its number.
 *
 * Numbers are gap-free and unique per journal, also when several finalizations run at once.
 * Everything happens in ONE batch, which libSQL runs as one write transaction (in-process the
 * embedded client runs it synchronously on one connection; over HTTP the server runs it
 * atomically):
 *   1. `UPDATE journals SET next_number = next_number + 1 … RETURNING next_number`, guarded by
 *      "the invoice is still a draft" (and, for a credit note, "it doesn't exceed what's left
 *      to credit") — so a losing racer takes no number and leaves no gap;
 *   2. `UPDATE invoices SET state = 'finalized', sequence = next_number − 1, number = …` under the
 *      same guards, reading the sequence from the journal row just incremented.
 * The unique index (journal_id, number) is the last line of defence.
 *
 * The sequence is per journal and does not restart each year: `{YYYY}` in the pattern only
 * prints the issue date's year. Credit notes share their journal's series (documented choice).
 */
import { formatInvoiceNumber, validatePattern } from '$lib/domain/numbering';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { companies, customers, invoiceLines, invoices, journals } from '../db/schema';
import { err, type Result as Outcome } from '$lib/result';
import { ok } from './common';
import { buyerParty, sellerParty } from './document';

/**
 * Splits a pattern around its sequence token so SQL can insert the sequence:
 * `{YYYY}-{####}` on 2026-03-01 → prefix "2026-", width 4, suffix "".
 */
export function numberTemplate(pattern: string, issueDate: string) {
	const m = /\{(#{1,12})\}/.exec(pattern);
	if (!m || !validatePattern(pattern).ok) throw new RangeError('Invalid number pattern');
	const before = pattern.slice(0, m.index);
	const after = pattern.slice(m.index + m[0].length);
	// Format each side with a throwaway 1-digit sequence, then cut that digit off.
	const prefix = formatInvoiceNumber(`${before}{#}`, { date: issueDate, seq: 1 }).slice(0, -1);
	const suffix = formatInvoiceNumber(`{#}${after}`, { date: issueDate, seq: 1 }).slice(1);
	return { prefix, width: m[1]!.length, suffix };
}

/** What the document and the journal must satisfy, as SQL, evaluated inside the batch. */
function guards(doc: { id: string; companyId: string; journalId: string; pattern: string }) {
	const { id, companyId, journalId } = doc;
	return sql`EXISTS (SELECT 1 FROM ${invoices} i WHERE i.id = ${id} AND i.company_id = ${companyId}
			AND i.journal_id = ${journalId} AND i.state = 'draft'
			AND (i.total_cents <> 0 OR i.allow_zero_total = 1)
			AND EXISTS (SELECT 1 FROM ${invoiceLines} l WHERE l.invoice_id = i.id)
			AND (i.kind = 'invoice' OR (
				i.total_cents <= 0 AND
				(SELECT c.total_cents FROM ${invoices} c WHERE c.id = i.credited_invoice_id AND c.state = 'finalized')
				+ i.total_cents
				+ coalesce((SELECT sum(o.total_cents) FROM ${invoices} o
					WHERE o.credited_invoice_id = i.credited_invoice_id AND o.state = 'finalized'), 0)
				>= 0)))
		AND EXISTS (SELECT 1 FROM ${journals} j WHERE j.id = ${journalId} AND j.pattern = ${doc.pattern})`;
}

/** The frozen copy of seller and buyer printed on the document (read by document.ts). */
async function buildSnapshot(db: Db, companyId: string, customerId: string) {
	const [company] = await db.select().from(companies).where(eq(companies.id, companyId));
	const [customer] = await db
		.select()
		.from(customers)
		.where(and(eq(customers.id, customerId), eq(customers.companyId, companyId)));
	return {
		company: company && sellerParty(company),
		customer: customer && { ...buyerParty(customer), emails: customer.emails }
	};
}

/** Why a draft can't be finalized (each has a text in errorText; `retry`: try again). */
export type FinalizeError =
	'not_found' | 'not_draft' | 'no_lines' | 'zero_total' | 'credit_exceeds' | 'retry';

export async function finalizeInvoice(
	db: Db,
	companyId: string,
	id: string
): Promise<Outcome<{ number: string; sequence: number }, FinalizeError>> {
	for (let attempt = 0; attempt < 3; attempt++) {
		const [doc] = await db
			.select({ invoice: invoices, journal: journals })
			.from(invoices)
			.innerJoin(journals, eq(journals.id, invoices.journalId))
			.where(and(eq(invoices.id, id), eq(invoices.companyId, companyId)));
		if (!doc) return err('not_found');
		const { invoice, journal } = doc;
		if (invoice.state !== 'draft') return err('not_draft');

		const [lineCount] = await db
			.select({ n: sql<number>`count(*)` })
			.from(invoiceLines)
			.where(eq(invoiceLines.invoiceId, id));
		if (!lineCount?.n) return err('no_lines');
		if (invoice.totalCents === 0 && !invoice.allowZeroTotal) return err('zero_total');

		const t = numberTemplate(journal.pattern, invoice.issueDate);
		const guard = guards({ id, companyId, journalId: journal.id, pattern: journal.pattern });
		const snapshot = await buildSnapshot(db, companyId, invoice.customerId);
		const seqSql = sql`(SELECT j.next_number - 1 FROM ${journals} j WHERE j.id = ${journal.id})`;

		const [bumped, finalized] = await db.batch([
			db
				.update(journals)
				.set({ nextNumber: sql`${journals.nextNumber} + 1` })
				.where(and(eq(journals.id, journal.id), eq(journals.companyId, companyId), guard))
				.returning({ nextNumber: journals.nextNumber }),
			db
				.update(invoices)
				.set({
					state: 'finalized',
					sequence: seqSql,
					number: sql`${t.prefix} || printf('%0' || ${t.width} || 'd', ${seqSql}) || ${t.suffix}`,
					finalizedAt: new Date(),
					snapshot
				})
				.where(and(eq(invoices.id, id), eq(invoices.companyId, companyId), guard))
				.returning({ number: invoices.number, sequence: invoices.sequence })
		]);
		const row = finalized[0];
		if (bumped.length === 1 && row?.number && row.sequence !== null) {
			// Belt and braces: SQL and the domain formatter must agree on the number.
			const expected = formatInvoiceNumber(journal.pattern, {
				date: invoice.issueDate,
				seq: row.sequence
			});
			if (expected !== row.number) throw new Error(`Number mismatch: ${row.number} ≠ ${expected}`);
			return ok({ number: row.number, sequence: row.sequence });
		}
		// Nothing was written. Find out why: finalized by someone else, over-credited, or the
		// journal's pattern changed under us (then simply try again).
		const [now] = await db
			.select({ state: invoices.state, kind: invoices.kind })
			.from(invoices)
			.where(and(eq(invoices.id, id), eq(invoices.companyId, companyId)));
		if (!now) return err('not_found');
		if (now.state !== 'draft') return err('not_draft');
		if (now.kind === 'credit_note') return err('credit_exceeds');
	}
	return err('retry');
}
