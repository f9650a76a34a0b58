/**
 * Invoice lines, VAT breakdown and totals — integer arithmetic only (BigInt inside).
 *
 * THE ROUNDING RULE (the only one in Acquit):
 *  1. Line net = round(quantity × unit price × (1 − discount)) to the currency's
 *     minor unit (cents). One rounding per line, after the discount.
 *  2. Per VAT category: base = Σ line nets (exact, already in cents);
 *     VAT = round(base × rate) — rounded once per rate total, never per line.
 *  3. Grand total = Σ bases + Σ VAT.
 * "round" is half-up on the magnitude (half away from zero): 0.5 ct → 1 ct and
 * −0.5 ct → −1 ct, so a credit note that negates an invoice yields exactly the
 * negated totals.
 *
 * Storage units (all integers):
 *  - quantity: thousandths (3 decimals), e.g. 1.5 → 1500
 *  - unit price excl. VAT: thousandths of the currency unit ("milli"), e.g. €0.125 → 125
 *  - discount: basis points (percent with 2 decimals), e.g. 12.5 % → 1250
 */
import { parseAmount } from './money';

export const VAT_CATEGORIES = [
	'21',
	'12',
	'6',
	'0',
	'reverse_charge_be',
	'reverse_charge_eu_services',
	'intra_eu_supply_exempt'
] as const;
export type VatCategory = (typeof VAT_CATEGORIES)[number];

/**
 * VAT percent charged by the seller. Reverse-charge and exempt supplies are
 * invoiced without VAT (the buyer self-assesses, or the supply is exempt).
 */
export const VAT_RATE_PERCENT: Readonly<Record<VatCategory, number>> = Object.freeze({
	'21': 21,
	'12': 12,
	'6': 6,
	'0': 0,
	reverse_charge_be: 0,
	reverse_charge_eu_services: 0,
	intra_eu_supply_exempt: 0
});

export function isVatCategory(value: unknown): value is VatCategory {
	return typeof value === 'string' && (VAT_CATEGORIES as readonly string[]).includes(value);
}

export interface InvoiceLineInput {
	/** Quantity × 1000. Negative on credit notes. */
	quantityMilli: number;
	/** Unit price excl. VAT × 1000 (thousandths of the currency unit). */
	unitPriceMilli: number;
	/** Discount percent × 100 (basis points), 0..10000. Default 0. */
	discountBp?: number;
	vat: VatCategory;
}

export interface VatBreakdownRow {
	category: VatCategory;
	ratePercent: number;
	/** Taxable base in minor units (cents). */
	baseCents: number;
	vatCents: number;
}

export interface InvoiceTotals {
	/** Net amount of each input line, same order, in minor units. */
	lineNetCents: number[];
	/** One row per VAT category used, in VAT_CATEGORIES order. */
	breakdown: VatBreakdownRow[];
	netCents: number;
	vatCents: number;
	totalCents: number;
}

/** num / den rounded half away from zero. den must be > 0. */
export function divRoundHalfUp(num: bigint, den: bigint): bigint {
	if (den <= 0n) throw new RangeError('Denominator must be positive');
	const negative = num < 0n;
	const abs = negative ? -num : num;
	const q = (abs * 2n + den) / (den * 2n); // floor(abs/den + 1/2), exact for odd den too
	return negative ? -q : q;
}

function toSafeNumber(v: bigint, what: string): number {
	if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
		throw new RangeError(`${what} out of range`);
	}
	return Number(v);
}

function assertInt(v: unknown, what: string): asserts v is number {
	if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
		throw new RangeError(`${what} must be a safe integer, got ${String(v)}`);
	}
}

function checkDecimals(currencyDecimals: number) {
	// Prices carry 3 decimals, so the minor unit must not be finer than that.
	if (!Number.isInteger(currencyDecimals) || currencyDecimals < 0 || currencyDecimals > 3) {
		throw new RangeError(`Unsupported currency decimals: ${currencyDecimals}`);
	}
}

/** Net of one line in minor units (rule step 1). */
export function lineNetCents(line: InvoiceLineInput, currencyDecimals = 2): number {
	checkDecimals(currencyDecimals);
	assertInt(line.quantityMilli, 'quantityMilli');
	assertInt(line.unitPriceMilli, 'unitPriceMilli');
	const bp = line.discountBp ?? 0;
	assertInt(bp, 'discountBp');
	if (bp < 0 || bp > 10000) throw new RangeError('discountBp must be within 0..10000');
	if (!isVatCategory(line.vat)) throw new RangeError(`Unknown VAT category: ${String(line.vat)}`);
	// qty/1000 × price/1000 × (10000−bp)/10000 × 10^d  =  N / 10^(10−d)
	const num = BigInt(line.quantityMilli) * BigInt(line.unitPriceMilli) * BigInt(10000 - bp);
	const den = 10n ** BigInt(10 - currencyDecimals);
	return toSafeNumber(divRoundHalfUp(num, den), 'Line net');
}

/** Totals and VAT breakdown of a document (invoice or credit note). */
export function computeTotals(
	lines: readonly InvoiceLineInput[],
	currencyDecimals = 2
): InvoiceTotals {
	const lineNets = lines.map((l) => lineNetCents(l, currencyDecimals));
	const bases = new Map<VatCategory, bigint>();
	lines.forEach((l, i) => bases.set(l.vat, (bases.get(l.vat) ?? 0n) + BigInt(lineNets[i]!)));

	const breakdown: VatBreakdownRow[] = [];
	let net = 0n;
	let vat = 0n;
	for (const category of VAT_CATEGORIES) {
		const base = bases.get(category);
		if (base === undefined) continue;
		const ratePercent = VAT_RATE_PERCENT[category];
		const v = divRoundHalfUp(base * BigInt(ratePercent), 100n); // rule step 2
		net += base;
		vat += v;
		breakdown.push({
			category,
			ratePercent,
			baseCents: toSafeNumber(base, 'VAT base'),
			vatCents: toSafeNumber(v, 'VAT')
		});
	}
	return {
		lineNetCents: lineNets,
		breakdown,
		netCents: toSafeNumber(net, 'Net total'),
		vatCents: toSafeNumber(vat, 'VAT total'),
		totalCents: toSafeNumber(net + vat, 'Total') // rule step 3
	};
}

/** "1,5" → 1500 (thousandths). Up to 3 decimals; negative only when allowed (credit notes). */
export function parseQuantity(input: string, allowNegative = false): number | null {
	return parseAmount(input, 3, { allowNegative });
}

/** "0,125" → 125 (thousandths of the currency unit). Up to 3 decimals. */
export function parseUnitPrice(input: string, allowNegative = false): number | null {
	return parseAmount(input, 3, { allowNegative });
}

/** "12,5" → 1250 basis points. 0–100 %, up to 2 decimals. */
export function parseDiscount(input: string): number | null {
	const bp = parseAmount(input, 2);
	return bp !== null && bp <= 10000 ? bp : null;
}

export type MentionLocale = 'fr' | 'nl' | 'en';

const MENTIONS: Partial<Record<VatCategory, Record<MentionLocale, string>>> = {
	// Domestic co-contractor (e.g. construction works for a VAT-registered buyer).
	reverse_charge_be: {
		fr: 'Autoliquidation — art. 51, § 2 du Code TVA',
		nl: 'Verlegging van heffing — art. 51, § 2 van het Btw-Wetboek',
		en: 'Reverse charge — art. 51, § 2 of the Belgian VAT Code'
	},
	// B2B services to a customer established in another Member State.
	reverse_charge_eu_services: {
		fr: 'Autoliquidation — art. 196 de la directive 2006/112/CE',
		nl: 'Verlegging van heffing — art. 196 van Richtlijn 2006/112/EG',
		en: 'Reverse charge — art. 196 of Directive 2006/112/EC'
	},
	// Goods shipped to a VAT-registered buyer in another Member State.
	intra_eu_supply_exempt: {
		fr: 'Livraison intracommunautaire exemptée — art. 39bis du Code TVA',
		nl: 'Vrijgestelde intracommunautaire levering — art. 39bis van het Btw-Wetboek',
		en: 'Exempt intra-Community supply — art. 39bis of the Belgian VAT Code'
	}
};

/** Legal mention to print for a category, or null when none is required (21/12/6/0 %). */
export function legalMention(category: VatCategory, locale: MentionLocale): string | null {
	return MENTIONS[category]?.[locale] ?? null;
}
