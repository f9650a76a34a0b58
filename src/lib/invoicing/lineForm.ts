/**
 * Invoice lines as typed in the editor (strings) ⇄ as stored (integers), and their validation.
 * Storage: quantity and unit price in thousandths, discount in basis points (see domain/vat.ts).
 */
import { parseAmount, minorToDecimalString } from '$lib/domain/money';
import {
	isVatCategory,
	parseDiscount,
	parseQuantity,
	parseUnitPrice,
	type VatCategory
} from '$lib/domain/vat';
export type ErrorKeys = Record<string, string>;

export interface LineForm {
	description: string;
	quantity: string;
	unit: string;
	price: string;
	discount: string;
	vat: string;
}

/** The invoice editor's fields as typed (the server reads them back, the page shows them). */
export interface InvoiceForm {
	customerId: string;
	journalId: string;
	issueDate: string;
	dueDate: string;
	currency: string;
	reference: string;
	notes: string;
	allowZeroTotal: string;
	lines: LineForm[];
}

export interface ParsedLine {
	description: string;
	quantityMilli: number;
	unit: string;
	unitPriceMilli: number;
	discountBp: number;
	vat: VatCategory;
}

/** 1,000,000 units: more is a typo (or an attack), not a sale. */
export const MAX_QUANTITY_MILLI = 1_000_000_000;
/** 10 million per unit, for the same reason. */
export const MAX_PRICE_MILLI = 10_000_000_000;
export const MAX_LINES = 200;
/**
 * A line's quantity × price (before discount) may not pass 10 million currency units: every
 * total, VAT base and SQL sum then stays far inside safe integers (200 lines × 10^7 × 10^3
 * minor units at most), so no amount a user can type reaches an overflow.
 */
export const MAX_LINE_AMOUNT = 10_000_000;

export const emptyLine = (vat = '21'): LineForm => ({
	description: '',
	quantity: '1',
	unit: '',
	price: '',
	discount: '',
	vat
});

/**
 * Parses one line. Errors are keyed by field (`quantity`, `price`…) with an error key.
 * Negative quantities only on credit notes; prices are never negative.
 */
export function parseLine(
	line: LineForm,
	allowNegativeQuantity: boolean
): { line: ParsedLine | null; errors: ErrorKeys } {
	const errors: ErrorKeys = {};
	const description = line.description.trim();
	if (!description) errors.description = 'required';
	else if (description.length > 500) errors.description = 'too_long';
	const unit = line.unit.trim();
	if (unit.length > 20) errors.unit = 'too_long';

	const qText = line.quantity.trim();
	let quantityMilli = parseQuantity(qText, allowNegativeQuantity);
	if (quantityMilli === null) {
		const anySign = parseQuantity(qText, true);
		if (anySign !== null && anySign < 0) errors.quantity = 'quantity_negative';
		else if (parseAmount(qText, 12, { allowNegative: true }) !== null)
			errors.quantity = 'quantity_decimals';
		else errors.quantity = 'quantity_invalid';
	} else if (Math.abs(quantityMilli) > MAX_QUANTITY_MILLI) {
		errors.quantity = 'quantity_too_large';
		quantityMilli = null;
	}

	const pText = line.price.trim();
	let unitPriceMilli = parseUnitPrice(pText);
	if (unitPriceMilli === null) {
		if (pText === '') errors.price = 'required';
		else if ((parseUnitPrice(pText, true) ?? 0) < 0) errors.price = 'price_negative';
		else if (parseAmount(pText, 12) !== null) errors.price = 'price_decimals';
		else errors.price = 'price_invalid';
	} else if (unitPriceMilli > MAX_PRICE_MILLI) {
		errors.price = 'price_too_large';
		unitPriceMilli = null;
	}

	const dText = line.discount.trim();
	const discountBp = dText === '' ? 0 : parseDiscount(dText);
	if (discountBp === null) errors.discount = 'discount_invalid';
	if (!isVatCategory(line.vat)) errors.vat = 'vat_invalid';

	if (
		quantityMilli !== null &&
		unitPriceMilli != null &&
		!errors.quantity &&
		!errors.price &&
		// Both in thousandths: |q × p| / 10^6 units.
		BigInt(Math.abs(quantityMilli)) * BigInt(unitPriceMilli) > BigInt(MAX_LINE_AMOUNT) * 1_000_000n
	) {
		errors.price = 'line_too_large';
	}

	if (Object.keys(errors).length) return { line: null, errors };
	return {
		line: {
			description,
			quantityMilli: quantityMilli!,
			unit,
			unitPriceMilli: unitPriceMilli!,
			discountBp: discountBp!,
			vat: line.vat as VatCategory
		},
		errors
	};
}

/** Drops trailing zeros a user wouldn't type: 1500 → "1.5", 2000 → "2". */
function trimDecimals(s: string, keep: number): string {
	const [whole, frac = ''] = s.split('.');
	let f = frac;
	while (f.length > keep && f.endsWith('0')) f = f.slice(0, -1);
	return f ? `${whole}.${f}` : whole!;
}

export function lineToForm(line: ParsedLine): LineForm {
	return {
		description: line.description,
		quantity: trimDecimals(minorToDecimalString(line.quantityMilli, 3), 0),
		unit: line.unit,
		price: trimDecimals(minorToDecimalString(line.unitPriceMilli, 3), 2),
		discount: line.discountBp ? trimDecimals(minorToDecimalString(line.discountBp, 2), 0) : '',
		vat: line.vat
	};
}
