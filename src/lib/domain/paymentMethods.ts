/**
 * Mollie's payment methods: the ids Mollie sends (`payment.method`) and how each is named.
 * Brands keep the name their owners write everywhere (the same in French, Dutch and English);
 * generic methods are translated by `$lib/labels`. An id never reaches a person as such.
 */

/** How a payment reached the ledger: the one list (schema, forms, labels derive from it). */
export const PAYMENT_METHODS = ['bank_transfer', 'cash', 'card', 'mollie', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** The methods an owner records by hand (Mollie payments are booked by the sync). */
export const MANUAL_METHODS = ['bank_transfer', 'cash', 'card', 'other'] as const;

/** Brand names, written as the brands write them. */
export const MOLLIE_BRANDS = {
	alma: 'Alma',
	applepay: 'Apple Pay',
	bacs: 'Bacs',
	bancomatpay: 'Bancomat Pay',
	bancontact: 'Bancontact',
	belfius: 'Belfius',
	billie: 'Billie',
	blik: 'BLIK',
	eps: 'EPS',
	googlepay: 'Google Pay',
	ideal: 'iDEAL',
	in3: 'iDEAL in3',
	kbc: 'KBC/CBC',
	klarna: 'Klarna',
	mbway: 'MB WAY',
	multibanco: 'Multibanco',
	mybank: 'MyBank',
	paybybank: 'Pay by Bank',
	paypal: 'PayPal',
	paysafecard: 'paysafecard',
	przelewy24: 'Przelewy24',
	riverty: 'Riverty',
	satispay: 'Satispay',
	swish: 'Swish',
	trustly: 'Trustly',
	twint: 'TWINT'
} as const satisfies Record<string, string>;

/** The methods offered in the transactions filter: what Belgian customers pay with via Mollie. */
export const MOLLIE_FILTER_METHODS = [
	'bancontact',
	'creditcard',
	'applepay',
	'kbc',
	'belfius',
	'ideal',
	'paypal',
	'banktransfer',
	'przelewy24',
	'trustly'
] as const;

/** Methods with a translated, generic name. */
export const MOLLIE_GENERIC_METHODS = [
	'creditcard',
	'banktransfer',
	'directdebit',
	'giftcard',
	'voucher',
	'pointofsale'
] as const;

export type MollieBrand = keyof typeof MOLLIE_BRANDS;
export type MollieGenericMethod = (typeof MOLLIE_GENERIC_METHODS)[number];

export function mollieBrandName(method: string): string | undefined {
	return Object.hasOwn(MOLLIE_BRANDS, method) ? MOLLIE_BRANDS[method as MollieBrand] : undefined;
}

export function isGenericMollieMethod(method: string): method is MollieGenericMethod {
	return (MOLLIE_GENERIC_METHODS as readonly string[]).includes(method);
}

/**
 * A ledger row booked from Mollie carries "<method id> <Mollie id>" as its reference
 * ("bancontact tr_WDqYK6vllg", "mollie re_4qqhO89gsT" when no method was known): the parts,
 * or null for a reference typed by a person.
 */
export function splitMollieReference(
	reference: string
): { method: string | null; id: string } | null {
	const match = /^([a-z0-9_]+) ((?:tr|re|chb)_[A-Za-z0-9]+)$/.exec(reference);
	if (!match) return null;
	return { method: match[1] === 'mollie' ? null : match[1]!, id: match[2]! };
}
