import { describe, expect, it } from 'vitest';
import { showsBankQr, showsPayQr } from './docQr';

describe('document QR choice', () => {
	it('shows both by default, one of them when chosen', () => {
		expect([showsPayQr(undefined), showsBankQr(undefined)]).toEqual([true, true]);
		expect([showsPayQr('both'), showsBankQr('both')]).toEqual([true, true]);
		expect([showsPayQr('online'), showsBankQr('online')]).toEqual([true, false]);
		expect([showsPayQr('bank'), showsBankQr('bank')]).toEqual([false, true]);
	});
});
