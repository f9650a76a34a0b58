import { describe, expect, it } from 'vitest';
import { epcPayload } from './epc';

const base = { name: 'Atelier Dupont SRL', iban: 'BE68 5390 0754 7034' };

describe('epcPayload', () => {
	it('puts the OGM digits on line 10 (structured reference)', () => {
		expect(
			epcPayload({
				...base,
				bic: 'gkcc bebb',
				amountCents: 123456,
				ogm: '+++012/3456/78939+++'
			})
		).toBe(
			'BCD\n002\n1\nSCT\nGKCCBEBB\nAtelier Dupont SRL\nBE68539007547034\nEUR1234.56\n\n012345678939'
		);
	});

	it('leaves the BIC empty when absent (version 002)', () => {
		expect(epcPayload({ ...base, amountCents: 1, ogm: '123456789002' })).toBe(
			'BCD\n002\n1\nSCT\n\nAtelier Dupont SRL\nBE68539007547034\nEUR0.01\n\n123456789002'
		);
	});

	it('uses line 11 for free text when there is no OGM, and line 12 for info', () => {
		expect(
			epcPayload({ ...base, amountCents: 5000, text: 'Facture 2026-0007', info: 'Merci !' })
		).toBe(
			'BCD\n002\n1\nSCT\n\nAtelier Dupont SRL\nBE68539007547034\nEUR50.00\n\n\nFacture 2026-0007\nMerci !'
		);
	});

	it('keeps an empty reference line before info', () => {
		expect(epcPayload({ ...base, ogm: '+++000/0000/00097+++', info: 'Merci' })).toBe(
			'BCD\n002\n1\nSCT\n\nAtelier Dupont SRL\nBE68539007547034\n\n\n000000000097\n\nMerci'
		);
	});

	it('omits the amount and trims trailing empty lines', () => {
		expect(epcPayload(base)).toBe('BCD\n002\n1\nSCT\n\nAtelier Dupont SRL\nBE68539007547034');
	});

	it('accepts the amount bounds', () => {
		expect(epcPayload({ ...base, amountCents: 99999999999 })).toMatch(/\nEUR999999999\.99$/);
		for (const amountCents of [0, -1, 100000000000, 1.5]) {
			expect(() => epcPayload({ ...base, amountCents })).toThrow(RangeError);
		}
	});

	it('never fills both the reference and the text', () => {
		expect(() => epcPayload({ ...base, ogm: '012345678939', text: 'x' })).toThrow(RangeError);
	});

	it('validates its fields', () => {
		expect(() => epcPayload({ ...base, ogm: '012345678938' })).toThrow(/structured/);
		expect(() => epcPayload({ ...base, iban: 'BE68539007547035' })).toThrow(/IBAN/);
		expect(() => epcPayload({ ...base, bic: 'NOTABIC' })).toThrow(/BIC/);
		expect(() => epcPayload({ ...base, name: ' ' })).toThrow(/name/);
		expect(() => epcPayload({ ...base, name: 'x'.repeat(71) })).toThrow(/70/);
		expect(epcPayload({ ...base, name: 'é'.repeat(70) })).toContain('é'.repeat(70));
		expect(() => epcPayload({ ...base, text: 'a\nb' })).toThrow(/line breaks/);
		expect(() => epcPayload({ ...base, text: 'x'.repeat(141) })).toThrow(/140/);
		expect(() => epcPayload({ ...base, info: 'x'.repeat(71) })).toThrow(/70/);
	});

	it('enforces the 331-byte limit (UTF-8 bytes, not characters)', () => {
		// 3+3+1+3+8+70+16+15+0+0+140 = 259 bytes + 11 LF = 270; info may then take 61 bytes.
		const max = {
			...base,
			bic: 'GKCCBEBB',
			name: 'n'.repeat(70),
			amountCents: 99999999999,
			text: 't'.repeat(140)
		};
		const p = epcPayload({ ...max, info: 'i'.repeat(61) });
		expect(new TextEncoder().encode(p).length).toBe(331);
		expect(() => epcPayload({ ...max, info: 'i'.repeat(62) })).toThrow(/331/);
		// Characters are counted for field limits, bytes for the payload: 70 × "é" is 140 bytes.
		expect(() => epcPayload({ ...max, name: 'é'.repeat(70), info: 'i' })).toThrow(/331/);
	});
});
