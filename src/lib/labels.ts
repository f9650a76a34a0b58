/**
 * The words for the app's states and kinds, one per thing per language, used by every page that
 * shows them (owner and customer alike). Domain lists live in `$lib/domain`; this module names
 * them in the reader's language (`locale` for pages that speak the customer's language).
 */
import {
	isGenericMollieMethod,
	mollieBrandName,
	splitMollieReference,
	type MollieGenericMethod
} from '$lib/domain/paymentMethods';
import type { InvoiceStatus } from '$lib/domain/status';
import { m } from '$lib/paraglide/messages';

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
