import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../db';
import { passwordResets, sessions, users } from '../db/schema';
import { hashPassword, verifyPassword } from './password';

/**
 * Changes a signed-in user's password. The current one is required (a session left open on a
 * shared computer must not be enough); every other session of the user ends and outstanding
 * reset links stop working. The session that made the change stays signed in.
 */
export async function changePassword(
	db: Db,
	input: { userId: string; sessionId: string; current: string; next: string }
): Promise<{ ok: true } | { ok: false; reason: 'wrong_password' }> {
	const [user] = await db
		.select({ passwordHash: users.passwordHash })
		.from(users)
		.where(eq(users.id, input.userId));
	if (!user || !(await verifyPassword(user.passwordHash, input.current))) {
		return { ok: false, reason: 'wrong_password' };
	}
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
