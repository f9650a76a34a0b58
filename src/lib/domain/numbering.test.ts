import { describe, expect, it } from 'vitest';
import { formatInvoiceNumber, validatePattern } from './numbering';

describe('formatInvoiceNumber', () => {
	it.each([
		['{YYYY}-{####}', '2026-03-09', 7, '2026-0007'],
		['{YY}{MM}-{###}', '2026-03-09', 42, '2603-042'],
		['F{YYYY}/{MM}/{DD}-{#}', '2026-12-31', 5, 'F2026/12/31-5'],
		['{####}', '2026-01-01', 116, '0116'], // continues from another tool's 115
		['{###}', '2026-01-01', 12345, '12345'], // never truncated
		['WEB-{YYYY}-{######}', '2027-06-15', 1, 'WEB-2027-000001']
	])('%s on %s #%d → %s', (pattern, date, seq, expected) => {
		expect(formatInvoiceNumber(pattern, { date, seq })).toBe(expected);
	});

	it('reads Date objects in UTC', () => {
		expect(
			formatInvoiceNumber('{YYYY}-{MM}-{####}', { date: new Date('2025-12-31T23:30:00Z'), seq: 3 })
		).toBe('2025-12-0003');
	});

	it('rejects bad input', () => {
		expect(() => formatInvoiceNumber('{YYYY}', { date: '2026-01-01', seq: 1 })).toThrow(RangeError);
		expect(() => formatInvoiceNumber('{####}', { date: '2026-1-1', seq: 1 })).toThrow(RangeError);
		expect(() => formatInvoiceNumber('{####}', { date: new Date('x'), seq: 1 })).toThrow(
			RangeError
		);
		expect(() => formatInvoiceNumber('{####}', { date: '2026-01-01', seq: 0 })).toThrow(RangeError);
		expect(() => formatInvoiceNumber('{####}', { date: '2026-01-01', seq: 1.5 })).toThrow(
			RangeError
		);
	});
});

describe('validatePattern', () => {
	it.each(['{YYYY}-{####}', '{#}', 'INV_{YY}.{MM}/{##}', 'A{############}'])('accepts %j', (p) => {
		expect(validatePattern(p)).toEqual({ ok: true });
	});

	it.each([
		['', 'empty'],
		['   ', 'empty'],
		['{YYYY}-', 'missing_sequence'],
		['INV-2026', 'missing_sequence'],
		['{##}-{##}', 'multiple_sequences'],
		['{YYYY}-{seq}', 'unknown_token'],
		['{yyyy}-{###}', 'unknown_token'],
		['{#############}', 'unknown_token'], // 13 digits of padding is absurd
		['{YYYY-{###}', 'unknown_token'],
		['{###}}', 'unknown_token'],
		['F {###}', 'invalid_character'],
		['F#{###}', 'invalid_character'],
		['Fé-{###}', 'invalid_character'],
		['X'.repeat(41) + '{#}', 'too_long']
	] as const)('rejects %j (%s)', (p, reason) => {
		expect(validatePattern(p)).toEqual({ ok: false, reason });
	});
});
