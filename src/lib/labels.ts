/**
 * The words for the app's states and kinds, one per thing per language, used by every page that
 * shows them (owner and customer alike). Domain lists live in `$lib/domain`; this module names
 * them in the reader's language (`locale` for pages that speak the customer's language).
 */
import {
	isGenericMollieMethod,
	mollieBrandName,
	splitMollieReference,
	type MollieGenericMethod,
	type PaymentMethod
} from '$lib/domain/paymentMethods';
import type { RemoteStatus } from '$lib/domain/paymentSync';
import type { InvoiceStatus } from '$lib/domain/status';
import type { VatCategory } from '$lib/domain/vat';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

type Lang = 'en' | 'fr' | 'nl';
const opts = (locale?: string) => (locale ? { locale: locale as Lang } : {});

/** An invoice's status, or its overdue flag (one word each: "Definitief", "Vervallen"…). */
export function invoiceStatusLabel(status: InvoiceStatus | 'overdue', locale?: string): string {
	const o = opts(locale);
	switch (status) {
		case 'draft':
			return m.inv_status_draft({}, o);
		case 'finalized':
			return m.inv_status_finalized({}, o);
		case 'sent':
			return m.inv_status_sent({}, o);
		case 'partially_paid':
			return m.inv_status_partially_paid({}, o);
		case 'paid':
			return m.inv_status_paid({}, o);
		case 'overpaid':
			return m.inv_status_overpaid({}, o);
		case 'credited':
			return m.inv_status_credited({}, o);
		case 'overdue':
			return m.inv_status_overdue({}, o);
	}
}

const GENERIC: Record<MollieGenericMethod, (o: ReturnType<typeof opts>) => string> = {
	creditcard: (o) => m.tx_method_creditcard({}, o),
	banktransfer: (o) => m.tx_method_banktransfer({}, o),
	directdebit: (o) => m.ux_method_directdebit({}, o),
	giftcard: (o) => m.ux_method_giftcard({}, o),
	voucher: (o) => m.ux_method_voucher({}, o),
	pointofsale: (o) => m.ux_method_pointofsale({}, o)
};

/** A Mollie method's human name: "Bancontact", "Carte", never "bancontact" or "creditcard". */
export function mollieMethodLabel(method: string | null, locale?: string): string {
	const o = opts(locale);
	if (!method) return m.tx_method_none({}, o);
	if (isGenericMollieMethod(method)) return GENERIC[method](o);
	// A method Mollie added after this list: a neutral name rather than its id.
	return mollieBrandName(method) ?? m.ux_method_online({}, o);
}

/** A payment's reference as shown: "Bancontact · tr_WDqYK6vllg" for a Mollie booking. */
export function paymentReferenceLabel(reference: string, locale?: string): string {
	const mollie = splitMollieReference(reference);
	if (!mollie) return reference;
	return mollie.method
		? `${mollieMethodLabel(mollie.method, locale)} · ${mollie.id}`
		: `Mollie · ${mollie.id}`;
}

/** A Mollie payment's status ("Betaald", "Verlopen"…). */
export function mollieStatusLabel(status: RemoteStatus, locale?: string): string {
	const o = opts(locale);
	switch (status) {
		case 'open':
			return m.tx_status_open({}, o);
		case 'pending':
			return m.tx_status_pending({}, o);
		case 'authorized':
			return m.tx_status_authorized({}, o);
		case 'paid':
			return m.tx_status_paid({}, o);
		case 'canceled':
			return m.tx_status_canceled({}, o);
		case 'expired':
			return m.tx_status_expired({}, o);
		case 'failed':
			return m.tx_status_failed({}, o);
	}
}

/** How a ledger payment came in: "Bank transfer", "Cash", … */
export function paymentMethodLabel(method: PaymentMethod, locale?: string): string {
	const o = opts(locale);
	switch (method) {
		case 'bank_transfer':
			return m.ledger_method_bank_transfer({}, o);
		case 'cash':
			return m.ledger_method_cash({}, o);
		case 'card':
			return m.ledger_method_card({}, o);
		case 'mollie':
			return m.ledger_method_mollie({}, o);
		case 'other':
			return m.ledger_method_other({}, o);
	}
}

/**
 * A customer's language as a sentence names it ("Geschreven in het Frans", "Rédigé en
 * français"); the language picker names each language in itself instead.
 */
export function languageName(language: Lang, locale?: string): string {
	const o = opts(locale);
	switch (language) {
		case 'fr':
			return m.mailx_language_fr({}, o);
		case 'nl':
			return m.mailx_language_nl({}, o);
		case 'en':
			return m.mailx_language_en({}, o);
	}
}

/** Countries as a <select> offers them: named in the reader's language, in its order. */
export function countryOptions(
	codes: readonly string[],
	locale: string = getLocale()
): { value: string; label: string }[] {
	const names = new Intl.DisplayNames([locale], { type: 'region' });
	return codes
		.map((code) => ({ value: code, label: names.of(code) ?? code }))
		.sort((a, b) => a.label.localeCompare(b.label, locale));
}

/** A line's VAT category: "21 %", or the name of the exemption. */
export function vatLabel(v: VatCategory | string, locale?: string): string {
	const o = opts(locale);
	switch (v) {
		case '21':
		case '12':
		case '6':
		case '0':
			return `${v} %`;
		case 'reverse_charge_be':
			return m.inv_vat_reverse_be({}, o);
		case 'reverse_charge_eu_services':
			return m.inv_vat_reverse_eu({}, o);
		case 'intra_eu_supply_exempt':
			return m.inv_vat_intra_eu({}, o);
		default:
			return v;
	}
}
