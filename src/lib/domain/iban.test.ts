import { describe, expect, it } from 'vitest';
import { formatIban, IBAN_LENGTHS, mod97, validateBic, validateIban } from './iban';

describe('validateIban', () => {
	it.each([
		['BE68 5390 0754 7034', 'BE68539007547034'],
		['be71096123456769', 'BE71096123456769'],
		['BE71\u00a00961\u00a02345\u00a06769', 'BE71096123456769'],
		['NL91ABNA0417164300', 'NL91ABNA0417164300'],
		['DE89 3704 0044 0532 0130 00', 'DE89370400440532013000'],
		['FR14 2004 1010 0505 0001 3M02 606', 'FR1420041010050500013M02606'],
		['GB29NWBK60161331926819', 'GB29NWBK60161331926819'],
		['LU280019400644750000', 'LU280019400644750000'],
		['NO9386011117947', 'NO9386011117947']
	])('accepts %j', (input, normalized) => {
		expect(validateIban(input)).toEqual({ ok: true, normalized, country: normalized.slice(0, 2) });
	});

	it.each([
		['', 'format'],
		['BE68-5390-0754-7034', 'format'],
		['68BE539007547034', 'format'],
		['ZZ68539007547034', 'country'],
		['BE6853900754703', 'length'],
		['BE685390075470341', 'length'],
		['BE68539007547035', 'checksum'], // one digit off
		['BE86539007547034', 'checksum'], // swapped check digits
		['BE00539007547034', 'checksum'],
		['NL91ABNA0417164301', 'checksum'],
		['BE12ABCD00000000', 'format'] // Belgian BBAN is numeric
	] as const)('rejects %j (%s)', (input, reason) => {
		expect(validateIban(input)).toEqual({ ok: false, reason });
	});

	it('checks the Belgian national check digits too', () => {
		// BE BBAN 539007547034: 5390075470 mod 97 = 34 → valid; a BBAN whose
		// national check is wrong but whose IBAN check digits were recomputed must fail.
		const bban = '539007547033';
		const check = String(98 - mod97(bban + 'BE00')).padStart(2, '0');
		expect(mod97(bban + 'BE' + check)).toBe(1);
		expect(validateIban(`BE${check}${bban}`)).toEqual({ ok: false, reason: 'checksum' });
	});

	it('knows the SEPA countries', () => {
		const sepa =
			'AD AL AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS SE SI SK SM VA';
		for (const c of sepa.split(' ')) expect(IBAN_LENGTHS[c], c).toBeGreaterThan(14);
		expect(IBAN_LENGTHS.BE).toBe(16);
		expect(IBAN_LENGTHS.NL).toBe(18);
		expect(IBAN_LENGTHS.FR).toBe(27);
	});
});

describe('formatIban', () => {
	it('groups by 4', () => {
		expect(formatIban('be68539007547034')).toBe('BE68 5390 0754 7034');
		expect(formatIban('FR1420041010050500013M02606')).toBe('FR14 2004 1010 0505 0001 3M02 606');
		expect(formatIban(' BE68 5390 0754 7034 ')).toBe('BE68 5390 0754 7034');
	});
});

describe('validateBic', () => {
	it.each([
		['GEBABEBB', 'GEBABEBB'],
		['gkccbebb', 'GKCCBEBB'],
		['KREDBEBB', 'KREDBEBB'],
		['BBRUBEBB010', 'BBRUBEBB010'],
		['DEUT DE FF 500', 'DEUTDEFF500']
	])('accepts %j', (input, normalized) => {
		expect(validateBic(input)).toEqual({ ok: true, normalized });
	});

	it.each(['', 'GEBABEB', 'GEBABEBB0', 'GEBABEBB01', 'GEBA12BB', 'GEBABEBB0123', 'GEBA-BEBB'])(
		'rejects %j',
		(input) => {
			expect(validateBic(input)).toEqual({ ok: false, reason: 'format' });
		}
	);
});
