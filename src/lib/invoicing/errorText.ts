import { m } from '$lib/paraglide/messages';

/** Error keys returned by the invoicing services → the user's language. */
const TEXT = {
	required: () => m.error_required(),
	too_long: () => m.inv_err_too_long(),
	invalid: () => m.inv_err_invalid(),
	email_invalid: () => m.cust_err_emails(),
	phone_invalid: () => m.cust_err_phone(),
	country_invalid: () => m.cust_err_country(),
	vat_checksum: () => m.cust_err_vat_checksum(),
	vat_format: () => m.cust_err_vat_format(),
	term: () => m.inv_err_term(),
	name_taken: () => m.jrn_err_name_taken(),
	pattern_empty: () => m.jrn_err_pattern_missing(),
	pattern_too_long: () => m.jrn_err_pattern_too_long(),
	pattern_missing_sequence: () => m.jrn_err_pattern_missing(),
	pattern_multiple_sequences: () => m.jrn_err_pattern_multiple(),
	pattern_unknown_token: () => m.jrn_err_pattern_token(),
	pattern_invalid_character: () => m.jrn_err_pattern_character(),
	next_number: () => m.jrn_err_next_number(),
	next_number_used: () => m.jrn_err_next_number_used(),
	last_active: () => m.jrn_err_last_active(),
	not_found: () => m.inv_err_not_found(),
	date_invalid: () => m.inv_err_date(),
	due_before_issue: () => m.inv_err_due_before_issue(),
	currency_invalid: () => m.inv_err_currency(),
	no_lines: () => m.inv_err_no_lines(),
	too_many_lines: () => m.inv_err_too_many_lines(),
	quantity_negative: () => m.inv_err_quantity_negative(),
	quantity_decimals: () => m.inv_err_quantity_decimals(),
	quantity_invalid: () => m.inv_err_quantity_invalid(),
	quantity_too_large: () => m.inv_err_quantity_too_large(),
	price_negative: () => m.inv_err_price_negative(),
	price_decimals: () => m.inv_err_price_decimals(),
	price_invalid: () => m.inv_err_price_invalid(),
	price_too_large: () => m.inv_err_price_too_large(),
	line_too_large: () => m.sec_line_too_large(),
	discount_invalid: () => m.inv_err_discount(),
	vat_invalid: () => m.inv_err_vat(),
	zero_total: () => m.inv_err_zero_total(),
	credit_positive: () => m.inv_err_credit_positive(),
	credit_exceeds: () => m.inv_err_credit_exceeds(),
	not_draft: () => m.inv_err_not_draft(),
	not_finalized_invoice: () => m.inv_err_not_finalized(),
	fully_credited: () => m.inv_err_fully_credited(),
	retry: () => m.inv_err_retry(),
	has_invoices: () => m.cust_err_has_invoices(),
	not_finalized: () => m.res_err_send_not_finalized(),
	no_pay_link: () => m.res_err_no_pay_link(),
	no_email: () => m.share_err_no_email()
} satisfies Record<string, () => string>;

/** A service's error key. A key without a text here is a compile error where it is shown. */
export type ErrorKey = keyof typeof TEXT;

export const isErrorKey = (key: string): key is ErrorKey => Object.hasOwn(TEXT, key);

/** The text of a typed key, or of a field error's key (an unknown one reads "not valid"). */
export function errorText(key: ErrorKey | (string & {})): string {
	return (isErrorKey(key) ? TEXT[key] : TEXT.invalid)();
}

/** Same keys, translated values: what pages show next to each field. */
export function translateErrors(errors: Record<string, string>): Record<string, string> {
	return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, errorText(v)]));
}
