import type { RemoteStatus as MollieStatus } from '$lib/domain/paymentSync';
import { m } from '$lib/paraglide/messages';

// Labels shared by the Mollie transactions list, the payment page and the invoice panel.

export function mollieStatusLabel(status: MollieStatus): string {
	switch (status) {
		case 'open':
			return m.tx_status_open();
		case 'pending':
			return m.tx_status_pending();
		case 'authorized':
			return m.tx_status_authorized();
		case 'paid':
			return m.tx_status_paid();
		case 'canceled':
			return m.tx_status_canceled();
		case 'expired':
			return m.tx_status_expired();
		case 'failed':
			return m.tx_status_failed();
	}
}

/** Brand names stay as the brands write them; generic methods are translated. */
const BRANDS: Record<string, string> = {
	applepay: 'Apple Pay',
	bancontact: 'Bancontact',
	belfius: 'Belfius',
	ideal: 'iDEAL',
	kbc: 'KBC/CBC',
	paypal: 'PayPal',
	przelewy24: 'Przelewy24',
	trustly: 'Trustly'
};

/** The methods offered in the filter: what Belgian customers pay with through Mollie. */
export const FILTER_METHODS = [
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

export function mollieMethodLabel(method: string | null): string {
	if (!method) return m.tx_method_none();
	if (method === 'creditcard') return m.tx_method_creditcard();
	if (method === 'banktransfer') return m.tx_method_banktransfer();
	return BRANDS[method] ?? method;
}
