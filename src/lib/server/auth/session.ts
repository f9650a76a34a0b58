import type { Cookies } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { companies, sessions, users } from '../db/schema';
import { hashToken } from '../secrets/tokens';

// Sessions as taught by Lucia's authors: a random token in the cookie, only its SHA-256 in
// the database, 30 days of life extended whenever fewer than 15 remain (sliding expiry), but
// never beyond 90 days after sign-in (absolute lifetime): a stolen cookie in daily use dies too.
const DAY = 24 * 60 * 60 * 1000;
const LIFETIME = 30 * DAY;
const RENEW_BELOW = 15 * DAY;
export const ABSOLUTE_LIFETIME = 90 * DAY;
export const SESSION_COOKIE = 'acquit_session';

export async function createSession(db: Db, token: string, userId: string) {
	const now = Date.now();
	const session = {
		id: hashToken(token),
		userId,
		expiresAt: new Date(now + LIFETIME),
		createdAt: new Date(now)
	};
	await db.insert(sessions).values(session);
	return session;
}

export async function validateSessionToken(db: Db, token: string) {
	const id = hashToken(token);
	const [row] = await db
		.select({
			session: sessions,
			user: {
				id: users.id,
				email: users.email,
				name: users.name,
				role: users.role,
				emailConfirmedAt: users.emailConfirmedAt
			},
			company: { id: companies.id, name: companies.name, defaultLocale: companies.defaultLocale },
			// The company's change counter (changes.ts), read here so a page or a poll of
			// /api/changes needs no round trip of its own for it.
			changeCount: companies.changeCount,
			awaitingUntil: companies.awaitingUntil
		})
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.innerJoin(companies, eq(users.companyId, companies.id))
		.where(eq(sessions.id, id));
	if (!row) return null;
	const { session } = row;
	const now = Date.now();
	const end = session.createdAt.getTime() + ABSOLUTE_LIFETIME;
	if (now >= session.expiresAt.getTime() || now >= end) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return null;
	}
	const renewed = Math.min(now + LIFETIME, end);
	if (session.expiresAt.getTime() - now < RENEW_BELOW && renewed > session.expiresAt.getTime()) {
		session.expiresAt = new Date(renewed);
		await db
			.update(sessions)
			.set({ expiresAt: session.expiresAt })
			.where(eq(sessions.id, session.id));
	}
	return row;
}

export type SessionValidation = NonNullable<Awaited<ReturnType<typeof validateSessionToken>>>;

export async function invalidateSession(db: Db, sessionId: string) {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(db: Db, userId: string) {
	await db.delete(sessions).where(eq(sessions.userId, userId));
}

export function setSessionCookie(
	cookies: Cookies,
	token: string,
	expiresAt: Date,
	secure: boolean
) {
	cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure,
		expires: expiresAt,
		path: '/'
	});
}

export function deleteSessionCookie(cookies: Cookies) {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}
