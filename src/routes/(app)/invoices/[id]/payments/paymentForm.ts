import { currencyDecimals, parseAmount } from '$lib/domain/money';
import { m } from '$lib/paraglide/messages';
import { MANUAL_METHODS } from '$lib/domain/paymentMethods';
import { isIsoDate } from '$lib/server/invoicing/ledger';
import { z } from 'zod';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A typed amount → integer minor units, with the reason spelled out when it can't be one:
 * "12,345" gets "at most 2 decimals" rather than a generic error, and is never rounded.
 */
export function amountField(currency: string) {
	const decimals = currencyDecimals(currency);
	return z.string().transform((raw, ctx) => {
		const s = raw.trim();
		const fail = (message: string) => {
			ctx.addIssue({ code: 'custom', message });
			return z.NEVER;
		};
		if (s === '') return fail(m.error_required());
		if (/^[-\u2212]/.test(s)) return fail(m.ledger_error_amount_positive());
		const cents = parseAmount(s, decimals);
		if (cents === null) {
			// Parses with more decimals: the only problem is precision.
			return parseAmount(s, 12) !== null
				? fail(m.ledger_error_amount_decimals({ decimals }))
				: fail(m.ledger_error_amount());
		}
		if (cents <= 0) return fail(m.ledger_error_amount_positive());
		return cents;
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
