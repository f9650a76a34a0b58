import { describe, expect, it } from 'vitest';
import { textKindFor } from './emailTexts';

describe('textKindFor', () => {
	it('an invoice with something due gets the invoice text, a settled or overpaid one the paid text', () => {
		expect(textKindFor('invoice', 1)).toBe('invoice');
		expect(textKindFor('invoice', 0)).toBe('paid_invoice');
		expect(textKindFor('invoice', -500)).toBe('paid_invoice');
	});

	it('a credit note always gets its own text', () => {
		expect(textKindFor('credit_note', 0)).toBe('credit_note');
		expect(textKindFor('credit_note', 12_100)).toBe('credit_note');
	});
});
