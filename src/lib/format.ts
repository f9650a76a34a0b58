/**
 * Numbers, money and dates for display, in the current user's language. Belgian variants of each
 * language are used (fr-BE, nl-BE, en-BE) so separators and date order match what users expect
 * in Belgium whatever language they read in.
 */
import {
	amountInputValue,
	currencyDecimals,
	formatMoney as formatMoneyIn,
	localizeDecimal,
	minorToDecimalString,
	type AppLocale
} from '$lib/domain/money';
import { getLocale } from '$lib/paraglide/runtime';

// The string overload of Intl.NumberFormat#format is standard but missing from the ES2022 types:
// a decimal string is formatted digit for digit, never through a float.
const exact = (s: string) => s as unknown as number;

const INTL_LOCALES: Record<string, AppLocale> = { en: 'en-BE', fr: 'fr-BE', nl: 'nl-BE' };

/** The Intl locale for a Paraglide locale (defaults to the current one). */
export function intlLocale(locale: string = getLocale()): AppLocale {
	return INTL_LOCALES[locale] ?? 'en-BE';
}

/**
 * What goes between a label and its value ("Échéance : 7 janvier 2027"): French puts a no-break
 * space before the colon, English and Dutch none.
 */
export function colon(locale: string = getLocale()): string {
	return locale.startsWith('fr') ? '\u00a0: ' : ': ';
}

/** A country's name in the reader's language for an address: 'FR' → "France", "Frankrijk". */
export function countryName(code: string, locale: string = getLocale()): string {
	try {
		return new Intl.DisplayNames([intlLocale(locale)], { type: 'region' }).of(code) ?? code;
	} catch {
		// Not a region code Intl knows: print it as stored.
		return code;
	}
}

/** Integer cents as a localised amount, e.g. 123456 → "1 234,56 €" in French. */
export function formatMoney(cents: number | bigint, currency = 'EUR', locale?: string): string {
	return formatMoneyIn(cents, currency, intlLocale(locale));
}

const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(
	value: number | bigint,
	options: Intl.NumberFormatOptions = {},
	locale?: string
): string {
	// One formatter per locale and options: building one costs far more than using it.
	const lang = intlLocale(locale);
	const key = `${lang}|${JSON.stringify(options)}`;
	let nf = numberFormats.get(key);
	if (!nf) {
		nf = new Intl.NumberFormat(lang, options);
		numberFormats.set(key, nf);
	}
	return nf.format(value);
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
	return dateFormat(intlLocale(locale), {
		timeZone: calendarDate ? 'UTC' : 'Europe/Brussels',
		...options
	}).format(date);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per locale and options, as for numbers: a list of 50 dates built 50. */
function dateFormat(lang: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${lang}|${JSON.stringify(options)}`;
	let df = dateFormats.get(key);
	if (!df) {
		df = new Intl.DateTimeFormat(lang, options);
		dateFormats.set(key, df);
	}
	return df;
}

/** `formatMoney` in the current language, under the short name the invoicing pages use. */
export function money(cents: number, currency = 'EUR'): string {
	return formatMoney(cents, currency);
}

/**
 * Amounts per currency, one text each (["1 234,00 €", "50,00 $"]), or a zero in EUR when there
 * are none. `Amounts.svelte` shows them, each unbroken.
 */
export function moneyByCurrency(amounts: Record<string, number>): string[] {
	const entries = Object.entries(amounts).filter(([, v]) => v !== 0);
	if (entries.length === 0) return [money(0)];
	return entries.map(([c, v]) => money(v, c));
}

/** Thousandths as a plain number: 1500 → "1,5" in French; trailing zeros dropped. */
export function quantity(milli: number, locale?: string): string {
	return formatNumber(exact(minorToDecimalString(milli, 3)), { maximumFractionDigits: 3 }, locale);
}

/** A document's unit price in thousandths: the currency's decimals unless the third is used. */
export function formatUnitPrice(milli: number, currency: string, locale?: string): string {
	const perMinor = 10 ** (3 - currencyDecimals(currency));
	if (milli % perMinor === 0) return formatMoney(milli / perMinor, currency, locale);
	return formatNumber(
		exact(minorToDecimalString(milli, 3)),
		{ style: 'currency', currency, minimumFractionDigits: 3, maximumFractionDigits: 3 },
		locale
	);
}

/** Basis points → "12,5 %". */
export function formatPercentBp(bp: number, locale?: string): string {
	return formatNumber(
		exact(minorToDecimalString(bp, 4)),
		{ style: 'percent', maximumFractionDigits: 2 },
		locale
	);
}

/**
 * A stored `YYYY-MM-DD` date in the medium style of the current language. Not `formatDate`: this
 * builds the date from its parts rather than parsing a string, and the two differ on malformed
 * input (formatDate throws), so the invoicing pages keep what they always showed.
 */
export function date(iso: string): string {
	const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
	return dateFormat(intlLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(
		new Date(Date.UTC(y, m - 1, d))
	);
}

/**
 * A listed invoice's amount and date as text, made where the page is rendered: the browser then
 * hydrates the list without Intl (a page's first formatter costs it tens of milliseconds).
 */
export function withListText<T extends { totalCents: number; currency: string; issueDate: string }>(
	row: T
): T & { amountText: string; dateText: string } {
	return { ...row, amountText: money(row.totalCents, row.currency), dateText: date(row.issueDate) };
}

/** An amount field's starting value in the current language: 14750 → "147,50" in French. */
export function amountInput(cents: number, currency = 'EUR', locale?: string): string {
	return amountInputValue(cents, currency, intlLocale(locale));
}

/** A decimal string ("1.5") as a field in the current language starts: "1,5" in French. */
export function decimalInput(decimal: string, locale?: string): string {
	return localizeDecimal(decimal, intlLocale(locale));
}

/** A unit price in thousandths for a line's summary: 100000 → "100,00" in French (no symbol). */
export function unitPrice(milli: number, locale?: string): string {
	return formatNumber(
		exact(minorToDecimalString(milli, 3)),
		{ minimumFractionDigits: 2, maximumFractionDigits: 3 },
		locale
	);
}

/** Basis points as a percentage number: 1250 → "12,5" in French. */
export function percentNumber(bp: number, locale?: string): string {
	return formatNumber(exact(minorToDecimalString(bp, 2)), { maximumFractionDigits: 2 }, locale);
}
