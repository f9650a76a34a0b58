/**
 * Peppol participant identifiers (an Electronic Address Scheme code, "EAS", and a value) derived
 * from VAT numbers.
 *
 * Every Belgian company is reachable under scheme 0208, its 10-digit enterprise number (KBO/BCE),
 * which is its VAT number without "BE" (PEPPOL-COMMON-R043 checks its mod 97). 9925 (the Belgian
 * VAT number itself) is an optional second registration. Businesses in other EU countries are
 * addressed by their VAT number under their country's VAT scheme.
 */
import { validateVatNumber } from './vatNumber';

export interface PeppolId {
	/** EAS code, e.g. '0208'. */
	scheme: string;
	value: string;
}

/**
 * VAT-number EAS code per VIES country prefix (Peppol code list "EAS", as accepted by the BIS 3.0
 * rules of release 3.0.19). Sweden has no VAT scheme: its organisation number (0007) is the VAT
 * number's 10 middle digits.
 */
const VAT_SCHEMES: Readonly<Record<string, string>> = Object.freeze({
	AT: '9914',
	BE: '9925',
	BG: '9926',
	CY: '9928',
	CZ: '9929',
	DE: '9930',
	DK: '0198',
	EE: '9931',
	EL: '9933',
	ES: '9920',
	FI: '0213',
	FR: '9957',
	HR: '9934',
	HU: '9910',
	IE: '9935',
	IT: '0211',
	LT: '9937',
	LU: '9938',
	LV: '9939',
	MT: '9943',
	NL: '9944',
	PL: '9945',
	PT: '9946',
	RO: '9947',
	SI: '9949',
	SK: '9950'
});

export type PeppolIdResult =
	| { ok: true; id: PeppolId; vatNumber: string; country: string }
	| { ok: false; reason: 'missing' | 'invalid' | 'unsupported_country' };

/** The 10-digit Belgian enterprise number of a valid Belgian VAT number, else null. */
export function enterpriseNumber(vatNumber: string): string | null {
	const v = validateVatNumber(vatNumber);
	return v.ok && v.country === 'BE' ? v.normalized.slice(2) : null;
}

/**
 * The identifier a business is addressed by on Peppol, from its VAT number: 0208 + enterprise
 * number for Belgium, the country's VAT scheme otherwise.
 */
export function peppolIdFromVat(vatNumber: string): PeppolIdResult {
	if (!vatNumber || !vatNumber.trim()) return { ok: false, reason: 'missing' };
	const v = validateVatNumber(vatNumber);
	if (!v.ok) return { ok: false, reason: 'invalid' };
	const number = v.normalized.slice(2);
	if (v.country === 'BE') {
		return {
			ok: true,
			id: { scheme: '0208', value: number },
			vatNumber: v.normalized,
			country: 'BE'
		};
	}
	if (v.country === 'SE') {
		return {
			ok: true,
			id: { scheme: '0007', value: number.slice(0, 10) },
			vatNumber: v.normalized,
			country: 'SE'
		};
	}
	const scheme = VAT_SCHEMES[v.country];
	if (!scheme) return { ok: false, reason: 'unsupported_country' };
	return {
		ok: true,
		id: { scheme, value: v.normalized },
		vatNumber: v.normalized,
		country: v.country === 'EL' ? 'GR' : v.country
	};
}

/** The Belgian VAT-number identifier (9925), for a receiver registered only under it. */
export function belgianVatPeppolId(vatNumber: string): PeppolId | null {
	const n = enterpriseNumber(vatNumber);
	return n ? { scheme: '9925', value: 'BE' + n } : null;
}

/** `0208:0123456749`, the form access points and lookups use. */
export function formatPeppolId(id: PeppolId): string {
	return `${id.scheme}:${id.value}`;
}
