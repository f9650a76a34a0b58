import { m } from '$lib/paraglide/messages';
import { authenticate } from '$lib/server/auth/accounts';
import { clientIp, limitedLogin, retryMinutes } from '$lib/server/auth/rateLimit';
import { createSession, setSessionCookie } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db';
import { safeRedirectPath } from '$lib/server/redirect';
import { parseForm } from '$lib/server/forms';
import { text } from '$lib/server/formFields';
import { fail, redirect } from '@sveltejs/kit';
import * as z from 'zod/mini';
import type { Actions, PageServerLoad } from './$types';
import { randomToken } from '$lib/server/secrets/tokens';

export const load = (({ locals }) => {
	if (locals.user) redirect(303, '/dashboard');
}) satisfies PageServerLoad;

/** Sign-in: an address (as sign-up stored it: trimmed, lower case) and a password. */
const credentials = () =>
	z.object({
		email: z.pipe(
			z.pipe(
				text(),
				z.transform((s: string) => s.trim().toLowerCase().slice(0, 254))
			),
			z.string().check(z.minLength(1))
		),
		// Never hash more than sign-up accepts: a 5 MB "password" is refused unread.
		password: z.pipe(text(), z.string().check(z.minLength(1), z.maxLength(200)))
	});

export const actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const typed = parseForm(credentials(), await request.formData());
		// Whatever is wrong, the same words: nothing tells which part was.
		if (!typed.ok) {
			const email = typed.values.email ?? '';
			return fail(400, { values: { email }, errors: { form: m.error_bad_credentials() } });
		}
		const { email, password } = typed.data;
		const db = getDb();
		// Growing delays per account and client, a limit per IP; when refused the password is not
		// even checked.
		const outcome = await limitedLogin(db, { email, ip: clientIp(getClientAddress) }, () =>
			authenticate(db, email, password)
		);
		if (outcome.status === 'limited') {
			const seconds = Math.ceil(outcome.retryAfterMs / 1000);
			const form =
				seconds < 60
					? m.sec_login_wait_seconds({ seconds })
					: m.login_rate_limited({ minutes: retryMinutes(outcome.retryAfterMs) });
			return fail(429, { values: { email }, errors: { form } });
		}
		if (outcome.status === 'failed') {
			return fail(400, { values: { email }, errors: { form: m.error_bad_credentials() } });
		}
		const token = randomToken();
		const session = await createSession(db, token, outcome.user.id);
		setSessionCookie(cookies, token, session.expiresAt, url.protocol === 'https:');
		redirect(303, safeRedirectPath(url.searchParams.get('next'), url.origin, '/dashboard'));
	}
} satisfies Actions;
