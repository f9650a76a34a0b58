import { m } from '$lib/paraglide/messages';
import { authenticate } from '$lib/server/auth/accounts';
import { createSession, generateSessionToken, setSessionCookie } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load = (({ locals }) => {
	if (locals.user) redirect(303, '/dashboard');
}) satisfies PageServerLoad;

/** Only same-site paths may be followed after login (no open redirect). */
function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') ? next : '/dashboard';
}

export const actions = {
	default: async ({ request, cookies, url }) => {
		const data = await request.formData();
		const email = String(data.get('email') ?? '')
			.trim()
			.toLowerCase();
		const password = String(data.get('password') ?? '');
		const db = getDb();
		const user = email && password ? await authenticate(db, email, password) : null;
		if (!user) {
			return fail(400, { values: { email }, errors: { form: m.error_bad_credentials() } });
		}
		const token = generateSessionToken();
		const session = await createSession(db, token, user.id);
		setSessionCookie(cookies, token, session.expiresAt, url.protocol === 'https:');
		redirect(303, safeNext(url.searchParams.get('next')));
	}
} satisfies Actions;
