import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { env } from '$env/dynamic/private';
import { createAccount } from '$lib/server/auth/accounts';
import { clientIp, hit, retryMinutes, signupIpLimit } from '$lib/server/auth/rateLimit';
import { createSession, generateSessionToken, setSessionCookie } from '$lib/server/auth/session';
import { email, newPassword, requiredText } from '$lib/server/auth/validation';
import { getDb } from '$lib/server/db';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';

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
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = parseForm(schema(), await request.formData());
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors });
		const db = getDb();
		const ip = clientIp(getClientAddress);
		if (ip) {
			const limited = await hit(db, `signup:ip:${ip}`, signupIpLimit(env.SIGNUP_LIMIT_PER_HOUR));
			if (!limited.allowed) {
				const minutes = retryMinutes(limited.retryAfterMs);
				return fail(429, {
					values: form.values,
					errors: { form: m.sec_signup_rate_limited({ minutes }) } as FieldErrors
				});
			}
		}
		const result = await createAccount(db, { ...form.data, locale: getLocale() });
		if (!result.ok) {
			return fail(400, {
				values: form.values,
				errors: { email: m.error_email_taken() } as FieldErrors
			});
		}
		const token = generateSessionToken();
		const session = await createSession(db, token, result.userId);
		setSessionCookie(cookies, token, session.expiresAt, url.protocol === 'https:');
		redirect(303, '/dashboard');
	}
} satisfies Actions;
