/**
 * Belgian structured communication (OGM/VCS, "gestructureerde mededeling"):
 * 10 reference digits + 2 check digits, printed `+++ddd/dddd/ddddd+++`.
 * Check digits = reference mod 97, where a remainder of 0 becomes 97.
 */

const MAX_REFERENCE = 9_999_999_999n;

/** The two check digits of a 10-digit reference (1..97). */
export function ogmCheck(reference: bigint): number {
	const r = Number(reference % 97n);
	return r === 0 ? 97 : r;
}

function toBigInt(n: bigint | number): bigint {
	if (typeof n === 'number' && !Number.isSafeInteger(n)) {
		throw new RangeError(`OGM reference must be an integer, got ${n}`);
	}
	const v = BigInt(n);
	if (v < 0n || v > MAX_REFERENCE) throw new RangeError('OGM reference must be 0..9999999999');
	return v;
}

/** Formats 12 digits as `+++ddd/dddd/ddddd+++` (no validation). */
function format12(d: string): string {
	return `+++${d.slice(0, 3)}/${d.slice(3, 7)}/${d.slice(7)}+++`;
}

/** OGM for a reference number of up to 10 digits: 123456789 → `+++012/3456/78939+++`. */
export function ogmFromNumber(n: bigint | number): string {
	const v = toBigInt(n);
	const check = ogmCheck(v).toString().padStart(2, '0');
	return format12(v.toString().padStart(10, '0') + check);
}

/**
 * The 12 digits of a valid OGM, or null. Accepts `+++…+++` or `***…***`
 * (matching pair), slashes and spaces inside, or 12 bare digits — anything
 * else (letters, wrong length, wrong check digits) is rejected.
 */
export function ogmDigits(input: string): string | null {
	if (typeof input !== 'string') return null;
	let s = input.trim();
	const m = /^(\+{3}|\*{3})(.*)\1$/.exec(s);
	if (m) s = m[2]!;
	if (!/^[0-9/ \u00a0]+$/.test(s)) return null;
	const digits = s.replace(/[^0-9]/g, '');
	if (digits.length !== 12) return null;
	const check = Number(digits.slice(10));
	return ogmCheck(BigInt(digits.slice(0, 10))) === check ? digits : null;
}

export function isValidOgm(input: string): boolean {
	return ogmDigits(input) !== null;
}

/** Canonical `+++ddd/dddd/ddddd+++` form of a valid OGM, or null. */
export function normalizeOgm(input: string): string | null {
	const d = ogmDigits(input);
	return d === null ? null : format12(d);
}
