/**
 * zod fields shared by several forms, for `parseForm` (`./forms`): the one way a submitted form
 * is read and checked. Messages are the user's words, chosen where the field fails.
 */
import * as z from 'zod';
import { currencyDecimals, parsePositiveAmount, type AmountError } from '$lib/domain/money';
import { m } from '$lib/paraglide/messages';
import { parseAddressList } from './mail/addresses';
import { cleanBody, cleanSubject, MAX_BODY, MAX_SUBJECT } from './mail/texts';

/** A text field; one a hand-made POST leaves out reads as empty, like an empty input. */
export const text = () => z.string().default('');

/** The owner's words for an amount that isn't one (payments, refunds). */
export const AMOUNT_TEXT: Record<AmountError, (decimals: number) => string> = {
	amount_required: () => m.error_required(),
	amount: () => m.ledger_error_amount(),
	amount_decimals: (decimals) => m.ledger_error_amount_decimals({ decimals }),
	amount_positive: () => m.ledger_error_amount_positive()
};

/**
 * A typed amount of money to move → integer minor units, through the one strict parser
 * (`parsePositiveAmount`), with the reason spelled out when it can't be one: "12,345" gets "at
 * most 2 decimals" rather than a generic error, and is never rounded. `message` words the
 * reason (default: the owner's words; a page that words it itself takes the key).
 */
export function amountField(
	currency: string,
	message: (error: AmountError, decimals: number) => string = (e, d) => AMOUNT_TEXT[e](d)
) {
	const decimals = currencyDecimals(currency);
	return text().transform((raw, ctx) => {
		const parsed = parsePositiveAmount(raw, currency);
		if (parsed.ok) return parsed.cents;
		ctx.addIssue({ code: 'custom', message: message(parsed.error, decimals) });
		return z.NEVER;
	});
}

/** Cc / Bcc: comma- or semicolon-separated addresses, each checked, at most 20. */
export const addressListField = () =>
	text().transform((raw, ctx) => {
		const list = parseAddressList(raw);
		if (list.ok) return list.addresses;
		ctx.addIssue({ code: 'custom', message: list.error });
		return z.NEVER;
	});

const tooLong = (max: number) => ({ error: () => m.mailx_err_too_long({ max }) });

/** An email's subject (one line), required. */
export const mailSubjectField = () =>
	text()
		.transform(cleanSubject)
		.pipe(
			z
				.string()
				.min(1, { error: () => m.mailx_err_subject() })
				.max(MAX_SUBJECT, tooLong(MAX_SUBJECT))
		);

/** An email's message, required. */
export const mailBodyField = () =>
	text()
		.transform(cleanBody)
		.pipe(
			z
				.string()
				.min(1, { error: () => m.mailx_err_body() })
				.max(MAX_BODY, tooLong(MAX_BODY))
		);
