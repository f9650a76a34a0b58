import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { errorText } from './errorText';

describe('errorText', () => {
	it('marking a draft as sent and a link without a finalized invoice have their own words', () => {
		expect(errorText('not_finalized')).toBe(m.res_err_send_not_finalized());
		expect(errorText('no_pay_link')).toBe(m.res_err_no_pay_link());
		expect(errorText('not_finalized')).not.toBe(errorText('invalid'));
		expect(errorText('no_pay_link')).not.toBe(errorText('not_finalized_invoice'));
	});
	it('an unknown key reads "not valid"', () => {
		expect(errorText('no_such_key')).toBe(m.inv_err_invalid());
	});
});
