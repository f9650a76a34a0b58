/**
 * Shared bits of the invoicing services. Services return error KEYS (e.g. `quantity_negative`),
 * never translated text: routes translate them, tests assert on them.
 */

import type { FieldResult } from '$lib/result';

// The one result type lives in $lib/result; the invoicing services use its per-field form.
export { failWith, ok } from '$lib/result';
export type ErrorKeys = Record<string, string>;
export type Result<T> = FieldResult<T>;

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** A real calendar date typed as YYYY-MM-DD (rejects 2026-02-30). */
export function isIsoDate(s: string): boolean {
	const m = ISO_DATE.exec(s);
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return d.toISOString().slice(0, 10) === s;
}

/**
 * Today's date in Belgium: invoices, due dates and payments are dated in the company's time zone,
 * not the server's.
 */
export function todayInBrussels(now = new Date()): string {
	// Made once: building a DateTimeFormat costs far more than formatting with it (a webhook dates
	// every refund and chargeback of a payment).
	brussels ??= new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/Brussels',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	});
	return brussels.format(now);
}
let brussels: Intl.DateTimeFormat | undefined;

export function addDays(isoDate: string, days: number): string {
	const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function isUniqueViolation(e: unknown): boolean {
	const text = `${String(e)} ${String((e as { cause?: unknown })?.cause ?? '')}`;
	return text.includes('UNIQUE');
}
