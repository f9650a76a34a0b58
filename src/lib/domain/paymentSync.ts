/**
 * What an online payment (as the payment provider reports it) means for the books.
 *
 * The provider's view is fetched fresh every time (webhook, return page, "check status",
 * sync); this module turns it into the ledger entries that must exist. Each entry has a
 * stable key (`payment:tr_…`, `refund:re_…`, `chargeback:chb_…`), so applying the same view
 * twice, out of order or concurrently adds nothing twice: the caller inserts by key and lets
 * a unique index reject duplicates. Pure: no HTTP, no database, no provider SDK.
 */

/** Mollie's payment statuses: the one list (schema, filters, labels and sync derive from it). */
export const MOLLIE_PAYMENT_STATUSES = [
	'open',
	'pending',
	'authorized',
	'paid',
	'canceled',
	'expired',
	'failed'
] as const;
export type RemoteStatus = (typeof MOLLIE_PAYMENT_STATUSES)[number];
/** The statuses a payment never leaves. */
export const FINAL_PAYMENT_STATUSES = ['paid', 'canceled', 'expired', 'failed'] as const;
/** The others: still under way at Mollie (the customer may be paying, or Mollie confirming). */
export const OPEN_PAYMENT_STATUSES = ['open', 'pending', 'authorized'] as const;
/** The final statuses that are not a payment: a new attempt is needed (and allowed). */
export const UNPAID_FINAL_STATUSES = ['canceled', 'expired', 'failed'] as const;

export const MOLLIE_REFUND_STATUSES = [
	'queued',
	'pending',
	'processing',
	'refunded',
	'failed',
	'canceled'
] as const;
export type RemoteRefundStatus = (typeof MOLLIE_REFUND_STATUSES)[number];

export interface RemotePayment {
	id: string;
	status: RemoteStatus;
	amountCents: number;
	/** ISO date-time when paid, if paid. */
	paidAt: string | null;
	method: string | null;
	refunds: { id: string; status: RemoteRefundStatus; amountCents: number; createdAt: string }[];
	chargebacks: {
		id: string;
		amountCents: number;
		createdAt: string;
		reversedAt: string | null;
	}[];
}

export interface LedgerEntry {
	key: string;
	kind: 'payment' | 'refund' | 'chargeback';
	/** Positive for money in, negative for money out. */
	amountCents: number;
	/** YYYY-MM-DD */
	date: string;
}

/** Only `paid` is money in; `authorized` is not captured yet and `pending` may still fail. */
export function isMoneyIn(status: RemoteStatus): boolean {
	return status === 'paid';
}

export function isFinal(status: string): boolean {
	return (FINAL_PAYMENT_STATUSES as readonly string[]).includes(status);
}

/** Open, pending or authorized: Mollie may still change it. */
export function isOpenPayment(status: string): boolean {
	return (OPEN_PAYMENT_STATUSES as readonly string[]).includes(status);
}

/** A new attempt is needed (and allowed) when the last one can no longer be paid. */
export function needsNewAttempt(status: string): boolean {
	return (UNPAID_FINAL_STATUSES as readonly string[]).includes(status);
}

const day = (iso: string) => iso.slice(0, 10);

/**
 * The ledger entries the remote payment implies. A refund counts only once `refunded`
 * (queued/pending/processing refunds can still be canceled or fail); a chargeback counts
 * until it is reversed.
 */
export function expectedEntries(remote: RemotePayment): LedgerEntry[] {
	// Refunds and chargebacks only exist on payments that were paid (Mollie keeps `paid`).
	const wasPaid =
		isMoneyIn(remote.status) || remote.refunds.length > 0 || remote.chargebacks.length > 0;
	if (!wasPaid) return [];
	const entries: LedgerEntry[] = [
		{
			key: `payment:${remote.id}`,
			kind: 'payment',
			amountCents: remote.amountCents,
			date: day(remote.paidAt ?? new Date(0).toISOString())
		}
	];
	for (const refund of remote.refunds) {
		if (refund.status !== 'refunded') continue;
		entries.push({
			key: `refund:${refund.id}`,
			kind: 'refund',
			amountCents: -refund.amountCents,
			date: day(refund.createdAt)
		});
	}
	for (const chargeback of remote.chargebacks) {
		if (chargeback.reversedAt) continue;
		entries.push({
			key: `chargeback:${chargeback.id}`,
			kind: 'chargeback',
			amountCents: -chargeback.amountCents,
			date: day(chargeback.createdAt)
		});
	}
	return entries;
}

/**
 * Compares what the books hold for one remote payment with what they should hold.
 * `add`: insert these (by key, ignoring duplicates). `remove`: keys whose reason vanished
 * (a reversed chargeback). Payment and refund entries are never removed once booked.
 */
export function diffEntries(
	booked: { key: string }[],
	expected: LedgerEntry[]
): { add: LedgerEntry[]; remove: string[] } {
	const have = new Set(booked.map((b) => b.key));
	const want = new Set(expected.map((e) => e.key));
	return {
		add: expected.filter((e) => !have.has(e.key)),
		remove: [...have].filter((k) => k.startsWith('chargeback:') && !want.has(k))
	};
}

/** Refunds not yet final are shown as pending; their total, for the owner's view. */
export function pendingRefundCents(remote: RemotePayment): number {
	return remote.refunds
		.filter((r) => r.status === 'queued' || r.status === 'pending' || r.status === 'processing')
		.reduce((sum, r) => sum + r.amountCents, 0);
}
