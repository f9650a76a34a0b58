import type * as z from 'zod';

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
