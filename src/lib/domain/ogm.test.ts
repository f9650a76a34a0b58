import { describe, expect, it } from 'vitest';
import { isValidOgm, normalizeOgm, ogmCheck, ogmDigits, ogmFromNumber } from './ogm';

describe('ogmFromNumber', () => {
	it.each([
		[123456789, '+++012/3456/78939+++'], // belgium.md: 0123456789 → 39
		[0, '+++000/0000/00097+++'], // remainder 0 → 97
		[1234567890, '+++123/4567/89002+++'], // example of issue 4
		[97, '+++000/0000/09797+++'], // 97 mod 97 = 0 → 97
		[1, '+++000/0000/00101+++'],
		[96, '+++000/0000/09696+++'],
		[9999999999n, '+++999/9999/99948+++'] // 97 × 103092783 = 9999999951, remainder 48
	] as const)('%s → %s', (n, ogm) => {
		expect(ogmFromNumber(n)).toBe(ogm);
	});

	it('rejects out-of-range references', () => {
		expect(() => ogmFromNumber(-1)).toThrow(RangeError);
		expect(() => ogmFromNumber(10_000_000_000)).toThrow(RangeError);
		expect(() => ogmFromNumber(1.5)).toThrow(RangeError);
	});

	it('computes check digits', () => {
		expect(ogmCheck(0n)).toBe(97);
		expect(ogmCheck(123456789n)).toBe(39);
	});
});

describe('validation and normalization', () => {
	it.each([
		'+++012/3456/78939+++',
		'***012/3456/78939***',
		'+++ 012 / 3456 / 78939 +++',
		'012345678939',
		'012 3456 78939',
		'  012/3456/78939  ',
		'+++000/0000/00097+++'
	])('accepts %j', (input) => {
		expect(isValidOgm(input)).toBe(true);
		expect(normalizeOgm(input)).toBe(
			input.includes('97+') ? '+++000/0000/00097+++' : '+++012/3456/78939+++'
		);
		expect(ogmDigits(input)).toMatch(/^[0-9]{12}$/);
	});

	it.each([
		'',
		'+++012/3456/78938+++', // wrong check digits
		'+++000/0000/00000+++', // 0 must be written 97
		'+++012/3456/78939***', // mismatched markers
		'+++012/3456/78939', // unclosed
		'01234567893', // 11 digits
		'0123456789390', // 13 digits
		'RF18539007547034', // ISO 11649, not an OGM
		'+++012/3456/7893A+++',
		'012-3456-78939'
	])('rejects %j', (input) => {
		expect(isValidOgm(input)).toBe(false);
		expect(normalizeOgm(input)).toBeNull();
		expect(ogmDigits(input)).toBeNull();
	});

	it('returns bare digits', () => {
		expect(ogmDigits('+++123/4567/89002+++')).toBe('123456789002');
	});
});
