import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { authenticate, createAccount } from '$lib/server/auth/accounts';
import { changePassword } from '$lib/server/auth/changePassword';
import { createSession, validateSessionToken } from '$lib/server/auth/session';
import { sessions } from '$lib/server/db/schema';
import type { Db } from '$lib/server/db';
import { createTestDb } from '../helpers/db';
import { randomToken } from '$lib/server/secrets/tokens';

let db: Db;
beforeAll(async () => {
	db = (await createTestDb()).db as Db;
});

describe('change password', () => {
	it('needs the current password, keeps this session and ends the others', async () => {
		const account = await createAccount(db, {
			email: 'change@example.test',
			password: 'correct horse battery',
			name: 'C',
			companyName: 'C SRL',
			locale: 'en'
		});
		if (!account.ok) throw new Error('account');
		const here = randomToken();
		const there = randomToken();
		await createSession(db, here, account.userId);
		await createSession(db, there, account.userId);
		const current = await validateSessionToken(db, here);
		const input = { userId: account.userId, sessionId: current!.session.id, ip: '192.0.2.7' };
		expect(
			await changePassword(db, { ...input, current: 'wrong one', next: 'new passphrase!' })
		).toEqual({ ok: false, reason: 'wrong_password' });
		expect(
			await changePassword(db, {
				...input,
				current: 'correct horse battery',
				next: 'new passphrase!'
			})
		).toEqual({ ok: true });
		expect(await validateSessionToken(db, here)).not.toBeNull();
		expect(await validateSessionToken(db, there)).toBeNull();
		expect(
			await db.select().from(sessions).where(eq(sessions.userId, account.userId))
		).toHaveLength(1);
		expect(await authenticate(db, 'change@example.test', 'correct horse battery')).toBeNull();
		expect(await authenticate(db, 'change@example.test', 'new passphrase!')).not.toBeNull();
	}, 30_000);

	it('slows wrong current passwords like logins: per account and client, growing delays', async () => {
		const account = await createAccount(db, {
			email: 'change-limit@example.test',
			password: 'correct horse battery',
			name: 'L',
			companyName: 'L SRL',
			locale: 'en'
		});
		if (!account.ok) throw new Error('account');
		const token = randomToken();
		await createSession(db, token, account.userId);
		const session = (await validateSessionToken(db, token))!.session;
		const attempt = (current: string, ip: string, now: number) =>
			changePassword(
				db,
				{ userId: account.userId, sessionId: session.id, current, next: 'new passphrase!', ip },
				now
			);
		const t0 = Date.now();
		// Five wrong guesses from one client are checked and refused as wrong.
		for (let i = 0; i < 5; i++) {
			expect(await attempt('guess ' + i, '198.51.100.1', t0 + i)).toEqual({
				ok: false,
				reason: 'wrong_password'
			});
		}
		// Then that client waits 30 s, and during the wait not even the right password is checked.
		expect(await attempt('correct horse battery', '198.51.100.1', t0 + 1000)).toEqual({
			ok: false,
			reason: 'limited',
			retryAfterMs: 30_000 + 4 - 1000
		});
		expect(
			await authenticate(db, 'change-limit@example.test', 'correct horse battery')
		).not.toBeNull();
		// After the wait one more guess; a wrong one doubles the wait to a minute.
		expect(await attempt('guess 6', '198.51.100.1', t0 + 31_000)).toEqual({
			ok: false,
			reason: 'wrong_password'
		});
		const second = await attempt('guess 7', '198.51.100.1', t0 + 32_000);
		expect(second).toEqual({ ok: false, reason: 'limited', retryAfterMs: 60_000 - 1000 });
		// The owner, from another client, is not held up.
		expect(await attempt('correct horse battery', '203.0.113.9', t0 + 32_000)).toEqual({
			ok: true
		});
	}, 60_000);
});
