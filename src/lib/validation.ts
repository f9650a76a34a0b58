import * as z from 'zod/mini';

/**
 * The first message per field of a failed zod parse (`form` for the whole), keyed by its path
 * joined with dots (`lines.0.price`). The one reading of zod's issues, for the server's forms
 * (`$lib/server/forms`) and for what the browser checks too (an invoice line's live totals).
 */
export function firstErrors(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of issues) errors[issue.path.join('.') || 'form'] ??= issue.message;
	return errors;
}

/**
 * A zod step that reads a value into another, or refuses it with a message (a key or the user's
 * words): how a field's own rule (an amount, a VAT number, a quantity) reports through zod.
 */
export const reading = <I, T>(read: (value: I, refuse: (message: string) => never) => T) =>
	z.transform((value: I, ctx) =>
		read(value, (message) => {
			ctx.issues.push({ code: 'custom', message, input: value });
			return z.NEVER as never;
		})
	);
