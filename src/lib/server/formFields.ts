/**
 * zod fields shared by several forms, for `parseForm` (`./forms`): the one way a submitted form
 * is read and checked. Messages are the user's words, chosen where the field fails.
 */
import * as z from 'zod/mini';
import { currencyDecimals, parsePositiveAmount, type AmountError } from '$lib/domain/money';
import { m } from '$lib/paraglide/messages';
import { locales } from '$lib/paraglide/runtime';
import { reading } from '$lib/validation';
import { parseAddressList } from './mail/addresses';
import { cleanBody, cleanSubject, MAX_BODY, MAX_SUBJECT } from './mail/texts';

/** A text field; one a hand-made POST leaves out reads as empty, like an empty input. */
export const text = () => z._default(z.string(), '');

/**
 * A text turned into a value by `read`, which refuses with the user's words: the one way a
 * field's own rule (an amount, an address list) reports through zod.
 */
export const readField = <T>(read: (raw: string, refuse: (message: string) => never) => T) =>
	z.pipe(text(), reading(read));

/**
 * An id posted back by a page (a message, a payment, a terminal): a short plain token. Anything
 * else is no id of ours; the action answers as for an unknown one.
 */
export const idField = (error?: () => string) =>
	z.string().check(z.maxLength(64, { error }), z.regex(/^[A-Za-z0-9_-]*$/, { error }));

/**
 * An on/off switch (a checkbox, a toggle's hidden field): `1` or `on` is on; `0`, empty or left
 * out is off. Anything else is refused rather than read as off.
 */
export const flagField = (error: () => string = () => m.val_flag()) =>
	z.pipe(
		z.pipe(text(), z.enum(['1', 'on', '0', ''], { error })),
		z.transform((v) => v === '1' || v === 'on')
	);

/** One of the app's languages (fr, nl, en); anything else is refused. */
export const localeField = (error: () => string = () => m.val_locale()) =>
	z.pipe(text(), z.enum(locales, { error }));

/**
 * One pick per journal, named `<prefix>_<journal id>` (a Mollie profile, a terminal): an id or
 * empty for none; one a form leaves out reads as none.
 */
export const journalPicks = (prefix: string, journals: { id: string }[], error: () => string) =>
	z.object(
		Object.fromEntries(journals.map((j) => [`${prefix}_${j.id}`, z._default(idField(error), '')]))
	);

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
	return readField((raw, refuse) => {
		const parsed = parsePositiveAmount(raw, currency);
		return parsed.ok ? parsed.cents : refuse(message(parsed.error, decimals));
	});
}

/** Cc / Bcc: comma- or semicolon-separated addresses, each checked, at most 20. */
export const addressListField = () =>
	readField((raw, refuse) => {
		const list = parseAddressList(raw);
		return list.ok ? list.addresses : refuse(list.error);
	});

/** A required mail text (subject or message): cleaned as `clean` says, then 1 to `max` characters. */
const mailTextField = (clean: (raw: string) => string, max: number, empty: () => string) =>
	z.pipe(
		z.pipe(text(), z.transform(clean)),
		z
			.string()
			.check(
				z.minLength(1, { error: () => empty() }),
				z.maxLength(max, { error: () => m.mailx_err_too_long({ max }) })
			)
	);

/** An email's subject (one line), required. */
export const mailSubjectField = () => mailTextField(cleanSubject, MAX_SUBJECT, m.mailx_err_subject);

/** An email's message, required. */
export const mailBodyField = () => mailTextField(cleanBody, MAX_BODY, m.mailx_err_body);
