/**
 * Invoice number patterns per journal, e.g. `{YYYY}-{####}` → "2026-0007".
 * Tokens: {YYYY} year, {YY} 2-digit year, {MM} month, {DD} day, {#…} the
 * sequence zero-padded to the number of `#` (never truncated: seq 12345 with
 * {###} prints 12345). Everything else is literal text.
 *
 * The sequence itself (gap-free, per journal) is allocated by the server; this
 * module only turns (pattern, date, seq) into text.
 */

export type PatternError =
	| 'empty'
	| 'too_long'
	| 'missing_sequence'
	| 'multiple_sequences'
	| 'unknown_token'
	| 'invalid_character';

export const MAX_PATTERN_LENGTH = 40;
const TOKEN = /\{([^{}]*)\}/g;
const KNOWN = /^(YYYY|YY|MM|DD|#{1,12})$/;
/** Literal characters allowed: letters, digits and - / _ . (safe in file names, URLs and UBL). */
const LITERAL = /^[A-Za-z0-9\-/_.]*$/;

export function validatePattern(
	pattern: string
): { ok: true } | { ok: false; reason: PatternError } {
	if (typeof pattern !== 'string' || pattern.trim() === '') return { ok: false, reason: 'empty' };
	if (pattern.length > MAX_PATTERN_LENGTH) return { ok: false, reason: 'too_long' };
	let sequences = 0;
	for (const m of pattern.matchAll(TOKEN)) {
		if (!KNOWN.test(m[1]!)) return { ok: false, reason: 'unknown_token' };
		if (m[1]!.startsWith('#')) sequences++;
	}
	const literal = pattern.replace(TOKEN, '');
	if (/[{}]/.test(literal)) return { ok: false, reason: 'unknown_token' }; // unbalanced brace
	if (!LITERAL.test(literal)) return { ok: false, reason: 'invalid_character' };
	if (sequences === 0) return { ok: false, reason: 'missing_sequence' };
	if (sequences > 1) return { ok: false, reason: 'multiple_sequences' };
	return { ok: true };
}

/** Calendar date parts. A string must be `YYYY-MM-DD`; a Date is read in UTC. */
function dateParts(date: Date | string): { y: string; m: string; d: string } {
	if (typeof date === 'string') {
		const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(date);
		if (!m) throw new RangeError(`Invalid date: ${date}`);
		return { y: m[1]!, m: m[2]!, d: m[3]! };
	}
	if (Number.isNaN(date.getTime())) throw new RangeError('Invalid date');
	return {
		y: String(date.getUTCFullYear()).padStart(4, '0'),
		m: String(date.getUTCMonth() + 1).padStart(2, '0'),
		d: String(date.getUTCDate()).padStart(2, '0')
	};
}

export function formatInvoiceNumber(
	pattern: string,
	{ date, seq }: { date: Date | string; seq: number }
): string {
	const v = validatePattern(pattern);
	if (!v.ok) throw new RangeError(`Invalid number pattern (${v.reason})`);
	if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError('Sequence must be ≥ 1');
	const p = dateParts(date);
	return pattern.replace(TOKEN, (_, token: string) => {
		switch (token) {
			case 'YYYY':
				return p.y;
			case 'YY':
				return p.y.slice(-2);
			case 'MM':
				return p.m;
			case 'DD':
				return p.d;
			default:
				return String(seq).padStart(token.length, '0');
		}
	});
}
