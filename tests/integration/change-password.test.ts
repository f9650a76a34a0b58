import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { authenticate, createAccount } from '$lib/server/auth/accounts';
import { changePassword } from '$lib/server/auth/changePassword';
import {
	createSession,
	generateSessionToken,
	validateSessionToken
} from '$lib/server/auth/session';
import { sessions } from '$lib/server/db/schema';
import type { Db } from '$lib/server/db';
import { createTestDb } from '../helpers/db';

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
		const here = generateSessionToken();
		const there = generateSessionToken();
		await createSession(db, here, account.userId);
		await createSession(db, there, account.userId);
		const current = await validateSessionToken(db, here);
		const input = { userId: account.userId, sessionId: current!.session.id };
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
});
