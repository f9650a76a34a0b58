import { describe, expect, it } from 'vitest';
import { isGenericMollieMethod, mollieBrandName, splitMollieReference } from './paymentMethods';

describe('Mollie payment methods', () => {
	it('names brands as they write themselves, and knows the generic ones', () => {
		expect(mollieBrandName('bancontact')).toBe('Bancontact');
		expect(mollieBrandName('kbc')).toBe('KBC/CBC');
		expect(mollieBrandName('creditcard')).toBeUndefined();
		expect(mollieBrandName('toString')).toBeUndefined();
		expect(isGenericMollieMethod('creditcard')).toBe(true);
		expect(isGenericMollieMethod('bancontact')).toBe(false);
	});

	it('reads the reference of a ledger row booked from Mollie, and nothing a person typed', () => {
		expect(splitMollieReference('bancontact tr_WDqYK6vllg')).toEqual({
			method: 'bancontact',
			id: 'tr_WDqYK6vllg'
		});
		expect(splitMollieReference('mollie re_4qqhO89gsT')).toEqual({
			method: null,
			id: 're_4qqhO89gsT'
		});
		expect(splitMollieReference('Virement du 3 mars')).toBeNull();
		expect(splitMollieReference('bancontact tr_ extra')).toBeNull();
	});
});
