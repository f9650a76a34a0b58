import { describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import {
	colon,
	countryName,
	date,
	formatDate,
	formatMoney,
	formatNumber,
	intlLocale,
	money,
	moneyByCurrency,
	quantity,
	withListText
} from './format';

// Intl prints narrow/no-break spaces; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('format', () => {
	it('names a country for an address in the reader’s language', () => {
		expect(countryName('BE', 'fr')).toBe('Belgique');
		expect(countryName('BE', 'nl')).toBe('België');
		expect(countryName('FR', 'nl')).toBe('Frankrijk');
		expect(countryName('GB', 'en')).toBe('United Kingdom');
		// Stored before the list existed and unknown to Intl: printed as stored.
		expect(countryName('Q', 'fr')).toBe('Q');
	});

	it('separates a label from its value as each language writes it', () => {
		expect(colon('fr')).toBe('\u00a0: ');
		expect(colon('fr-BE')).toBe('\u00a0: ');
		expect(colon('nl')).toBe(': ');
		expect(colon('en')).toBe(': ');
	});

	it('maps Paraglide locales to Belgian Intl locales', () => {
		expect(intlLocale('fr')).toBe('fr-BE');
		expect(intlLocale('nl')).toBe('nl-BE');
		expect(intlLocale('en')).toBe('en-BE');
		expect(intlLocale('de')).toBe('en-BE');
	});

	it('formats money from integer cents per language', () => {
		expect(plain(formatMoney(123456, 'EUR', 'fr'))).toBe('1 234,56 €');
		expect(plain(formatMoney(123456, 'EUR', 'nl'))).toBe('€ 1.234,56');
		expect(plain(formatMoney(-5, 'EUR', 'en'))).toMatch(/^-?€?\s?-?0[.,]05\s?€?$/);
		expect(plain(formatMoney(9007199254740993n, 'EUR', 'fr'))).toBe('90 071 992 547 409,93 €');
	});

	it('formats numbers', () => {
		expect(plain(formatNumber(1234.5, {}, 'fr'))).toBe('1 234,5');
		expect(formatNumber(1234.5, {}, 'nl')).toBe('1.234,5');
		expect(formatNumber(0.21, { style: 'percent' }, 'nl')).toMatch(/^21\s?%$/);
	});

	it('formats calendar dates without shifting a day', () => {
		expect(formatDate('2026-03-01', { dateStyle: 'short' }, 'fr')).toBe('1/03/26');
		expect(formatDate('2026-03-01', { dateStyle: 'long' }, 'nl')).toBe('1 maart 2026');
		expect(formatDate('2026-12-31', { dateStyle: 'long' }, 'fr')).toBe('31 décembre 2026');
	});

	it('shows instants in Belgian time', () => {
		// 23:30 UTC on 31 Dec is already 1 January in Brussels.
		expect(formatDate('2025-12-31T23:30:00Z', { dateStyle: 'long' }, 'en')).toBe('1 January 2026');
		expect(() => formatDate('not a date')).toThrow(RangeError);
	});
});

describe('invoicing shorthands (current language)', () => {
	it('format money, quantities and calendar dates in the current language', () => {
		overwriteGetLocale(() => 'fr');
		expect(plain(money(123456))).toBe('1 234,56 €');
		expect(money(123456, 'USD')).toBe(formatMoney(123456, 'USD', 'fr'));
		expect(moneyByCurrency({ EUR: 100000, USD: 5000, GBP: 0 }).map(plain)).toEqual([
			'1 000,00 €',
			'50,00 $US'
		]);
		expect(moneyByCurrency({}).map(plain)).toEqual(['0,00 €']);
		expect(quantity(1500)).toBe('1,5');
		expect(quantity(2000)).toBe('2');
		expect(plain(quantity(1234567))).toBe('1 234,567');
		expect(date('2026-03-01')).toBe(formatDate('2026-03-01', { dateStyle: 'medium' }, 'fr'));
	});

	it('give a listed invoice its amount and date as text, in the current language', () => {
		overwriteGetLocale(() => 'nl');
		const row = { id: 'i1', totalCents: 123456, currency: 'EUR', issueDate: '2026-03-01' };
		expect(withListText(row)).toEqual({
			...row,
			amountText: money(123456),
			dateText: formatDate('2026-03-01', { dateStyle: 'medium' }, 'nl')
		});
		expect(plain(withListText(row).amountText)).toBe('€ 1.234,56');
	});
});
