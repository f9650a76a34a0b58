import { describe, expect, it } from 'vitest';
import { periodRange } from '../../src/routes/(app)/payments/period';

describe('payments overview period', () => {
	it('defaults to the current Belgian year, not all history', () => {
		expect(periodRange(new URLSearchParams(), '2026-11-30')).toEqual({
			period: 'year',
			from: '2026-01-01',
			to: '2026-12-31',
			errors: {}
		});
		expect(periodRange(new URLSearchParams('period=bogus'), '2027-01-01').from).toBe('2027-01-01');
	});

	it('still shows all history when asked', () => {
		expect(periodRange(new URLSearchParams('period=all'), '2026-11-30')).toEqual({
			period: 'all',
			errors: {}
		});
	});
});
