import { m } from '$lib/paraglide/messages';
import { changePassword } from '$lib/server/auth/changePassword';
import { clientIp, retryMinutes } from '$lib/server/auth/rateLimit';
import { deleteSessionCookie, invalidateUserSessions } from '$lib/server/auth/session';
import { newPassword } from '$lib/server/auth/validation';
import { getDb } from '$lib/server/db';
import { sessions } from '$lib/server/db/schema';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { fail, redirect } from '@sveltejs/kit';
import { and, count, eq, gt } from 'drizzle-orm';
import * as z from 'zod/mini';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const [row] = await getDb()
		.select({ n: count() })
		.from(sessions)
		.where(and(eq(sessions.userId, locals.user!.id), gt(sessions.expiresAt, new Date())));
	return { activeSessions: row?.n ?? 0, changed: url.searchParams.get('changed') === '1' };
}) satisfies PageServerLoad;

const passwordSchema = () =>
	z
		.object({
			currentPassword: z
				.string()
				.check(
					z.minLength(1, { error: () => m.error_required() }),
					z.maxLength(200, { error: () => m.sec_current_password_wrong() })
				),
			password: newPassword(),
			passwordConfirm: z.string()
		})
		.check(
			z.refine((d) => d.password === d.passwordConfirm, {
				path: ['passwordConfirm'],
				error: () => m.reset_error_mismatch()
			})
		);

export const actions = {
	changePassword: async ({ locals, request, getClientAddress }) => {
		const form = parseForm(passwordSchema(), await request.formData());
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors });
		const result = await changePassword(getDb(), {
			userId: locals.user!.id,
			sessionId: locals.session!.id,
			current: form.data.currentPassword,
			next: form.data.password,
			ip: clientIp(getClientAddress)
		});
		if (!result.ok && result.reason === 'limited') {
			const seconds = Math.ceil(result.retryAfterMs / 1000);
			const message =
				seconds < 60
					? m.sec_login_wait_seconds({ seconds })
					: m.login_rate_limited({ minutes: retryMinutes(result.retryAfterMs) });
			return fail(429, {
				values: form.values,
				errors: { currentPassword: message } as FieldErrors
			});
		}
		if (!result.ok) {
			return fail(400, {
				values: form.values,
				errors: { currentPassword: m.sec_current_password_wrong() } as FieldErrors
			});
		}
		redirect(303, '/settings/security?changed=1');
	},
	// Revokes every session of the user, this one included (e.g. after losing a phone).
	logoutAll: async ({ locals, cookies }) => {
		await invalidateUserSessions(getDb(), locals.user!.id);
		deleteSessionCookie(cookies);
		redirect(303, '/login');
	}
} satisfies Actions;
