import { describe, expect, it } from 'vitest';
import { CURRENCY_DECIMALS, formatMoney, formatMoneyWith, moneyPattern } from './money';

// The editor formats its live totals through a pattern the server made with Intl; every amount
// must read exactly as formatMoney (Intl itself) writes it, in each language and currency.
const AMOUNTS = [
	0,
	1,
	-1,
	5,
	99,
	100,
	-100,
	999,
	1000,
	12345,
	99999,
	100000,
	123456,
	999999,
	1000000,
	1234567,
	-1234567,
	12345678901,
	-98765432109,
	Number.MAX_SAFE_INTEGER
];

describe('moneyPattern / formatMoneyWith', () => {
	for (const locale of ['fr-BE', 'nl-BE', 'en-BE']) {
		it(`matches formatMoney in ${locale} for every currency`, () => {
			for (const currency of Object.keys(CURRENCY_DECIMALS)) {
				const pattern = moneyPattern(currency, locale);
				for (const cents of AMOUNTS) {
					expect(formatMoneyWith(pattern, cents), `${currency} ${cents}`).toBe(
						formatMoney(cents, currency, locale)
					);
				}
			}
		});
	}

	it('survives JSON (it travels in page data)', () => {
		const pattern = JSON.parse(JSON.stringify(moneyPattern('EUR', 'fr-BE')));
		expect(formatMoneyWith(pattern, 123456)).toBe(formatMoney(123456, 'EUR', 'fr-BE'));
	});

	it('groups from five digits where the locale does (es)', () => {
		const pattern = moneyPattern('EUR', 'es-ES');
		for (const cents of [123400, 1234500, 99999, 100000000]) {
			expect(formatMoneyWith(pattern, cents)).toBe(formatMoney(cents, 'EUR', 'es-ES'));
		}
	});
});
