/**
 * VAT identification numbers. Belgian numbers get the full mod-97 check; other
 * EU numbers (and XI, Northern Ireland) get a format check only — their
 * checksums vary per country and VIES is the authority anyway.
 */

export type VatNumberResult =
	{ ok: true; normalized: string; country: string } | { ok: false; reason: 'format' | 'checksum' };

/** Number part (after the 2-letter prefix) per VIES country code. Greece is EL. */
export const EU_VAT_FORMATS: Readonly<Record<string, RegExp>> = Object.freeze({
	AT: /^U[0-9]{8}$/,
	BE: /^[01][0-9]{9}$/,
	BG: /^[0-9]{9,10}$/,
	CY: /^[0-9]{8}[A-Z]$/,
	CZ: /^[0-9]{8,10}$/,
	DE: /^[0-9]{9}$/,
	DK: /^[0-9]{8}$/,
	EE: /^[0-9]{9}$/,
	EL: /^[0-9]{9}$/,
	ES: /^[0-9A-Z][0-9]{7}[0-9A-Z]$/,
	FI: /^[0-9]{8}$/,
	FR: /^[0-9A-HJ-NP-Z]{2}[0-9]{9}$/,
	HR: /^[0-9]{11}$/,
	HU: /^[0-9]{8}$/,
	IE: /^([0-9]{7}[A-W][A-IW]?|[0-9][A-Z+*][0-9]{5}[A-W])$/,
	IT: /^[0-9]{11}$/,
	LT: /^([0-9]{9}|[0-9]{12})$/,
	LU: /^[0-9]{8}$/,
	LV: /^[0-9]{11}$/,
	MT: /^[0-9]{8}$/,
	NL: /^[0-9]{9}B[0-9]{2}$/,
	PL: /^[0-9]{10}$/,
	PT: /^[0-9]{9}$/,
	RO: /^[1-9][0-9]{1,9}$/,
	SE: /^[0-9]{10}01$/,
	SI: /^[0-9]{8}$/,
	SK: /^[0-9]{10}$/,
	XI: /^([0-9]{9}|[0-9]{12}|GD[0-9]{3}|HA[0-9]{3})$/
});

/** Belgian check: last 2 digits = 97 − (first 8 digits mod 97). */
export function isBelgianChecksumValid(tenDigits: string): boolean {
	const first8 = Number(tenDigits.slice(0, 8));
	return 97 - (first8 % 97) === Number(tenDigits.slice(8));
}

/**
 * Validates and normalizes ("BE0123456749"). Accepts lowercase, spaces, dots,
 * hyphens; "GR" as an alias of EL. Belgian numbers may be typed without the BE
 * prefix ("0123.456.749", the enterprise number) and in the old 9-digit form
 * (a leading 0 is added).
 */
export function validateVatNumber(input: string): VatNumberResult {
	if (typeof input !== 'string') return { ok: false, reason: 'format' };
	let s = input.toUpperCase().replace(/[\s.-]/g, '');
	if (/^[0-9]{9,10}$/.test(s)) s = 'BE' + s; // bare enterprise number
	const m = /^([A-Z]{2})([0-9A-Z+*]+)$/.exec(s);
	if (!m) return { ok: false, reason: 'format' };
	let country = m[1]!;
	let rest = m[2]!;
	if (country === 'GR') country = 'EL';
	if (country === 'BE' && /^[0-9]{9}$/.test(rest)) rest = '0' + rest;
	const re = EU_VAT_FORMATS[country];
	if (!re || !re.test(rest)) return { ok: false, reason: 'format' };
	if (country === 'BE' && !isBelgianChecksumValid(rest)) return { ok: false, reason: 'checksum' };
	return { ok: true, normalized: country + rest, country };
}
