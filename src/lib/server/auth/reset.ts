import { and, eq, gt, isNull, ne } from 'drizzle-orm';
import type { Db } from '../db';
import { companies, passwordResets, sessions, users } from '../db/schema';
import { deliver, enqueueMail } from '../mail/delivery';
import { passwordResetMail } from '../mail/templates/passwordReset';
import type { MailTransport } from '../mail/message';
import { platformSender } from '../mail/transports';
import type { Keyring } from '../secrets/crypto';
import { hashPassword } from './password';
import { hashToken, plausibleToken, randomToken } from '../secrets/tokens';

export const RESET_LIFETIME_MS = 60 * 60 * 1000;

export async function createPasswordReset(db: Db, userId: string, now = Date.now()) {
	const token = randomToken();
	await db.insert(passwordResets).values({
		id: hashToken(token),
		userId,
		expiresAt: new Date(now + RESET_LIFETIME_MS)
	});
	return token;
}

/** The user a token would reset, or null when it is unknown, used or expired. */
export async function findValidReset(db: Db, token: string, now = Date.now()) {
	if (!plausibleToken(token)) return null;
	const [row] = await db
		.select({ userId: passwordResets.userId })
		.from(passwordResets)
		.where(
			and(
				eq(passwordResets.id, hashToken(token)),
				isNull(passwordResets.usedAt),
				gt(passwordResets.expiresAt, new Date(now))
			)
		);
	return row ?? null;
}

/**
 * Sets a new password with a reset token. Claiming the token is one conditional UPDATE, so of
 * two concurrent submissions exactly one wins. Then the password changes, every session of the
 * user is revoked and any other outstanding reset link stops working.
 */
export async function resetPassword(
	db: Db,
	token: string,
	newPassword: string,
	now = Date.now()
): Promise<{ ok: true; userId: string } | { ok: false }> {
	if (!(await findValidReset(db, token, now))) return { ok: false };
	// Hash before claiming: scrypt is the slow part, and a claimed token should be used at once.
	const passwordHash = await hashPassword(newPassword);
	const id = hashToken(token);
	const [claimed] = await db
		.update(passwordResets)
		.set({ usedAt: new Date(now) })
		.where(
			and(
				eq(passwordResets.id, id),
				isNull(passwordResets.usedAt),
				gt(passwordResets.expiresAt, new Date(now))
			)
		)
		.returning({ userId: passwordResets.userId });
	if (!claimed) return { ok: false };
	await db.batch([
		db.update(users).set({ passwordHash }).where(eq(users.id, claimed.userId)),
		db.delete(sessions).where(eq(sessions.userId, claimed.userId)),
		db
			.delete(passwordResets)
			.where(and(eq(passwordResets.userId, claimed.userId), ne(passwordResets.id, id)))
	]);
	return { ok: true, userId: claimed.userId };
}

/**
 * Sends a reset link if `email` belongs to an account; silently does nothing otherwise, so
 * the caller shows the same answer either way. The mail goes to the user's own address through
 * the platform transport, written in the company's language; it is nobody's outbox message
 * (companyId null) and its stored copy has the token hidden (sealed for retries).
 *
 * The token is created and the message queued before this returns; the sending itself is
 * handed to `background`, so the answer takes as long whether or not the address exists.
 */
export async function requestPasswordReset(
	db: Db,
	keys: Keyring | null,
	input: { email: string; baseUrl: string },
	background: (work: Promise<unknown>) => void,
	options: { now?: number; transport?: MailTransport } = {}
): Promise<void> {
	const now = options.now ?? Date.now();
	const [user] = await db
		.select({
			id: users.id,
			email: users.email,
			name: users.name,
			locale: companies.defaultLocale
		})
		.from(users)
		.innerJoin(companies, eq(users.companyId, companies.id))
		.where(eq(users.email, input.email));
	if (!user) return;
	const token = await createPasswordReset(db, user.id, now);
	const link = `${input.baseUrl.replace(/\/+$/, '')}/reset-password/${token}`;
	const mail = passwordResetMail({ name: user.name, link, locale: user.locale });
	const id = await enqueueMail(
		db,
		keys,
		{
			...mail,
			companyId: null,
			kind: 'password_reset',
			from: platformSender(),
			to: [user.email],
			locale: user.locale,
			secrets: [token]
		},
		now
	);
	background(deliver(db, keys, id, { secrets: [token], transport: options.transport }));
}
