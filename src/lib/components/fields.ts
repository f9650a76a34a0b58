import { m } from '$lib/paraglide/messages';

/**
 * One field of a form for `Fields.svelte`: Field's props but its value and error, which come by
 * name. Other keys (maxlength, placeholder, …) go to the control as attributes.
 */
export interface FieldSpec {
	name: string;
	label: string;
	type?: string;
	hint?: string;
	options?: { value: string; label: string; lang?: string }[];
	rows?: number;
	autocomplete?: AutoFill;
	required?: boolean;
	[attribute: string]: unknown;
}

/** A new password typed twice: password reset and Settings → Security. */
export function newPasswordFields(): FieldSpec[] {
	return [
		{
			name: 'password',
			type: 'password',
			label: m.reset_field_password(),
			autocomplete: 'new-password',
			required: true
		},
		{
			name: 'passwordConfirm',
			type: 'password',
			label: m.reset_field_confirm(),
			autocomplete: 'new-password',
			required: true
		}
	];
}

/**
 * An email address and a password: login (`current-password`) and sign-up (`new-password`, so
 * the browser offers to make one up).
 */
export function credentialFields(password: 'current-password' | 'new-password'): FieldSpec[] {
	return [
		{ name: 'email', type: 'email', label: m.field_email(), autocomplete: 'email', required: true },
		{
			name: 'password',
			type: 'password',
			label: m.field_password(),
			autocomplete: password,
			required: true
		}
	];
}
