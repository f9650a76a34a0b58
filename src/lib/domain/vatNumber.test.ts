import { describe, expect, it } from 'vitest';
import { EU_VAT_FORMATS, isBelgianChecksumValid, validateVatNumber } from './vatNumber';

describe('Belgian VAT numbers', () => {
	// 01234567 mod 97 = 48 → check 97 − 48 = 49
	it.each([
		'BE0123456749',
		'be0123456749',
		'BE 0123.456.749',
		'BE0123 456 749',
		'0123.456.749', // enterprise number without prefix
		'BE123456749', // old 9-digit form
		'123456749'
	])('accepts %j as BE0123456749', (input) => {
		expect(validateVatNumber(input)).toEqual({
			ok: true,
			normalized: 'BE0123456749',
			country: 'BE'
		});
	});

	it('accepts numbers starting with 1', () => {
		// 10000000 mod 97 = 76 (97 × 103092 = 9999924) → check 97 − 76 = 21
		expect(validateVatNumber('BE1000.000.021')).toMatchObject({
			ok: true,
			normalized: 'BE1000000021'
		});
		expect(validateVatNumber('BE1000000020')).toEqual({ ok: false, reason: 'checksum' });
	});

	it.each([
		['BE0123456748', 'checksum'],
		['BE0123456750', 'checksum'],
		['BE2123456749', 'format'], // first digit must be 0 or 1
		['BE012345674', 'checksum'], // 9 digits → 0012345674, wrong check
		['BE01234567490', 'format'],
		['BE0123A56749', 'format'],
		['', 'format'],
		['0123', 'format']
	] as const)('rejects %j (%s)', (input, reason) => {
		expect(validateVatNumber(input)).toEqual({ ok: false, reason });
	});

	it('checks the mod-97 rule directly', () => {
		expect(isBelgianChecksumValid('0123456749')).toBe(true);
		expect(isBelgianChecksumValid('0123456748')).toBe(false);
	});
});

describe('other EU VAT numbers (format only)', () => {
	it.each([
		['ATU12345678', 'ATU12345678'],
		['DE123456789', 'DE123456789'],
		['FR40303265045', 'FR40303265045'],
		['FRXX123456789', 'FRXX123456789'],
		['nl123456789b01', 'NL123456789B01'],
		['LU12345678', 'LU12345678'],
		['EL123456789', 'EL123456789'],
		['GR123456789', 'EL123456789'], // ISO code accepted, VIES code stored
		['ESX1234567X', 'ESX1234567X'],
		['IE1234567T', 'IE1234567T'],
		['IE1234567TW', 'IE1234567TW'],
		['IE1A23456T', 'IE1A23456T'],
		['SE123456789001', 'SE123456789001'],
		['CY12345678L', 'CY12345678L'],
		['RO12', 'RO12'],
		['PL1234567890', 'PL1234567890'],
		['IT12345678901', 'IT12345678901'],
		['XI123456789', 'XI123456789'],
		['XIGD123', 'XIGD123']
	])('accepts %j', (input, normalized) => {
		expect(validateVatNumber(input)).toMatchObject({ ok: true, normalized });
	});

	it.each([
		'AT12345678', // missing U
		'DE12345678',
		'FRIO123456789', // I and O are not used
		'NL123456789A01',
		'LU1234567',
		'SE123456789012',
		'RO0123',
		'GB123456789', // not EU since 2021 (use XI for Northern Ireland)
		'US123456789',
		'XX123'
	])('rejects %j', (input) => {
		expect(validateVatNumber(input)).toEqual({ ok: false, reason: 'format' });
	});

	it('covers the 27 member states and XI', () => {
		expect(Object.keys(EU_VAT_FORMATS).sort()).toEqual(
			'AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI'.split(
				' '
			)
		);
	});
});
