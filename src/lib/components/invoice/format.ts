import { formatMoney, formatNumber } from '$lib/format';
import { currencyDecimals, minorToDecimalString } from '$lib/domain/money';

/**
 * Document-only formatting: quantities and unit prices carry 3 decimals, so they are handed to
 * Intl as exact decimal strings (like formatMoney does) instead of dividing into a float.
 */

// The string overload of Intl.NumberFormat#format is standard but missing from the ES2022 types.
const exact = (s: string) => s as unknown as number;

/** 1500 → "1,5" (fr) / "1.5" (en); trailing zeros dropped. */
export function formatQuantity(milli: number, locale: string): string {
	return formatNumber(exact(minorToDecimalString(milli, 3)), { maximumFractionDigits: 3 }, locale);
}

/** Unit price in thousandths: the currency's decimals unless the third one is used. */
export function formatUnitPrice(milli: number, currency: string, locale: string): string {
	const perMinor = 10 ** (3 - currencyDecimals(currency));
	if (milli % perMinor === 0) return formatMoney(milli / perMinor, currency, locale);
	return formatNumber(
		exact(minorToDecimalString(milli, 3)),
		{ style: 'currency', currency, minimumFractionDigits: 3, maximumFractionDigits: 3 },
		locale
	);
}

/** Basis points → "12,5 %". */
export function formatPercentBp(bp: number, locale: string): string {
	return formatNumber(
		exact(minorToDecimalString(bp, 4)),
		{ style: 'percent', maximumFractionDigits: 2 },
		locale
	);
}
