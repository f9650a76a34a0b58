/**
 * Invoice lines as typed in the editor (strings) ⇄ as stored (integers), and their validation
 * (zod, the one way forms are checked; the editor runs the same schema for its live totals).
 * Storage: quantity and unit price in thousandths, discount in basis points (see domain/vat.ts).
 */
import { parseAmount, minorToDecimalString } from '$lib/domain/money';
import { firstErrors, reading } from '$lib/validation';
import * as z from 'zod/mini';
import {
	parseDiscount,
	parseQuantity,
	parseUnitPrice,
	VAT_CATEGORIES,
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

/** A trimmed text that the `check` then reads as a number (or refuses with an error key). */
const typedNumber = (read: (text: string, refuse: (key: string) => never) => number) =>
	z.pipe(z.string().check(z.trim()), reading(read));

/**
 * One line as typed → as stored, through zod (the one way a form is checked; `zod/mini`, as the
 * editor runs it in the browser for its live totals). Every message is an error key (see
 * errorText), on the field it is about. Negative quantities only on credit notes; prices are
 * never negative.
 */
function makeLineSchema(allowNegativeQuantity: boolean) {
	return z.pipe(
		z
			.object({
				description: z
					.string()
					.check(z.trim(), z.minLength(1, 'required'), z.maxLength(500, 'too_long')),
				unit: z.string().check(z.trim(), z.maxLength(20, 'too_long')),
				quantity: typedNumber((q, refuse) => {
					const milli = parseQuantity(q, allowNegativeQuantity);
					if (milli === null) {
						const anySign = parseQuantity(q, true);
						if (anySign !== null && anySign < 0) return refuse('quantity_negative');
						if (parseAmount(q, 12, { allowNegative: true }) !== null)
							return refuse('quantity_decimals');
						return refuse('quantity_invalid');
					}
					return Math.abs(milli) > MAX_QUANTITY_MILLI ? refuse('quantity_too_large') : milli;
				}),
				price: typedNumber((p, refuse) => {
					const milli = parseUnitPrice(p);
					if (milli === null) {
						if (p === '') return refuse('required');
						if ((parseUnitPrice(p, true) ?? 0) < 0) return refuse('price_negative');
						if (parseAmount(p, 12) !== null) return refuse('price_decimals');
						return refuse('price_invalid');
					}
					return milli > MAX_PRICE_MILLI ? refuse('price_too_large') : milli;
				}),
				discount: typedNumber((d, refuse) =>
					d === '' ? 0 : (parseDiscount(d) ?? refuse('discount_invalid'))
				),
				vat: z.enum(VAT_CATEGORIES, 'vat_invalid')
			})
			.check(
				z.superRefine(
					({ quantity, price }, ctx) => {
						// Both in thousandths: |q × p| / 10^6 units.
						if (BigInt(Math.abs(quantity)) * BigInt(price) > BigInt(MAX_LINE_AMOUNT) * 1_000_000n) {
							ctx.addIssue({ code: 'custom', message: 'line_too_large', path: ['price'] });
						}
					},
					// Whatever else is wrong with the line, as soon as its quantity and price are numbers.
					{
						when: ({ issues }) =>
							!issues.some((i) => ['quantity', 'price'].includes(String(i.path?.[0])))
					}
				)
			),
		z.transform((l): ParsedLine => ({
			description: l.description,
			quantityMilli: l.quantity,
			unit: l.unit,
			unitPriceMilli: l.price,
			discountBp: l.discount,
			vat: l.vat
		}))
	);
}

const invoiceLine = makeLineSchema(false);
const creditLine = makeLineSchema(true);
/** The line schema of an invoice, or of a credit note (negative quantities allowed). */
export const lineSchema = (allowNegativeQuantity: boolean) =>
	allowNegativeQuantity ? creditLine : invoiceLine;

/** Parses one line: the stored line, or error keys by field (`quantity`, `price`…). */
export function parseLine(
	line: LineForm,
	allowNegativeQuantity: boolean
): { line: ParsedLine | null; errors: ErrorKeys } {
	const r = lineSchema(allowNegativeQuantity).safeParse(line);
	return r.success
		? { line: r.data, errors: {} }
		: { line: null, errors: firstErrors(r.error.issues) };
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
