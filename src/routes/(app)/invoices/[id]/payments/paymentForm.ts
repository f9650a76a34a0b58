import { m } from '$lib/paraglide/messages';
import { MANUAL_METHODS } from '$lib/domain/paymentMethods';
import { isIsoDate } from '$lib/server/invoicing/ledger';
import { amountField } from '$lib/server/formFields';
import * as z from 'zod/mini';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export const paymentSchema = (currency: string, today: string) =>
	z.object({
		date: z.string().check(
			z.trim(),
			z.refine(isIsoDate, { error: () => m.ledger_error_date() }),
			// ISO dates compare as strings; a payment can't have happened tomorrow.
			z.refine((d) => d <= today, { error: () => m.ledger_error_date_future() })
		),
		amount: amountField(currency),
		method: z.enum(MANUAL_METHODS, { error: () => m.ledger_error_method() }),
		reference: z._default(
			z.string().check(
				z.trim(),
				z.maxLength(140, { error: () => m.ledger_error_reference() }),
				z.refine((s) => !CONTROL.test(s), { error: () => m.ledger_error_reference() })
			),
			''
		)
	});
