import { deleteSessionCookie, invalidateUserSessions } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db';
import { sessions } from '$lib/server/db/schema';
import { redirect } from '@sveltejs/kit';
import { and, count, eq, gt } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	const [row] = await getDb()
		.select({ n: count() })
		.from(sessions)
		.where(and(eq(sessions.userId, locals.user!.id), gt(sessions.expiresAt, new Date())));
	return { activeSessions: row?.n ?? 0 };
}) satisfies PageServerLoad;

export const actions = {
	// Revokes every session of the user, this one included (e.g. after losing a phone).
	logoutAll: async ({ locals, cookies }) => {
		await invalidateUserSessions(getDb(), locals.user!.id);
		deleteSessionCookie(cookies);
		redirect(303, '/login');
	}
} satisfies Actions;
