import { m } from '$lib/paraglide/messages';

/** The owner-facing text of an action's error code (refresh, refund); unknown codes read generic. */
export function actionErrorText(code: string, ctx: { max: string; decimals: number }): string {
	switch (code) {
		case 'not_configured':
			return m.mollie_not_available();
		case 'not_connected':
			return m.tx_error_not_connected();
		case 'reconnect':
			return m.tx_error_reconnect();
		case 'unavailable':
			return m.tx_error_unavailable();
		case 'forbidden':
			return m.tx_error_forbidden();
		case 'not_paid':
			return m.tx_error_not_paid();
		case 'too_much':
			return m.tx_error_too_much({ amount: ctx.max });
		case 'refused':
			return m.tx_error_refused();
		case 'duplicate':
			return m.mp_refund_duplicate();
		case 'amount_required':
			return m.error_required();
		case 'amount_decimals':
			return m.ledger_error_amount_decimals({ decimals: ctx.decimals });
		case 'amount_positive':
			return m.ledger_error_amount_positive();
		case 'amount':
			return m.ledger_error_amount();
		default:
			return m.tx_error_unavailable();
	}
}

/** Errors that belong to the amount field rather than to the whole form. */
export const AMOUNT_ERRORS = new Set([
	'amount_required',
	'amount',
	'amount_decimals',
	'amount_positive',
	'too_much'
]);
