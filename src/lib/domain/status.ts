/**
 * Derived invoice status — never stored, always computed from the ledger so a
 * removed payment moves the status back automatically.
 *
 *   due      = total − credited            (credit notes linked to the invoice)
 *   netPaid  = paid − refunded
 *   balance  = due − netPaid               (> 0 open, 0 settled, < 0 overpaid)
 *
 * Status, first match wins:
 *   draft          not finalized
 *   overpaid       balance < 0 (shown, never silently absorbed)
 *   paid           balance = 0 and something was paid (or a zero-total invoice)
 *   credited       balance = 0, nothing paid, settled by credit notes
 *   partially_paid balance > 0 and netPaid > 0
 *   sent           balance > 0, nothing paid, sent to the customer
 *   finalized      balance > 0, nothing paid, not sent yet
 * `overdue` is a separate flag, not a status: finalized, balance > 0 and today
 * is after the due date (the due date itself is still on time).
 */

export type InvoiceStatus =
	'draft' | 'finalized' | 'sent' | 'partially_paid' | 'paid' | 'overpaid' | 'credited';

export interface StatusInput {
	finalized: boolean;
	sent: boolean;
	totalCents: number;
	paidCents: number;
	creditedCents: number;
	refundedCents?: number;
	/** `YYYY-MM-DD`, or null when there is no due date. */
	dueDate: string | null;
	/** `YYYY-MM-DD` in the company's time zone (Europe/Brussels). */
	today: string;
}

export interface DerivedStatus {
	status: InvoiceStatus;
	overdue: boolean;
	balanceCents: number;
	dueCents: number;
	netPaidCents: number;
}

const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

function nonNegInt(v: number, what: string) {
	if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${what} must be an integer ≥ 0`);
}

export function deriveInvoiceStatus(input: StatusInput): DerivedStatus {
	const refunded = input.refundedCents ?? 0;
	nonNegInt(input.totalCents, 'totalCents');
	nonNegInt(input.paidCents, 'paidCents');
	nonNegInt(input.creditedCents, 'creditedCents');
	nonNegInt(refunded, 'refundedCents');
	if (!ISO_DATE.test(input.today)) throw new RangeError('today must be YYYY-MM-DD');
	if (input.dueDate !== null && !ISO_DATE.test(input.dueDate)) {
		throw new RangeError('dueDate must be YYYY-MM-DD');
	}

	const dueCents = input.totalCents - input.creditedCents;
	const netPaidCents = input.paidCents - refunded;
	const balanceCents = dueCents - netPaidCents;

	let status: InvoiceStatus;
	if (!input.finalized) status = 'draft';
	else if (balanceCents < 0) status = 'overpaid';
	else if (balanceCents === 0) {
		status = netPaidCents === 0 && input.creditedCents > 0 ? 'credited' : 'paid';
	} else if (netPaidCents > 0) status = 'partially_paid';
	else status = input.sent ? 'sent' : 'finalized';

	// ISO dates compare correctly as strings.
	const overdue =
		input.finalized && balanceCents > 0 && input.dueDate !== null && input.today > input.dueDate;

	return { status, overdue, balanceCents, dueCents, netPaidCents };
}
