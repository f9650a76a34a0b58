import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { authenticate, createAccount } from '$lib/server/auth/accounts';
import { hashPassword, needsRehash, verifyPassword } from '$lib/server/auth/password';
import { scryptSync } from 'node:crypto';
import {
	createSession,
	invalidateUserSessions,
	validateSessionToken
} from '$lib/server/auth/session';
import { sessions, users } from '$lib/server/db/schema';
import type { Db } from '$lib/server/db';
import { createTestDb } from '../helpers/db';
import { hashToken, randomToken } from '$lib/server/secrets/tokens';

let db: Db;
beforeAll(async () => {
	db = (await createTestDb()).db as Db;
});

describe('password hashing', () => {
	it('verifies the right password and rejects a wrong one', async () => {
		const hash = await hashPassword('correct horse battery');
		expect(hash).toMatch(/^scrypt\$16384\$8\$5\$/);
		expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
		expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
		expect(await verifyPassword('garbage', 'x')).toBe(false);
	});
});

describe('password cost', () => {
	it('redoes a hash made at the old cost on the next successful login, not on a failed one', async () => {
		const account = await createAccount(db, {
			email: 'old-hash@example.test',
			password: 'correct horse battery',
			name: 'O',
			companyName: 'O SRL',
			locale: 'en'
		});
		if (!account.ok) throw new Error('account');
		// What main stored until now: p=1.
		const salt = Buffer.from('0123456789abcdef');
		const key = scryptSync('correct horse battery', salt, 32, { N: 16384, r: 8, p: 1 });
		const old = `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
		await db.update(users).set({ passwordHash: old }).where(eq(users.id, account.userId));
		expect(needsRehash(old)).toBe(true);

		expect(await authenticate(db, 'old-hash@example.test', 'wrong password!')).toBeNull();
		const stored = async () =>
			(await db.select().from(users).where(eq(users.id, account.userId)))[0]!.passwordHash;
		expect(await stored()).toBe(old);

		expect(await authenticate(db, 'old-hash@example.test', 'correct horse battery')).not.toBeNull();
		const now = await stored();
		expect(now).toMatch(/^scrypt\$16384\$8\$5\$/);
		expect(needsRehash(now)).toBe(false);
		expect(await authenticate(db, 'old-hash@example.test', 'correct horse battery')).not.toBeNull();
	});
});

describe('sessions end 90 days after sign-in however often they are used', () => {
	it('refuses a session older than 90 days and never slides past that', async () => {
		const account = await createAccount(db, {
			email: 'absolute@example.test',
			password: 'correct horse battery',
			name: 'A',
			companyName: 'A SRL',
			locale: 'fr'
		});
		if (!account.ok) throw new Error('account');
		const token = randomToken();
		await createSession(db, token, account.userId);
		const day = 86_400_000;
		// Signed in 80 days ago, used daily: the renewal stops at day 90, not day 110.
		await db
			.update(sessions)
			.set({ createdAt: new Date(Date.now() - 80 * day), expiresAt: new Date(Date.now() + day) })
			.where(eq(sessions.id, hashToken(token)));
		const valid = await validateSessionToken(db, token);
		expect(valid).not.toBeNull();
		const left = valid!.session.expiresAt.getTime() - Date.now();
		expect(left).toBeGreaterThan(9 * day);
		expect(left).toBeLessThanOrEqual(10 * day);

		await db
			.update(sessions)
			.set({ createdAt: new Date(Date.now() - 91 * day), expiresAt: new Date(Date.now() + day) })
			.where(eq(sessions.id, hashToken(token)));
		expect(await validateSessionToken(db, token)).toBeNull();
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
		const token = randomToken();
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

		const t1 = randomToken();
		const t2 = randomToken();
		await createSession(db, t1, account.userId);
		await createSession(db, t2, account.userId);
		await invalidateUserSessions(db, account.userId);
		expect(await validateSessionToken(db, t1)).toBeNull();
		expect(await validateSessionToken(db, t2)).toBeNull();
	});
});
