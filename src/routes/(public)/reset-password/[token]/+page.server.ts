import { m } from '$lib/paraglide/messages';
import { findValidReset, resetPassword } from '$lib/server/auth/reset';
import { createSession, setSessionCookie } from '$lib/server/auth/session';
import { newPassword } from '$lib/server/auth/validation';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { fail, redirect } from '@sveltejs/kit';
import * as z from 'zod/mini';
import type { Actions, PageServerLoad } from './$types';
import { randomToken } from '$lib/server/secrets/tokens';

const schema = () =>
	z.object({ password: newPassword(), passwordConfirm: z.string() }).check(
		z.refine((v) => v.password === v.passwordConfirm, {
			path: ['passwordConfirm'],
			error: () => m.reset_error_mismatch()
		})
	);

export const load = (async ({ params, setHeaders }) => {
	// The token is in the URL: keep it out of the Referer sent to other sites. (Not
	// `no-referrer`: that also blanks the Origin of this page's own POST, which SvelteKit's
	// CSRF check then rejects.)
	setHeaders({ 'referrer-policy': 'same-origin' });
	return { valid: (await findValidReset(getDb(), params.token)) !== null };
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, params, cookies, url }) => {
		const form = parseForm(schema(), await request.formData());
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors });
		const db = getDb();
		const result = await resetPassword(db, params.token, form.data.password);
		if (!result.ok) return fail(400, { values: {}, errors: { form: m.reset_invalid() } });
		// Every older session was revoked with the old password; this browser gets a fresh one.
		const token = randomToken();
		const session = await createSession(db, token, result.userId);
		setSessionCookie(cookies, token, session.expiresAt, url.protocol === 'https:');
		redirect(303, '/dashboard');
	}
} satisfies Actions;
