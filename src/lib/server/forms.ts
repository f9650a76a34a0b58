import * as z from 'zod/mini';

import { fail } from '@sveltejs/kit';
import { errorText, type ErrorKey } from '$lib/invoicing/errorText';
import { firstErrors } from '$lib/validation';

export type FieldErrors = Record<string, string>;

/**
 * The one shape of a failed form action: errors per field (`form` for the form as a whole) and,
 * where the form is shown again, what was typed.
 */
export interface FormFailure {
	errors: FieldErrors;
	values?: Record<string, string>;
}

/** A failure on named fields (`form` for the whole form), in words already chosen. */
export const formFailure = (status: number, errors: FieldErrors, values?: Record<string, string>) =>
	fail(status, { errors, values } satisfies FormFailure);

/** A failure of the whole form, in words already chosen. */
export const formMessage = (status: number, message: string, values?: Record<string, string>) =>
	formFailure(status, { form: message }, values);

/** A failure of the whole form from a service's error key (typed: no key without a text). */
export const formError = (status: number, key: ErrorKey, values?: Record<string, string>) =>
	formMessage(status, errorText(key), values);

const SECRET_FIELDS = new Set(['password', 'passwordConfirm', 'currentPassword']);

/**
 * Validates values with a zod schema: the data, or the first message per field (`form` for the
 * whole). Services that take plain values use it; forms go through `parseForm`.
 */
export function parseValues<S extends z.core.$ZodType>(schema: S, raw: unknown) {
	const result = z.safeParse(schema, raw);
	if (result.success) return { ok: true as const, data: result.data as z.output<S> };
	return { ok: false as const, errors: firstErrors(result.error.issues) as FieldErrors };
}

/** A submitted form's text values (the last of a repeated name), minus secrets: what was typed. */
export function formValues(form: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of form) {
		if (typeof value === 'string' && !SECRET_FIELDS.has(key)) values[key] = value;
	}
	return values;
}

/**
 * Validates a submitted form with a zod schema. On failure returns the first message per
 * field and the submitted text values (minus secrets) so the form can be shown again as typed.
 */
export function parseForm<S extends z.core.$ZodType>(schema: S, form: FormData) {
	const values = formValues(form);
	const raw = Object.fromEntries([...form].filter(([, v]) => typeof v === 'string'));
	const result = parseValues(schema, raw);
	return result.ok
		? { ok: true as const, data: result.data, values }
		: { ok: false as const, errors: result.errors, values };
}
