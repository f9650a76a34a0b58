import { MollieError } from './errors.ts';

/** Currencies Mollie accepts, with their number of decimals. */
export const CURRENCIES: Readonly<Record<string, number>> = {
	AED: 2,
	AUD: 2,
	BGN: 2,
	BRL: 2,
	CAD: 2,
	CHF: 2,
	CZK: 2,
	DKK: 2,
	EUR: 2,
	GBP: 2,
	HKD: 2,
	HUF: 2,
	ILS: 2,
	ISK: 0,
	JPY: 0,
	MXN: 2,
	MYR: 2,
	NOK: 2,
	NZD: 2,
	PHP: 2,
	PLN: 2,
	RON: 2,
	SEK: 2,
	SGD: 2,
	THB: 2,
	TWD: 2,
	USD: 2,
	ZAR: 2
};

/** Fixed, fake exchange rates (units per EUR) so conversions are deterministic. */
const PER_EUR: Readonly<Record<string, number>> = {
	EUR: 1,
	USD: 1.1,
	GBP: 0.85,
	CHF: 0.95,
	PLN: 4.3,
	JPY: 160,
	ISK: 150,
	SEK: 11.5,
	DKK: 7.45,
	NOK: 11.7,
	CZK: 25,
	HUF: 390,
	CAD: 1.5,
	AUD: 1.65,
	NZD: 1.8,
	AED: 4,
	BGN: 1.96,
	BRL: 6,
	HKD: 8.5,
	ILS: 4,
	MXN: 19,
	MYR: 5,
	PHP: 62,
	RON: 5,
	SGD: 1.45,
	THB: 39,
	TWD: 35,
	ZAR: 20
};

export interface Money {
	currency: string;
	/** Integer amount in the currency's minor unit. */
	minor: number;
}

export interface AmountJson {
	currency: string;
	value: string;
}

export function decimals(currency: string): number {
	return CURRENCIES[currency] ?? 2;
}

export function toJson(m: Money): AmountJson {
	const d = decimals(m.currency);
	const sign = m.minor < 0 ? '-' : '';
	const abs = Math.abs(m.minor);
	if (d === 0) return { currency: m.currency, value: `${sign}${abs}` };
	const factor = 10 ** d;
	const whole = Math.floor(abs / factor);
	const frac = String(abs % factor).padStart(d, '0');
	return { currency: m.currency, value: `${sign}${whole}.${frac}` };
}

export function money(currency: string, major: number): Money {
	return { currency, minor: Math.round(major * 10 ** decimals(currency)) };
}

/** Converts with the fixed table, rounding to the target currency's minor unit. */
export function convert(m: Money, to: string): Money {
	if (m.currency === to) return { ...m };
	const eur = m.minor / 10 ** decimals(m.currency) / (PER_EUR[m.currency] ?? 1);
	return money(to, eur * (PER_EUR[to] ?? 1));
}

/**
 * Parses `{currency, value}` exactly as Mollie validates it: value must be a string with the
 * currency's number of decimals, the currency must be supported, and the amount positive
 * (unless `allowZero`).
 */
export function parseAmount(
	input: unknown,
	field: string,
	opts: { allowZero?: boolean } = {}
): Money {
	if (input === undefined || input === null) {
		throw new MollieError(422, `The amount is required.`, field);
	}
	if (typeof input !== 'object' || Array.isArray(input)) {
		throw new MollieError(422, `The amount must be an object with a currency and a value.`, field);
	}
	const { currency, value } = input as { currency?: unknown; value?: unknown };
	if (typeof currency !== 'string' || currency === '') {
		throw new MollieError(422, 'The amount currency is required.', `${field}.currency`);
	}
	if (!(currency in CURRENCIES)) {
		throw new MollieError(422, `The currency '${currency}' is not supported.`, `${field}.currency`);
	}
	if (value === undefined || value === null) {
		throw new MollieError(422, 'The amount value is required.', `${field}.value`);
	}
	if (typeof value !== 'string') {
		throw new MollieError(
			422,
			'The amount value must be a string, for example "10.00".',
			`${field}.value`
		);
	}
	const d = decimals(currency);
	const pattern = d === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${d}}$`);
	if (!pattern.test(value)) {
		throw new MollieError(
			422,
			`The amount contains an invalid value: ${currency} amounts need exactly ${d} decimals.`,
			`${field}.value`
		);
	}
	const negative = value.startsWith('-');
	const digits = value.replace('-', '').replace('.', '');
	const minor = Number(digits) * (negative ? -1 : 1);
	if (!Number.isSafeInteger(minor)) {
		throw new MollieError(422, 'The amount is too large.', `${field}.value`);
	}
	if (minor < 0 || (minor === 0 && !opts.allowZero)) {
		throw new MollieError(422, 'The amount must be higher than zero.', `${field}.value`);
	}
	return { currency, minor };
}
