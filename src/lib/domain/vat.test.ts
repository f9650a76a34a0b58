import { describe, expect, it } from 'vitest';
import {
	computeTotals,
	divRoundHalfUp,
	isVatCategory,
	legalMention,
	lineNetCents,
	parseDiscount,
	parseQuantity,
	parseUnitPrice,
	VAT_CATEGORIES,
	type InvoiceLineInput,
	type VatCategory
} from './vat';

/** Shorthand: quantity and price in thousandths, discount in basis points. */
const line = (q: number, p: number, vat: VatCategory, d = 0): InvoiceLineInput => ({
	quantityMilli: q,
	unitPriceMilli: p,
	discountBp: d,
	vat
});

describe('divRoundHalfUp', () => {
	it.each([
		[5n, 10n, 1n], // 0.5 → 1
		[4n, 10n, 0n],
		[15n, 10n, 2n],
		[25n, 10n, 3n],
		[-5n, 10n, -1n], // half away from zero
		[-15n, 10n, -2n],
		[-14n, 10n, -1n],
		[0n, 7n, 0n],
		[3n, 2n, 2n],
		[10n, 3n, 3n],
		[11n, 3n, 4n], // 3.67
		[-11n, 3n, -4n]
	])('%s / %s → %s', (n, d, q) => {
		expect(divRoundHalfUp(n, d)).toBe(q);
	});
	it('rejects a non-positive denominator', () => {
		expect(() => divRoundHalfUp(1n, 0n)).toThrow(RangeError);
	});
});

describe('lineNetCents', () => {
	it('multiplies quantity, 3-decimal price and discount, rounding once', () => {
		expect(lineNetCents(line(3000, 125, '21'))).toBe(38); // 3 × 0.125 = 0.375 → 0.38
		expect(lineNetCents(line(2500, 19990, '21', 1000))).toBe(4498); // 49.975 × 0.9 = 44.9775
		expect(lineNetCents(line(333, 3003, '6'))).toBe(100); // 0.333 × 3.003 = 0.999999
		expect(lineNetCents(line(10000, 1000, '21', 3333))).toBe(667); // 10 × 1 × 0.6667
		expect(lineNetCents(line(1000, 5, '21'))).toBe(1); // 0.005 → 0.01 (half up)
		expect(lineNetCents(line(1000, 4, '21'))).toBe(0); // 0.004 → 0.00
		expect(lineNetCents(line(-1000, 5, '21'))).toBe(-1); // credit note: −0.005 → −0.01
		expect(lineNetCents(line(7000, 1000, '21', 10000))).toBe(0); // 100 % discount
		expect(lineNetCents(line(1000, 1000, '21', 1))).toBe(100); // 0.01 % of 1.00 = 0.0001
	});

	it('handles 0-decimal currencies', () => {
		// JPY: 3 × 333.5 = 1000.5 → 1001
		expect(lineNetCents(line(3000, 333500, '21'), 0)).toBe(1001);
	});

	it('rejects bad input', () => {
		expect(() => lineNetCents(line(1.5, 100, '21'))).toThrow(RangeError);
		expect(() => lineNetCents(line(1000, 100, '21', -1))).toThrow(RangeError);
		expect(() => lineNetCents(line(1000, 100, '21', 10001))).toThrow(RangeError);
		expect(() => lineNetCents(line(1000, 100, '22' as VatCategory))).toThrow(RangeError);
		expect(() => lineNetCents(line(1000, 100, '21'), 4)).toThrow(RangeError);
		// result beyond safe integer range
		expect(() => lineNetCents(line(9e15, 9e15, '21'))).toThrow(RangeError);
	});
});

describe('computeTotals', () => {
	// Hand-worked: two rates, 3-decimal prices, a discount.
	//  L1 3 × 0.125 @21 %            = 0.375    → 0.38
	//  L2 2.5 × 19.99 −10 % @21 %    = 44.9775  → 44.98
	//  L3 1 × 100.00 @6 %            = 100.00
	//  L4 0.333 × 3.003 @6 %         = 0.999999 → 1.00
	//  21 %: base 45.36, VAT 9.5256 → 9.53;  6 %: base 101.00, VAT 6.06
	//  net 146.36 + VAT 15.59 = 161.95
	const invoice = [
		line(3000, 125, '21'),
		line(2500, 19990, '21', 1000),
		line(1000, 100000, '6'),
		line(333, 3003, '6')
	];

	it('computes the hand-worked invoice', () => {
		expect(computeTotals(invoice, 2)).toEqual({
			lineNetCents: [38, 4498, 10000, 100],
			breakdown: [
				{ category: '21', ratePercent: 21, baseCents: 4536, vatCents: 953 },
				{ category: '6', ratePercent: 6, baseCents: 10100, vatCents: 606 }
			],
			netCents: 14636,
			vatCents: 1559,
			totalCents: 16195
		});
	});

	it('gives the exact negation for a full credit note', () => {
		const credit = invoice.map((l) => ({ ...l, quantityMilli: -l.quantityMilli }));
		expect(computeTotals(credit)).toEqual({
			lineNetCents: [-38, -4498, -10000, -100],
			breakdown: [
				{ category: '21', ratePercent: 21, baseCents: -4536, vatCents: -953 },
				{ category: '6', ratePercent: 6, baseCents: -10100, vatCents: -606 }
			],
			netCents: -14636,
			vatCents: -1559,
			totalCents: -16195
		});
	});

	it('rounds VAT once per rate, not per line', () => {
		// 10 lines of 0.02 @21 %: per line 0.0042 → 0.00, but base 0.20 × 21 % = 0.042 → 0.04
		const t = computeTotals(Array.from({ length: 10 }, () => line(1000, 20, '21')));
		expect(t.breakdown).toEqual([{ category: '21', ratePercent: 21, baseCents: 20, vatCents: 4 }]);
		expect(t.totalCents).toBe(24);
	});

	it.each([
		// [base cents, category, VAT cents] — the .5 cent cases round up (away from zero)
		[50, '21', 11], // 10.5 → 11
		[150, '21', 32], // 31.5 → 32
		[49, '21', 10], // 10.29
		[-50, '21', -11], // −10.5 → −11
		[25, '6', 2], // 1.5 → 2
		[75, '6', 5], // 4.5 → 5
		[-25, '6', -2],
		[1045, '12', 125], // 125.4
		[1046, '12', 126], // 125.52
		[100000, '0', 0],
		[100000, 'reverse_charge_be', 0]
	] as const)('base %d @%s → VAT %d', (base, cat, vat) => {
		// base expressed as quantity 1 × price in milli-units
		const t = computeTotals([line(1000, base * 10, cat)]);
		expect(t.breakdown[0]!.vatCents).toBe(vat);
		expect(t.totalCents).toBe(base + vat);
	});

	it('computes a hand-checkable 30-line invoice', () => {
		// Line i (1..30): quantity i × 1.005, odd i @21 %, even i @6 %.
		//  odd i = 2k−1: exact 100.5·i ct = 100i + k − 0.5 → rounds to 100i + k.
		//    Σ (k = 1..15) = 100·225 + 120 = 22 620 ct   (unrounded sum would be 22 612.5)
		//  even i = 2k: 201k ct exactly → Σ = 201·120 = 24 120 ct
		//  VAT 21 %: 22 620 × 0.21 = 4 750.2 → 4 750;  VAT 6 %: 24 120 × 0.06 = 1 447.2 → 1 447
		//  total = 22 620 + 24 120 + 4 750 + 1 447 = 52 937 ct
		const lines = Array.from({ length: 30 }, (_, n) =>
			line((n + 1) * 1000, 1005, n % 2 === 0 ? '21' : '6')
		);
		const t = computeTotals(lines);
		expect(t.lineNetCents.slice(0, 4)).toEqual([101, 201, 302, 402]);
		expect(t.lineNetCents[28]).toBe(2915); // 29 × 1.005 = 29.145 → 29.15
		expect(t.lineNetCents[29]).toBe(3015); // 30 × 1.005 = 30.15
		expect(t.breakdown).toEqual([
			{ category: '21', ratePercent: 21, baseCents: 22620, vatCents: 4750 },
			{ category: '6', ratePercent: 6, baseCents: 24120, vatCents: 1447 }
		]);
		expect(t.netCents).toBe(46740);
		expect(t.vatCents).toBe(6197);
		expect(t.totalCents).toBe(52937);
	});

	it('computes a 30-line mixed invoice with discounts and three rates', () => {
		// 10 × (2 h × 62.50 @21 %, −15 %)  = 10 × 106.25          = 1 062.50
		// 10 × (0.75 kg × 4.333 @6 %)       = 10 × (3.24975 → 3.25) = 32.50
		// 10 × (1 × 9.999 @12 %, −2.5 %)    = 10 × (9.749025 → 9.75) = 97.50
		// VAT: 1 062.50 × 21 % = 223.125 → 223.13; 32.50 × 6 % = 1.95; 97.50 × 12 % = 11.70
		// total = 1 192.50 + 236.78 = 1 429.28
		const lines: InvoiceLineInput[] = [];
		for (let i = 0; i < 10; i++) {
			lines.push(line(2000, 62500, '21', 1500), line(750, 4333, '6'), line(1000, 9999, '12', 250));
		}
		expect(lines).toHaveLength(30);
		const t = computeTotals(lines);
		expect(t.lineNetCents.slice(0, 3)).toEqual([10625, 325, 975]);
		expect(t.breakdown).toEqual([
			{ category: '21', ratePercent: 21, baseCents: 106250, vatCents: 22313 },
			{ category: '12', ratePercent: 12, baseCents: 9750, vatCents: 1170 },
			{ category: '6', ratePercent: 6, baseCents: 3250, vatCents: 195 }
		]);
		expect(t).toMatchObject({ netCents: 119250, vatCents: 23678, totalCents: 142928 });
	});

	it('keeps reverse-charge and exempt supplies as separate zero-VAT rows', () => {
		const t = computeTotals([
			line(1000, 1000000, 'reverse_charge_eu_services'),
			line(2000, 250000, 'intra_eu_supply_exempt'),
			line(1000, 100000, '21'),
			line(1000, 50000, 'reverse_charge_be')
		]);
		expect(t.breakdown).toEqual([
			{ category: '21', ratePercent: 21, baseCents: 10000, vatCents: 2100 },
			{ category: 'reverse_charge_be', ratePercent: 0, baseCents: 5000, vatCents: 0 },
			{ category: 'reverse_charge_eu_services', ratePercent: 0, baseCents: 100000, vatCents: 0 },
			{ category: 'intra_eu_supply_exempt', ratePercent: 0, baseCents: 50000, vatCents: 0 }
		]);
		expect(t.totalCents).toBe(167100);
	});

	it('handles a partial credit note with mixed signs and an empty document', () => {
		// credit 1.5 h × 80.00 @21 % = −120.00; VAT −25.20
		const t = computeTotals([line(-1500, 80000, '21')]);
		expect(t).toMatchObject({ netCents: -12000, vatCents: -2520, totalCents: -14520 });
		expect(computeTotals([])).toEqual({
			lineNetCents: [],
			breakdown: [],
			netCents: 0,
			vatCents: 0,
			totalCents: 0
		});
	});

	it('holds its invariants on pseudo-random invoices', () => {
		let seed = 42;
		const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
		for (let run = 0; run < 200; run++) {
			const lines = Array.from({ length: 1 + rnd(40) }, () =>
				line(1 + rnd(100000), rnd(10000000), VAT_CATEGORIES[rnd(7)]!, rnd(3) ? 0 : rnd(10001))
			);
			const t = computeTotals(lines);
			const neg = computeTotals(lines.map((l) => ({ ...l, quantityMilli: -l.quantityMilli })));
			expect(neg.totalCents + t.totalCents).toBe(0);
			expect(neg.vatCents + t.vatCents).toBe(0);
			expect(neg.netCents + t.netCents).toBe(0);
			expect(t.lineNetCents.reduce((a, b) => a + b, 0)).toBe(t.netCents);
			expect(t.breakdown.reduce((a, r) => a + r.baseCents + r.vatCents, 0)).toBe(t.totalCents);
		}
	});
});

describe('input parsers', () => {
	it('parses quantities, prices and discounts', () => {
		expect(parseQuantity('1,5')).toBe(1500);
		expect(parseQuantity('0.333')).toBe(333);
		expect(parseQuantity('1,2345')).toBeNull();
		expect(parseQuantity('-2')).toBeNull();
		expect(parseQuantity('-2', true)).toBe(-2000);
		expect(parseUnitPrice('19,99')).toBe(19990);
		expect(parseUnitPrice('0,125')).toBe(125);
		expect(parseUnitPrice('1 250,5')).toBe(1250500);
		expect(parseUnitPrice('0,1255')).toBeNull();
		expect(parseDiscount('12,5')).toBe(1250);
		expect(parseDiscount('100')).toBe(10000);
		expect(parseDiscount('100,01')).toBeNull();
		expect(parseDiscount('-5')).toBeNull();
		expect(parseDiscount('33,333')).toBeNull();
	});
});

describe('categories and legal mentions', () => {
	it('recognises categories', () => {
		expect(isVatCategory('21')).toBe(true);
		expect(isVatCategory('reverse_charge_be')).toBe(true);
		expect(isVatCategory('22')).toBe(false);
		expect(isVatCategory(21)).toBe(false);
	});

	it('returns the legal mention in the customer language', () => {
		expect(legalMention('reverse_charge_be', 'fr')).toBe(
			'Autoliquidation — art. 51, § 2 du Code TVA'
		);
		expect(legalMention('reverse_charge_be', 'nl')).toBe(
			'Verlegging van heffing — art. 51, § 2 van het Btw-Wetboek'
		);
		expect(legalMention('reverse_charge_eu_services', 'en')).toBe(
			'Reverse charge — art. 196 of Directive 2006/112/EC'
		);
		expect(legalMention('reverse_charge_eu_services', 'fr')).toContain('2006/112/CE');
		expect(legalMention('intra_eu_supply_exempt', 'fr')).toBe(
			'Livraison intracommunautaire exemptée — art. 39bis du Code TVA'
		);
		expect(legalMention('intra_eu_supply_exempt', 'nl')).toMatch(
			/^Vrijgestelde intracommunautaire levering/
		);
		for (const c of ['21', '12', '6', '0'] as const) expect(legalMention(c, 'fr')).toBeNull();
		for (const c of [
			'reverse_charge_be',
			'reverse_charge_eu_services',
			'intra_eu_supply_exempt'
		] as const)
			for (const l of ['fr', 'nl', 'en'] as const) expect(legalMention(c, l)).toBeTruthy();
	});
});
