import type { Db } from '$lib/server/db';
import { mollieEnabled } from '$lib/server/mollie/config';
import { canConfigureMollie } from '$lib/server/mollie/connection';
import { mollieAccess, type MollieBlock } from '$lib/server/mollie/policy';

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

/** Why Mollie can't be asked at all for this company (checked before calling it), or null. */
export async function mollieProblem(db: Db, companyId: string): Promise<MollieBlock | null> {
	const access = await mollieAccess(db, companyId, mollieEnabled());
	return access.ok ? null : access.reason;
}

/** Refunds send money away: the same people who may configure Mollie. */
export const canRefund = (role: string | undefined) => canConfigureMollie(role);
