/**
 * Numbers, money and dates for display, in the current user's language. Belgian variants of each
 * language are used (fr-BE, nl-BE, en-BE) so separators and date order match what users expect
 * in Belgium whatever language they read in.
 */
import { formatMoney as formatMoneyIn, type AppLocale } from '$lib/domain/money';
import { getLocale } from '$lib/paraglide/runtime';

const INTL_LOCALES: Record<string, AppLocale> = { en: 'en-BE', fr: 'fr-BE', nl: 'nl-BE' };

/** The Intl locale for a Paraglide locale (defaults to the current one). */
export function intlLocale(locale: string = getLocale()): AppLocale {
	return INTL_LOCALES[locale] ?? 'en-BE';
}

/** Integer cents as a localised amount, e.g. 123456 → "1 234,56 €" in French. */
export function formatMoney(cents: number | bigint, currency = 'EUR', locale?: string): string {
	return formatMoneyIn(cents, currency, intlLocale(locale));
}

export function formatNumber(
	value: number | bigint,
	options: Intl.NumberFormatOptions = {},
	locale?: string
): string {
	return new Intl.NumberFormat(intlLocale(locale), options).format(value);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A calendar date ("2026-03-01", stored without a time) or an instant (Date / ISO timestamp).
 * Calendar dates are formatted in UTC so they never shift a day; instants are shown in Belgian time.
 */
export function formatDate(
	value: Date | string,
	options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' },
	locale?: string
): string {
	const calendarDate = typeof value === 'string' && DATE_ONLY.test(value);
	const date =
		typeof value === 'string' ? new Date(calendarDate ? `${value}T00:00:00Z` : value) : value;
	if (Number.isNaN(date.getTime())) throw new RangeError(`Invalid date: ${String(value)}`);
	return new Intl.DateTimeFormat(intlLocale(locale), {
		timeZone: calendarDate ? 'UTC' : 'Europe/Brussels',
		...options
	}).format(date);
}
