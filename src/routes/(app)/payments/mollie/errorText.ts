import type { AmountError } from '$lib/domain/money';
import { m } from '$lib/paraglide/messages';

/** Why a payment page's action (refresh, refund) was refused. */
export type ActionError =
	| 'not_configured'
	| 'not_connected'
	| 'reconnect'
	| 'unavailable'
	| 'forbidden'
	| 'not_paid'
	| 'too_much'
	| 'refused'
	| 'duplicate'
	| AmountError;

interface TextContext {
	/** The refundable amount, formatted. */
	max: string;
	decimals: number;
}

/** The owner-facing text of each refusal (one missing: no build). */
const TEXT: Record<ActionError, (ctx: TextContext) => string> = {
	not_configured: () => m.mollie_not_available(),
	not_connected: () => m.tx_error_not_connected(),
	reconnect: () => m.tx_error_reconnect(),
	unavailable: () => m.tx_error_unavailable(),
	forbidden: () => m.tx_error_forbidden(),
	not_paid: () => m.tx_error_not_paid(),
	too_much: (ctx) => m.tx_error_too_much({ amount: ctx.max }),
	refused: () => m.tx_error_refused(),
	duplicate: () => m.mp_refund_duplicate(),
	amount_required: () => m.error_required(),
	amount_decimals: (ctx) => m.ledger_error_amount_decimals({ decimals: ctx.decimals }),
	amount_positive: () => m.ledger_error_amount_positive(),
	amount: () => m.ledger_error_amount()
};

export const actionErrorText = (code: ActionError, ctx: TextContext): string => TEXT[code](ctx);

/** Errors that belong to the amount field rather than to the whole form. */
export const AMOUNT_ERRORS: ReadonlySet<ActionError> = new Set<ActionError>([
	'amount_required',
	'amount',
	'amount_decimals',
	'amount_positive',
	'too_much'
]);
