/** Display helpers for invoicing pages (server and browser): Belgian variants of each language. */
import { formatMoney, minorToDecimalString, type AppLocale } from '$lib/domain/money';
import { getLocale } from '$lib/paraglide/runtime';

const INTL: Record<string, AppLocale> = { en: 'en-BE', fr: 'fr-BE', nl: 'nl-BE' };

export const intlLocale = (): AppLocale => INTL[getLocale()] ?? 'en-BE';

export function money(cents: number, currency = 'EUR'): string {
	return formatMoney(cents, currency, intlLocale());
}

/** Amounts per currency ("1 234,00 € · 50,00 $"), or a zero in EUR when there are none. */
export function moneyByCurrency(amounts: Record<string, number>): string {
	const entries = Object.entries(amounts).filter(([, v]) => v !== 0);
	if (entries.length === 0) return money(0);
	return entries.map(([c, v]) => money(v, c)).join(' · ');
}

/** Thousandths as a plain number: 1500 → "1,5" in French. */
export function quantity(milli: number): string {
	const s = minorToDecimalString(milli, 3).replace(/\.?0+$/, '');
	return new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 3 }).format(
		s as unknown as number
	);
}

export function date(iso: string): string {
	const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
	return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(
		new Date(Date.UTC(y, m - 1, d))
	);
}
