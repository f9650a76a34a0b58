import { describe, expect, it } from 'vitest';
import {
	amountInputValue,
	decimalMark,
	localizeDecimal,
	parsePositiveAmount,
	currencyDecimals,
	formatMollieAmount,
	formatMoney,
	minorToDecimalString,
	parseAmount,
	parseMollieAmount
} from './money';

describe('parseAmount', () => {
	it.each([
		['12', 1200],
		['12.3', 1230],
		['12,30', 1230],
		['0,01', 1],
		['0', 0],
		['0012', 1200],
		['  7,5 ', 750],
		['1 234,56', 123456],
		['1\u00a0234,56', 123456],
		['1\u202f234,56', 123456], // fr-BE output of Intl
		['1 234 567', 123456700],
		['1.234,56', 123456], // nl-BE
		['1,234.56', 123456], // en
		['1.234.567', 123456700],
		['1,234,567.89', 123456789],
		['1.234.567,89', 123456789]
	])('%j → %d cents', (input, cents) => {
		expect(parseAmount(input)).toBe(cents);
	});

	it.each([
		'',
		'   ',
		'abc',
		'€12',
		'12 €',
		'1e3',
		'+12',
		'0x10',
		'12.345', // too many decimals
		'1.234', // ambiguous: read as 1.234, too many decimals — never as 1234
		'1,234', // same
		'.5',
		'5.',
		',',
		'12,,3',
		'1,2,3', // bad grouping
		'12 34', // bad grouping
		'1 234.567,00', // mixed thousands separators
		'1.234,567.89',
		'1,234.567,89',
		'12,3.4',
		'--1',
		'-12', // negative not allowed by default
		'99999999999999999' // beyond safe integer
	])('rejects %j', (input) => {
		expect(parseAmount(input)).toBeNull();
	});

	it('respects the decimals argument', () => {
		expect(parseAmount('1.234', 3)).toBe(1234);
		expect(parseAmount('0,125', 3)).toBe(125);
		expect(parseAmount('1.2345', 3)).toBeNull();
		expect(parseAmount('1000', 0)).toBe(1000);
		expect(parseAmount('1000,5', 0)).toBeNull();
		expect(parseAmount('1.000.000', 0)).toBe(1000000);
	});

	it('accepts negatives only when allowed', () => {
		expect(parseAmount('-12,50', 2, { allowNegative: true })).toBe(-1250);
		expect(parseAmount('\u221212,50', 2, { allowNegative: true })).toBe(-1250);
		expect(parseAmount('- 1 234,00', 2, { allowNegative: true })).toBe(-123400);
		expect(Object.is(parseAmount('-0', 2, { allowNegative: true }), 0)).toBe(true);
		expect(parseAmount('-12,50')).toBeNull();
	});
});

describe('minorToDecimalString', () => {
	it.each([
		[0, 2, '0.00'],
		[5, 2, '0.05'],
		[-5, 2, '-0.05'],
		[1234, 2, '12.34'],
		[-123456, 2, '-1234.56'],
		[1234, 0, '1234'],
		[-7, 0, '-7'],
		[1, 3, '0.001'],
		[2n ** 64n, 2, '184467440737095516.16']
	] as const)('%s / 10^%d → %s', (minor, d, expected) => {
		expect(minorToDecimalString(minor, d)).toBe(expected);
	});

	it('refuses non-integers', () => {
		expect(() => minorToDecimalString(1.5, 2)).toThrow(RangeError);
	});
});

describe('currency decimals and Mollie amounts', () => {
	it('knows the decimals table', () => {
		expect(currencyDecimals('EUR')).toBe(2);
		expect(currencyDecimals('USD')).toBe(2);
		expect(currencyDecimals('GBP')).toBe(2);
		expect(currencyDecimals('JPY')).toBe(0);
		expect(currencyDecimals('ISK')).toBe(0);
		expect(currencyDecimals('KWD')).toBe(3);
		expect(() => currencyDecimals('XXX')).toThrow(RangeError);
	});

	it('formats Mollie amounts with the currency decimals', () => {
		expect(formatMollieAmount(1230, 'EUR')).toEqual({ currency: 'EUR', value: '12.30' });
		expect(formatMollieAmount(1, 'USD')).toEqual({ currency: 'USD', value: '0.01' });
		expect(formatMollieAmount(10000, 'JPY')).toEqual({ currency: 'JPY', value: '10000' });
		expect(formatMollieAmount(995, 'ISK')).toEqual({ currency: 'ISK', value: '995' });
		expect(formatMollieAmount(99999999999, 'EUR').value).toBe('999999999.99');
	});

	it('parses Mollie amounts exactly', () => {
		expect(parseMollieAmount({ currency: 'EUR', value: '12.30' })).toBe(1230);
		expect(parseMollieAmount({ currency: 'EUR', value: '0.29' })).toBe(29); // 0.29*100 = 28.999… in floats
		expect(parseMollieAmount({ currency: 'EUR', value: '10' })).toBe(1000);
		expect(parseMollieAmount({ currency: 'EUR', value: '10.5' })).toBe(1050);
		expect(parseMollieAmount({ currency: 'EUR', value: '10.500' })).toBe(1050);
		expect(parseMollieAmount({ currency: 'EUR', value: '-5.00' })).toBe(-500);
		expect(parseMollieAmount({ currency: 'JPY', value: '10000' })).toBe(10000);
		expect(parseMollieAmount({ currency: 'EUR', value: '90071992547409.91' })).toBe(
			9007199254740991
		);
	});

	it('rejects malformed or lossy Mollie amounts', () => {
		for (const value of ['', 'abc', '1,00', '1.', '.5', '1e3', ' 1.00', '+1.00']) {
			expect(() => parseMollieAmount({ currency: 'EUR', value })).toThrow(RangeError);
		}
		expect(() => parseMollieAmount({ currency: 'EUR', value: '1.005' })).toThrow(RangeError);
		expect(() => parseMollieAmount({ currency: 'JPY', value: '1.5' })).toThrow(RangeError);
		expect(() => parseMollieAmount({ currency: 'EUR', value: '90071992547409.92' })).toThrow();
		expect(() => parseMollieAmount({ currency: 'ZZZ', value: '1.00' })).toThrow(RangeError);
	});

	it('round-trips', () => {
		for (const c of [0, 1, 99, 100, 123456789, -42]) {
			expect(parseMollieAmount(formatMollieAmount(c, 'EUR'))).toBe(c);
		}
	});
});

describe('formatMoney', () => {
	it('formats in the three Belgian locales', () => {
		expect(formatMoney(123456, 'EUR', 'fr-BE')).toBe('1\u202f234,56\u00a0€');
		expect(formatMoney(123456, 'EUR', 'nl-BE')).toBe('€\u00a01.234,56');
		expect(formatMoney(123456, 'EUR', 'en-BE')).toBe('€1,234.56');
		expect(formatMoney(-5, 'EUR', 'en-BE')).toBe('-€0.05');
		expect(formatMoney(1230, 'EUR', 'en-BE')).toBe('€12.30');
		expect(formatMoney(1234, 'JPY', 'en-BE')).toBe('JP¥1,234');
	});

	it('stays exact beyond 2^53 cents (no float division)', () => {
		// 2^70 cents = 11 805 916 207 174 113 034.24
		expect(formatMoney(2n ** 70n, 'EUR', 'en-BE')).toBe('€11,805,916,207,174,113,034.24');
		expect(formatMoney(9007199254740993n, 'EUR', 'en-BE')).toBe('€90,071,992,547,409.93');
	});
});

describe('amounts as fields start in a language', () => {
	it('uses the decimal mark the language shows amounts with', () => {
		expect(decimalMark('fr-BE')).toBe(',');
		expect(decimalMark('nl-BE')).toBe(',');
		expect(decimalMark('en-BE')).toBe('.');
		expect(amountInputValue(14750, 'EUR', 'fr-BE')).toBe('147,50');
		expect(amountInputValue(14750, 'EUR', 'nl-BE')).toBe('147,50');
		expect(amountInputValue(14750, 'EUR', 'en-BE')).toBe('147.50');
		expect(amountInputValue(123456789, 'EUR', 'fr-BE')).toBe('1234567,89');
		expect(amountInputValue(500, 'JPY', 'fr-BE')).toBe('500');
		expect(localizeDecimal('1.5', 'nl-BE')).toBe('1,5');
		// What a field starts with is read back; so is the other mark.
		expect(parseAmount(amountInputValue(14750, 'EUR', 'fr-BE'))).toBe(14750);
		expect(parseAmount('147.50')).toBe(14750);
		expect(parseAmount('147,50')).toBe(14750);
	});
});

describe('parsePositiveAmount', () => {
	it('gives exact cents or the one reason the amount is refused', () => {
		expect(parsePositiveAmount(' 147,50 ', 'EUR')).toEqual({ ok: true, cents: 14750 });
		expect(parsePositiveAmount('1000', 'JPY')).toEqual({ ok: true, cents: 1000 });
		expect(parsePositiveAmount('', 'EUR')).toEqual({ ok: false, error: 'amount_required' });
		expect(parsePositiveAmount('-5', 'EUR')).toEqual({ ok: false, error: 'amount_positive' });
		expect(parsePositiveAmount('0,00', 'EUR')).toEqual({ ok: false, error: 'amount_positive' });
		expect(parsePositiveAmount('1,234', 'EUR')).toEqual({ ok: false, error: 'amount_decimals' });
		expect(parsePositiveAmount('abc', 'EUR')).toEqual({ ok: false, error: 'amount' });
	});
});
