/**
 * What the create/edit form bodies (customers, journals) share: the same props, and fields that
 * point at a hint printed under them.
 */

/** Values as typed (strings), errors by field name, and the submit button's text. */
export interface FormShellProps {
	values: Record<string, string>;
	errors: Record<string, string>;
	submitLabel: string;
}

/**
 * Extra props for a Field described by the hint below it. Only while it has no error: then
 * Field points aria-describedby at the error message instead, which says what to fix.
 */
export function describedByHint(hintId: string, error: string | undefined) {
	return error ? {} : { 'aria-describedby': hintId };
}
