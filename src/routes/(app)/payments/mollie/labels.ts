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

/** Human method names live in `$lib/labels` (one list, FR/NL/EN). */
export { mollieMethodLabel } from '$lib/labels';
