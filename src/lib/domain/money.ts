/**
 * Money: every amount in Acquit is an integer number of minor units ("cents").
 *
 * Floats never touch an amount: parsing and formatting go through strings and
 * integer (or BigInt) arithmetic, so 0.1 + 0.2 problems cannot appear and very
 * large amounts stay exact.
 */

/**
 * Minor-unit digits per currency (ISO 4217). Covers every currency Mollie
 * accepts plus a few common ones. Mollie wants exactly this many decimals in
 * its `value` strings (e.g. "10.00" for EUR, "1000" for JPY).
 * ISK is 0 in ISO 4217 and at Mollie, even though it once had öre.
 */
export const CURRENCY_DECIMALS: Readonly<Record<string, number>> = Object.freeze({
	AED: 2,
	AUD: 2,
	BGN: 2,
	BHD: 3,
	BRL: 2,
	CAD: 2,
	CHF: 2,
	CNY: 2,
	CZK: 2,
	DKK: 2,
	EUR: 2,
	GBP: 2,
	HKD: 2,
	HUF: 2,
	ILS: 2,
	INR: 2,
	ISK: 0,
	JOD: 3,
	JPY: 0,
	KRW: 0,
	KWD: 3,
	MXN: 2,
	MYR: 2,
	NOK: 2,
	NZD: 2,
	OMR: 3,
	PHP: 2,
	PLN: 2,
	RON: 2,
	RSD: 2,
	RUB: 2,
	SEK: 2,
	SGD: 2,
	THB: 2,
	TND: 3,
	TRY: 2,
	TWD: 2,
	UAH: 2,
	USD: 2,
	ZAR: 2
});

/** Decimals of a currency; throws on a currency we do not know (never guess money). */
export function currencyDecimals(currency: string): number {
	const d = CURRENCY_DECIMALS[currency];
	if (d === undefined) throw new RangeError(`Unsupported currency: ${currency}`);
	return d;
}

/** Characters accepted as thousands separators: space, NBSP, narrow NBSP, thin space. */
const SPACES = /[ \u00a0\u202f\u2009]/;

export interface ParseAmountOptions {
	/** Accept a leading minus sign (`-` or U+2212). Default false. */
	allowNegative?: boolean;
}

/**
 * Parses a user-typed amount into integer minor units (`decimals` digits).
 * Returns null on anything it does not understand — never a guess.
 *
 * Rules (Belgian users type both "12,30" and "12.30"):
 * - Decimal separator is `.` or `,`. Thousands separators are spaces
 *   (incl. NBSP / narrow NBSP as printed by fr-BE) or the *other* punctuation mark.
 * - Thousands groups must be exactly 3 digits ("1 234", "1.234.567"), else null.
 * - A single `.` or `,` is always the decimal separator: "1.234" means 1.234,
 *   which is rejected for decimals = 2 (too many decimals) instead of being read
 *   as 1234 — ambiguous input gets an error, not a silent ×1000.
 * - When both `.` and `,` appear, the last one is the decimal separator
 *   ("1.234,56" and "1,234.56" are both 123456 cents).
 * - The same punctuation mark repeated ("1.234.567") can only be a thousands separator.
 * - More decimals than allowed → null (no rounding of typed input).
 * - Digits are required on both sides of the decimal separator (".5" and "5." → null).
 * - Negative only with `allowNegative`; no `+`, no currency symbols, no exponent.
 * - Result must be a safe integer.
 */
export function parseAmount(
	input: string,
	decimals = 2,
	options: ParseAmountOptions = {}
): number | null {
	if (typeof input !== 'string' || !Number.isInteger(decimals) || decimals < 0) return null;
	let s = input.trim();
	let negative = false;
	if (s.startsWith('-') || s.startsWith('\u2212')) {
		if (!options.allowNegative) return null;
		negative = true;
		s = s.slice(1).trimStart();
	}
	if (s === '' || !/^[0-9 \u00a0\u202f\u2009.,]+$/.test(s)) return null;

	const lastDot = s.lastIndexOf('.');
	const lastComma = s.lastIndexOf(',');
	const dots = s.split('.').length - 1;
	const commas = s.split(',').length - 1;

	let intPart: string;
	let fracPart = '';
	let groupSep: string | null = null;
	if (dots > 0 && commas > 0) {
		const decSep = lastDot > lastComma ? '.' : ',';
		groupSep = decSep === '.' ? ',' : '.';
		if ((decSep === '.' ? dots : commas) !== 1) return null;
		[intPart, fracPart] = s.split(decSep) as [string, string];
		if (fracPart === '') return null;
	} else if (dots + commas === 1) {
		[intPart, fracPart] = s.split(dots ? '.' : ',') as [string, string];
		if (fracPart === '') return null;
	} else if (dots + commas > 1) {
		groupSep = dots ? '.' : ',';
		intPart = s;
	} else {
		intPart = s;
	}

	if (fracPart !== '' && !/^[0-9]+$/.test(fracPart)) return null;
	if (fracPart.length > decimals) return null;

	// Integer part: plain digits, or 3-digit groups split by one kind of separator.
	let digits: string;
	if (/^[0-9]+$/.test(intPart)) {
		digits = intPart;
	} else {
		const nonDigits = intPart.replace(/[0-9]/g, '');
		let groups: string[];
		if ([...nonDigits].every((c) => SPACES.test(c))) groups = intPart.split(SPACES);
		else if (groupSep !== null && [...nonDigits].every((c) => c === groupSep))
			groups = intPart.split(groupSep);
		else return null; // mixed separators, e.g. "1 234.567,00"
		if (!/^[0-9]{1,3}$/.test(groups[0]!)) return null;
		if (!groups.slice(1).every((g) => /^[0-9]{3}$/.test(g))) return null;
		digits = groups.join('');
	}
	if (digits === '') return null;

	const value = BigInt(digits + fracPart.padEnd(decimals, '0'));
	if (value > BigInt(Number.MAX_SAFE_INTEGER)) return null;
	const n = Number(value);
	return negative && n !== 0 ? -n : n;
}

/**
 * Exact decimal string of an integer amount of minor units: (1234, 2) → "12.34",
 * (-5, 2) → "-0.05", (1234, 0) → "1234". Pure string work, no float division.
 */
export function minorToDecimalString(minor: number | bigint, decimals: number): string {
	if (typeof minor === 'number' && !Number.isSafeInteger(minor)) {
		throw new RangeError(`Amount must be an integer number of minor units: ${minor}`);
	}
	const v = BigInt(minor);
	const negative = v < 0n;
	const abs = (negative ? -v : v).toString();
	if (decimals === 0) return (negative ? '-' : '') + abs;
	const padded = abs.padStart(decimals + 1, '0');
	const whole = padded.slice(0, -decimals);
	const frac = padded.slice(-decimals);
	return `${negative ? '-' : ''}${whole}.${frac}`;
}

export interface MollieAmount {
	currency: string;
	value: string;
}

/** Amount in the shape the Mollie API expects, with exactly the currency's decimals. */
export function formatMollieAmount(cents: number | bigint, currency: string): MollieAmount {
	return { currency, value: minorToDecimalString(cents, currencyDecimals(currency)) };
}

/**
 * Mollie amount → integer minor units, exactly. Fewer decimals than the currency
 * has are padded ("10.5" → 1050); extra decimals are accepted only when they are
 * zeros (never silently rounded). Throws on malformed input: it comes from an API,
 * so a bad value is a bug or an attack, not a typo.
 */
export function parseMollieAmount(amount: MollieAmount): number {
	const d = currencyDecimals(amount.currency);
	const m = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(amount.value);
	if (!m) throw new RangeError(`Malformed Mollie amount: ${amount.value}`);
	const [, sign, whole, fracRaw = ''] = m;
	if (fracRaw.length > d && /[^0]/.test(fracRaw.slice(d))) {
		throw new RangeError(`Too many decimals for ${amount.currency}: ${amount.value}`);
	}
	const frac = fracRaw.slice(0, d).padEnd(d, '0');
	const v = BigInt(whole! + frac);
	if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('Amount too large');
	const n = Number(v);
	return sign === '-' && n !== 0 ? -n : n;
}

export type AppLocale = 'fr-BE' | 'nl-BE' | 'en-BE';

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * Localised money string through Intl, e.g. formatMoney(123456, 'EUR', 'fr-BE')
 * → "1 234,56 €" (with U+202F / U+00A0 spaces). The amount is handed to Intl as
 * an exact decimal string (Intl.NumberFormat v3, Node ≥ 19), so no float is
 * ever created even for amounts beyond 2^53 cents.
 */
export function formatMoney(
	cents: number | bigint,
	currency: string,
	locale: AppLocale | string
): string {
	const d = currencyDecimals(currency);
	// Building a formatter costs far more than formatting: a long invoice or its PDF formats
	// hundreds of amounts, so one formatter per locale and currency is kept.
	const key = `${locale}|${currency}`;
	let nf = moneyFormats.get(key);
	if (!nf) {
		nf = new Intl.NumberFormat(locale, {
			style: 'currency',
			currency,
			minimumFractionDigits: d,
			maximumFractionDigits: d
		});
		moneyFormats.set(key, nf);
	}
	// The string overload is standard (ES2023 Intl) but missing from the ES2022 lib types.
	return nf.format(minorToDecimalString(cents, d) as unknown as number);
}

/**
 * `formatMoney`'s output for one locale and currency as a pattern (literal text around the
 * integer and fraction digits), made on the server with Intl and applied in the browser without
 * it: a page's first Intl formatter costs the browser tens of milliseconds (ICU's data), which
 * the invoice editor's live totals paid during hydration.
 */
export interface MoneyPattern {
	/** Parts of a positive amount, then of a negative one: text, or `0` integer, `1` fraction. */
	positive: (string | 0 | 1)[];
	negative: (string | 0 | 1)[];
	group: string;
	/** Digits an integer needs before it is grouped (1: "1 234"; 2: "1234", "12 345"). */
	minGrouping: 1 | 2;
	decimals: number;
}

export function moneyPattern(currency: string, locale: AppLocale | string): MoneyPattern {
	const d = currencyDecimals(currency);
	const nf = new Intl.NumberFormat(locale, {
		style: 'currency',
		currency,
		minimumFractionDigits: d,
		maximumFractionDigits: d
	});
	let group = '';
	const parts = (value: number) => {
		const out: (string | 0 | 1)[] = [];
		for (const p of nf.formatToParts(value)) {
			if (p.type === 'integer' || p.type === 'group') {
				if (p.type === 'group') group = p.value;
				if (out.at(-1) !== 0) out.push(0);
			} else if (p.type === 'fraction') out.push(1);
			else if (typeof out.at(-1) === 'string') out[out.length - 1] += p.value;
			else out.push(p.value);
		}
		return out;
	};
	const positive = parts(1234567.5);
	const negative = parts(-1234567.5);
	const grouped4 = nf.formatToParts(1234).some((p) => p.type === 'group');
	return { positive, negative, group, minGrouping: grouped4 ? 1 : 2, decimals: d };
}

/** Integer minor units through a `moneyPattern`: the same text as `formatMoney`. */
export function formatMoneyWith(pattern: MoneyPattern, cents: number | bigint): string {
	const decimal = minorToDecimalString(cents, pattern.decimals);
	const negative = decimal.startsWith('-');
	const [int = '0', frac = ''] = (negative ? decimal.slice(1) : decimal).split('.');
	const grouped =
		int.length < 4 + pattern.minGrouping - 1
			? int
			: int.replace(/\B(?=(\d{3})+(?!\d))/g, pattern.group);
	return (negative ? pattern.negative : pattern.positive)
		.map((p) => (p === 0 ? grouped : p === 1 ? frac : p))
		.join('');
}

// Asked once per amount field: the editor's lines would each build a formatter.
const decimalMarks = new Map<string, '.' | ','>();

/**
 * The decimal mark an amount is shown with in `locale` (the same as `formatMoney`): "," in
 * fr-BE and nl-BE, "." in en-BE.
 */
export function decimalMark(locale: AppLocale | string): '.' | ',' {
	let mark = decimalMarks.get(locale);
	if (!mark) {
		const parts = new Intl.NumberFormat(locale, {
			style: 'currency',
			currency: 'EUR'
		}).formatToParts(1.5);
		mark = parts.find((p) => p.type === 'decimal')?.value === ',' ? ',' : '.';
		decimalMarks.set(locale, mark);
	}
	return mark;
}

/**
 * A decimal string ("147.50", as `minorToDecimalString` makes it) the way a user of `locale`
 * types it: "147,50" in French and Dutch. No thousands separators, so it is easy to edit;
 * `parseAmount` reads it back, and reads "147.50" too.
 */
export function localizeDecimal(decimal: string, locale: AppLocale | string): string {
	return decimalMark(locale) === ',' ? decimal.replace('.', ',') : decimal;
}

/** Integer minor units as an amount field starts: (14750, 'EUR', 'fr-BE') → "147,50". */
export function amountInputValue(
	minor: number | bigint,
	currency: string,
	locale: AppLocale | string
): string {
	return localizeDecimal(minorToDecimalString(minor, currencyDecimals(currency)), locale);
}

export type AmountError = 'amount_required' | 'amount' | 'amount_decimals' | 'amount_positive';

/**
 * A typed amount of money to move (a payment received, a refund) → exact minor units, or why
 * it isn't one: empty, not a number, more decimals than the currency has (never rounded), or
 * not above zero.
 */
export function parsePositiveAmount(
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
