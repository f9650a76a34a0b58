import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { authenticate, createAccount } from '$lib/server/auth/accounts';
import { hashPassword, verifyPassword } from '$lib/server/auth/password';
import {
	createSession,
	generateSessionToken,
	hashToken,
	invalidateUserSessions,
	validateSessionToken
} from '$lib/server/auth/session';
import { sessions } from '$lib/server/db/schema';
import type { Db } from '$lib/server/db';
import { createTestDb } from '../helpers/db';

let db: Db;
beforeAll(async () => {
	db = (await createTestDb()).db as Db;
});

describe('password hashing', () => {
	it('verifies the right password and rejects a wrong one', async () => {
		const hash = await hashPassword('correct horse battery');
		expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
		expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
		expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
		expect(await verifyPassword('garbage', 'x')).toBe(false);
	});
});

describe('accounts and sessions', () => {
	it('creates a company with its owner and refuses a second account on the same email', async () => {
		const input = {
			email: 'a@example.test',
			password: 'correct horse battery',
			name: 'A',
			companyName: 'A SRL',
			locale: 'fr' as const
		};
		const first = await createAccount(db, input);
		expect(first.ok).toBe(true);
		expect(await createAccount(db, input)).toEqual({ ok: false, reason: 'email_taken' });
		expect((await authenticate(db, 'a@example.test', 'correct horse battery'))?.email).toBe(
			'a@example.test'
		);
		expect(await authenticate(db, 'a@example.test', 'nope')).toBeNull();
		expect(await authenticate(db, 'unknown@example.test', 'nope')).toBeNull();
	});

	it('stores only the token hash, slides expiry and revokes all sessions of a user', async () => {
		const account = await createAccount(db, {
			email: 'b@example.test',
			password: 'correct horse battery',
			name: 'B',
			companyName: 'B BV',
			locale: 'nl'
		});
		if (!account.ok) throw new Error('account');
		const token = generateSessionToken();
		await createSession(db, token, account.userId);
		const stored = await db.select().from(sessions).where(eq(sessions.userId, account.userId));
		expect(stored).toHaveLength(1);
		expect(stored[0].id).toBe(hashToken(token));
		expect(stored[0].id).not.toContain(token);

		// Ten days left: validation extends the session to 30 days again.
		const tenDays = new Date(Date.now() + 10 * 86_400_000);
		await db
			.update(sessions)
			.set({ expiresAt: tenDays })
			.where(eq(sessions.id, hashToken(token)));
		const valid = await validateSessionToken(db, token);
		expect(valid?.company.name).toBe('B BV');
		expect(valid!.session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

		// Expired sessions are refused and removed.
		await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1) });
		expect(await validateSessionToken(db, token)).toBeNull();
		expect(
			await db
				.select()
				.from(sessions)
				.where(eq(sessions.id, hashToken(token)))
		).toHaveLength(0);

		const t1 = generateSessionToken();
		const t2 = generateSessionToken();
		await createSession(db, t1, account.userId);
		await createSession(db, t2, account.userId);
		await invalidateUserSessions(db, account.userId);
		expect(await validateSessionToken(db, t1)).toBeNull();
		expect(await validateSessionToken(db, t2)).toBeNull();
	});
});
