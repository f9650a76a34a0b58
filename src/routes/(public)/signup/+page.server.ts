import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { clientIp, hit, retryMinutes, signupIpLimit } from '$lib/server/auth/rateLimit';
import { createSession, setSessionCookie } from '$lib/server/auth/session';
import { signUp } from '$lib/server/auth/signup';
import { email, newPassword, requiredText } from '$lib/server/auth/validation';
import { signupLimitSetting } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { inBackground } from '$lib/server/mail/background';
import { publicBaseUrl } from '$lib/server/mail/baseUrl';
import { tokenKeyringOrNull } from '$lib/server/secrets/keyring';
import { fail, redirect } from '@sveltejs/kit';
import * as z from 'zod/mini';
import type { Actions, PageServerLoad } from './$types';
import { randomToken } from '$lib/server/secrets/tokens';

export const load = (({ locals }) => {
	if (locals.user) redirect(303, '/dashboard');
}) satisfies PageServerLoad;

const schema = () =>
	z.object({
		name: requiredText(100),
		companyName: requiredText(120),
		email: email(),
		password: newPassword()
	});

export const actions = {
	default: async ({ request, cookies, url, getClientAddress, platform }) => {
		const form = parseForm(schema(), await request.formData());
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors });
		const db = getDb();
		const ip = clientIp(getClientAddress);
		if (ip) {
			const limited = await hit(db, `signup:ip:${ip}`, signupIpLimit(signupLimitSetting()));
			if (!limited.allowed) {
				const minutes = retryMinutes(limited.retryAfterMs);
				return fail(429, {
					values: form.values,
					errors: { form: m.sec_signup_rate_limited({ minutes }) } as FieldErrors
				});
			}
		}
		// The same answer whether the address is new or taken (see signUp); only a new account
		// comes with a session, since it is usable at once.
		const created = await signUp(
			db,
			tokenKeyringOrNull(),
			{ ...form.data, locale: getLocale(), baseUrl: publicBaseUrl(url) },
			inBackground(platform)
		);
		if (created) {
			const token = randomToken();
			const session = await createSession(db, token, created.userId);
			setSessionCookie(cookies, token, session.expiresAt, url.protocol === 'https:');
		}
		redirect(303, '/signup/check-inbox');
	}
} satisfies Actions;
