/**
 * IBAN (ISO 13616) and BIC (ISO 9362) validation.
 */

/** IBAN length per country (SWIFT IBAN registry; all SEPA countries and more). */
// prettier-ignore
export const IBAN_LENGTHS: Readonly<Record<string, number>> = Object.freeze({
	AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29,
	BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29,
	ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28,
	HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20,
	LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22,
	MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25,
	QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25,
	SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20
});

export type IbanResult =
	| { ok: true; normalized: string; country: string }
	| { ok: false; reason: 'format' | 'country' | 'length' | 'checksum' };

/** ISO 7064 mod 97-10 of an alphanumeric string (letters A=10 … Z=35), chunked — no BigInt needed. */
export function mod97(alnum: string): number {
	let rem = 0;
	for (const ch of alnum) {
		const code = ch.charCodeAt(0);
		const v = code <= 57 ? code - 48 : code - 55;
		rem = v < 10 ? (rem * 10 + v) % 97 : (rem * 100 + v) % 97;
	}
	return rem;
}

/** Removes all whitespace (incl. NBSP) and uppercases. */
function compact(input: string): string {
	return input.replace(/[\s\u00a0\u202f]/g, '').toUpperCase();
}

export function validateIban(input: string): IbanResult {
	if (typeof input !== 'string') return { ok: false, reason: 'format' };
	const s = compact(input);
	if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(s)) return { ok: false, reason: 'format' };
	const country = s.slice(0, 2);
	const len = IBAN_LENGTHS[country];
	if (len === undefined) return { ok: false, reason: 'country' };
	if (s.length !== len) return { ok: false, reason: 'length' };
	// Belgian BBAN: 12 digits whose last 2 are (first 10 mod 97), 0 → 97.
	if (country === 'BE') {
		const bban = s.slice(4);
		if (!/^[0-9]{12}$/.test(bban)) return { ok: false, reason: 'format' };
		const r = Number(BigInt(bban.slice(0, 10)) % 97n) || 97;
		if (r !== Number(bban.slice(10))) return { ok: false, reason: 'checksum' };
	}
	// Check digits 00, 01 and 99 are never issued (ISO 13616): 00 would alias 97.
	const check = Number(s.slice(2, 4));
	if (check < 2 || check > 98) return { ok: false, reason: 'checksum' };
	if (mod97(s.slice(4) + s.slice(0, 4)) !== 1) return { ok: false, reason: 'checksum' };
	return { ok: true, normalized: s, country };
}

/** "be68539007547034" → "BE68 5390 0754 7034" (display only; does not validate). */
export function formatIban(input: string): string {
	return compact(input).replace(/(.{4})(?=.)/g, '$1 ');
}

export type BicResult = { ok: true; normalized: string } | { ok: false; reason: 'format' };

/**
 * BIC: 4-char party prefix (letters; alphanumeric allowed since ISO 9362:2022),
 * 2-letter country, 2-char location, optional 3-char branch — 8 or 11 chars.
 */
export function validateBic(input: string): BicResult {
	if (typeof input !== 'string') return { ok: false, reason: 'format' };
	const s = compact(input);
	return /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(s)
		? { ok: true, normalized: s }
		: { ok: false, reason: 'format' };
}
