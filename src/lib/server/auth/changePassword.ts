import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../db';
import { passwordResets, sessions, users } from '../db/schema';
import { hashPassword, verifyPassword } from './password';
import { limitedPasswordCheck, passwordChangeKeys } from './rateLimit';

/**
 * Changes a signed-in user's password. The current one is required (a session left open on a
 * shared computer must not be enough); every other session of the user ends and outstanding
 * reset links stop working. The session that made the change stays signed in.
 */
export async function changePassword(
	db: Db,
	input: {
		userId: string;
		sessionId: string;
		current: string;
		next: string;
		/** The client's address (clientIp), for the growing delays after wrong passwords. */
		ip: string | null;
	},
	now = Date.now()
): Promise<
	| { ok: true }
	| { ok: false; reason: 'wrong_password' }
	| { ok: false; reason: 'limited'; retryAfterMs: number }
> {
	// Wrong current passwords are limited like logins: per account and client, growing delays;
	// when refused, the password is not even checked.
	const check = await limitedPasswordCheck(
		db,
		passwordChangeKeys(input.userId, input.ip),
		async () => {
			const [user] = await db
				.select({ passwordHash: users.passwordHash })
				.from(users)
				.where(eq(users.id, input.userId));
			return user && (await verifyPassword(user.passwordHash, input.current)) ? user : null;
		},
		now
	);
	if (check.status === 'limited') {
		return { ok: false, reason: 'limited', retryAfterMs: check.retryAfterMs };
	}
	if (check.status === 'failed') return { ok: false, reason: 'wrong_password' };
	const passwordHash = await hashPassword(input.next);
	await db.batch([
		db.update(users).set({ passwordHash }).where(eq(users.id, input.userId)),
		db
			.delete(sessions)
			.where(and(eq(sessions.userId, input.userId), ne(sessions.id, input.sessionId))),
		db.delete(passwordResets).where(eq(passwordResets.userId, input.userId))
	]);
	return { ok: true };
}
