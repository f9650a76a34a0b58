import { currencyDecimals, parsePositiveAmount, type AmountError } from '$lib/domain/money';
import { m } from '$lib/paraglide/messages';
import { MANUAL_METHODS } from '$lib/domain/paymentMethods';
import { isIsoDate } from '$lib/server/invoicing/ledger';
import * as z from 'zod';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const AMOUNT_ERRORS: Record<AmountError, (decimals: number) => string> = {
	amount_required: () => m.error_required(),
	amount: () => m.ledger_error_amount(),
	amount_decimals: (decimals) => m.ledger_error_amount_decimals({ decimals }),
	amount_positive: () => m.ledger_error_amount_positive()
};

/**
 * A typed amount → integer minor units, with the reason spelled out when it can't be one:
 * "12,345" gets "at most 2 decimals" rather than a generic error, and is never rounded.
 */
export function amountField(currency: string) {
	const decimals = currencyDecimals(currency);
	return z.string().transform((raw, ctx) => {
		const parsed = parsePositiveAmount(raw, currency);
		if (parsed.ok) return parsed.cents;
		ctx.addIssue({ code: 'custom', message: AMOUNT_ERRORS[parsed.error](decimals) });
		return z.NEVER;
	});
}

export const paymentSchema = (currency: string, today: string) =>
	z.object({
		date: z
			.string()
			.trim()
			.refine(isIsoDate, { error: () => m.ledger_error_date() })
			// ISO dates compare as strings; a payment can't have happened tomorrow.
			.refine((d) => d <= today, { error: () => m.ledger_error_date_future() }),
		amount: amountField(currency),
		method: z.enum(MANUAL_METHODS, { error: () => m.ledger_error_method() }),
		reference: z
			.string()
			.trim()
			.max(140, { error: () => m.ledger_error_reference() })
			.refine((s) => !CONTROL.test(s), { error: () => m.ledger_error_reference() })
			.default('')
	});
