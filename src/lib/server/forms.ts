import type * as z from 'zod';

export type FieldErrors = Record<string, string>;

const SECRET_FIELDS = new Set(['password', 'passwordConfirm', 'currentPassword']);

/**
 * Validates a submitted form with a zod schema. On failure returns the first message per
 * field and the submitted text values (minus secrets) so the form can be shown again as typed.
 */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData) {
	const values: Record<string, string> = {};
	for (const [key, value] of form) {
		if (typeof value === 'string' && !SECRET_FIELDS.has(key)) values[key] = value;
	}
	const raw = Object.fromEntries([...form].filter(([, v]) => typeof v === 'string'));
	const result = schema.safeParse(raw);
	if (result.success) return { ok: true as const, data: result.data as z.output<S>, values };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const key = issue.path.join('.') || 'form';
		errors[key] ??= issue.message;
	}
	return { ok: false as const, errors, values };
}
