import { currencyDecimals, parseAmount } from '$lib/domain/money';
import type { Db } from '$lib/server/db';
import { mollieEnabled } from '$lib/server/mollie/config';
import { canConfigureMollie, getConnectionSummary } from '$lib/server/mollie/connection';

/**
 * Pieces of the payment page's actions ("Check status now", "Refund"), which the invoice page's
 * Mollie panel posts to as well.
 */

// Only our own invoice pages: never another site, never `//host` or `/\host`, no `..`.
const BACK = /^\/invoices\/[A-Za-z0-9_-]{1,64}(?:\/[A-Za-z0-9_-]{1,32})*$/;

/** The optional `back` field: a same-site `/invoices/…` path to return to, else null. */
export function safeBack(value: FormDataEntryValue | string | null): string | null {
	return typeof value === 'string' && value.length <= 200 && BACK.test(value) ? value : null;
}

/** Where a successful action lands: back on the invoice (with the outcome) or on the payment. */
export function afterSuccess(back: string | null, paymentId: string, outcome: string): string {
	return back ? `${back}?mollie=${outcome}` : `/payments/mollie/${paymentId}?done=${outcome}`;
}

export type MollieProblem = 'not_configured' | 'not_connected' | 'reconnect';

/** Why Mollie can't be asked at all for this company (checked before calling it), or null. */
export async function mollieProblem(db: Db, companyId: string): Promise<MollieProblem | null> {
	if (!mollieEnabled()) return 'not_configured';
	const connection = await getConnectionSummary(db, companyId);
	if (connection?.status === 'reconnect_needed') return 'reconnect';
	if (connection?.status !== 'connected') return 'not_connected';
	return null;
}

/** Refunds send money away: the same people who may configure Mollie. */
export const canRefund = (role: string | undefined) => canConfigureMollie(role);

export type AmountError = 'amount_required' | 'amount' | 'amount_decimals' | 'amount_positive';

/** A typed refund amount → exact minor units (never rounded), or why it isn't one. */
export function parseRefundAmount(
	raw: string,
	currency: string
): { ok: true; cents: number } | { ok: false; error: AmountError } {
	const s = raw.trim();
	if (s === '') return { ok: false, error: 'amount_required' };
	if (/^[-\u2212]/.test(s)) return { ok: false, error: 'amount_positive' };
	const cents = parseAmount(s, currencyDecimals(currency));
	if (cents === null) {
		// It parses with more decimals: the only problem is precision.
		return { ok: false, error: parseAmount(s, 12) !== null ? 'amount_decimals' : 'amount' };
	}
	if (cents <= 0) return { ok: false, error: 'amount_positive' };
	return { ok: true, cents };
}
