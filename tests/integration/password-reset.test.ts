import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, createAccount, type Locale } from '$lib/server/auth/accounts';
import {
	createPasswordReset,
	findValidReset,
	generateResetToken,
	requestPasswordReset,
	RESET_LIFETIME_MS,
	resetPassword
} from '$lib/server/auth/reset';
import {
	createSession,
	generateSessionToken,
	hashToken,
	validateSessionToken
} from '$lib/server/auth/session';
import { outbox, passwordResets } from '$lib/server/db/schema';
import type { Db } from '$lib/server/db';
import { OutboxTransport } from '$lib/server/mail/outbox';
import { createTestDb } from '../helpers/db';

let db: Db;
let close: () => void;
beforeAll(async () => {
	const created = await createTestDb();
	db = created.db as Db;
	close = () => created.client.close();
});
afterAll(() => close());

const PASSWORD = 'correct horse battery';
let n = 0;
async function account(locale: Locale = 'en', name = 'Marie Dupont') {
	n++;
	const email = `reset-${n}@example.test`;
	const result = await createAccount(db, {
		email,
		password: PASSWORD,
		name,
		companyName: `Company ${n}`,
		locale
	});
	if (!result.ok) throw new Error('account');
	return { ...result, email };
}

describe('reset tokens', () => {
	it('are random, at least 128 bits, and only their SHA-256 is stored', async () => {
		const tokens = new Set(Array.from({ length: 100 }, generateResetToken));
		expect(tokens.size).toBe(100);
		for (const t of tokens) expect(t).toMatch(/^[a-z2-7]{32}$/); // 32 base32 chars = 160 bits

		const { userId } = await account();
		const token = await createPasswordReset(db, userId);
		const rows = await db.select().from(passwordResets).where(eq(passwordResets.userId, userId));
		expect(rows).toHaveLength(1);
		expect(rows[0].id).toBe(hashToken(token));
		expect(rows[0].id).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(rows)).not.toContain(token);
	});

	it('expire after one hour', async () => {
		const { userId, email } = await account();
		const t0 = Date.now();
		const token = await createPasswordReset(db, userId, t0);
		expect(await findValidReset(db, token, t0 + RESET_LIFETIME_MS - 1)).toEqual({ userId });
		expect(await findValidReset(db, token, t0 + RESET_LIFETIME_MS)).toBeNull();
		expect(await resetPassword(db, token, 'a brand new password', t0 + RESET_LIFETIME_MS)).toEqual({
			ok: false
		});
		expect(await authenticate(db, email, PASSWORD)).not.toBeNull();
	});

	it('refuse unknown, malformed and oversized tokens', async () => {
		expect(await findValidReset(db, generateResetToken())).toBeNull();
		expect(await findValidReset(db, '')).toBeNull();
		expect(await findValidReset(db, "' OR 1=1 --")).toBeNull();
		expect(await findValidReset(db, 'x'.repeat(10_000))).toBeNull();
	});

	it('work once: the password changes, every session ends, other links die', async () => {
		const { userId, email } = await account();
		const sessionTokens = [generateSessionToken(), generateSessionToken()];
		for (const t of sessionTokens) await createSession(db, t, userId);
		const older = await createPasswordReset(db, userId);
		const token = await createPasswordReset(db, userId);

		expect(await resetPassword(db, token, 'a brand new password')).toEqual({ ok: true, userId });
		for (const t of sessionTokens) expect(await validateSessionToken(db, t)).toBeNull();
		expect(await authenticate(db, email, PASSWORD)).toBeNull();
		expect((await authenticate(db, email, 'a brand new password'))?.id).toBe(userId);

		// Single use, and the link requested earlier stopped working too.
		expect(await findValidReset(db, token)).toBeNull();
		expect(await resetPassword(db, token, 'yet another password')).toEqual({ ok: false });
		expect(await resetPassword(db, older, 'yet another password')).toEqual({ ok: false });
		expect((await authenticate(db, email, 'a brand new password'))?.id).toBe(userId);
	});

	it('are claimed by exactly one of several concurrent submissions', async () => {
		const { userId, email } = await account();
		const token = await createPasswordReset(db, userId);
		const results = await Promise.all(
			['first password 1', 'second password 2', 'third password 3'].map((p) =>
				resetPassword(db, token, p)
			)
		);
		const winners = results.filter((r) => r.ok);
		expect(winners).toHaveLength(1);
		const index = results.findIndex((r) => r.ok);
		const chosen = ['first password 1', 'second password 2', 'third password 3'][index];
		expect((await authenticate(db, email, chosen))?.id).toBe(userId);
	}, 30_000);
});

describe('requesting a reset', () => {
	const baseUrl = 'https://app.acquit.test/';

	it('does nothing visible for an unknown address', async () => {
		const before = await db.select().from(outbox);
		await requestPasswordReset(db, new OutboxTransport(db), {
			email: 'nobody@example.test',
			baseUrl
		});
		expect(await db.select().from(outbox)).toHaveLength(before.length);
	});

	it("files a working link in the company's outbox, in the company's language", async () => {
		const { userId, companyId, email } = await account('fr', 'Élodie <b>&</b> "Co"');
		await requestPasswordReset(db, new OutboxTransport(db), { email, baseUrl });
		const [mail] = await db.select().from(outbox).where(eq(outbox.toAddress, email));
		expect(mail).toMatchObject({ companyId, kind: 'password_reset', toAddress: email });
		expect(mail.subject).toBe('Réinitialisez votre mot de passe Acquit');
		expect(mail.text).toContain('Bonjour Élodie <b>&</b> "Co",');
		expect(mail.text).toContain('expire dans une heure');

		const link = /https:\/\/app\.acquit\.test\/reset-password\/([a-z2-7]{32})/.exec(mail.text);
		expect(link).not.toBeNull();
		expect(mail.html).toContain(link![0]);
		// The name is user input: escaped in the HTML part, never markup.
		expect(mail.html).toContain('Élodie &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot;');
		expect(mail.html).not.toContain('<b>&</b>');
		expect(mail.html).toContain('<html lang="fr">');

		expect(await findValidReset(db, link![1])).toEqual({ userId });
		expect(await resetPassword(db, link![1], 'nouveau mot de passe')).toEqual({
			ok: true,
			userId
		});
	});

	it('writes Dutch and English mail for Dutch and English companies', async () => {
		const nl = await account('nl');
		const en = await account('en');
		for (const a of [nl, en]) {
			await requestPasswordReset(db, new OutboxTransport(db), { email: a.email, baseUrl });
		}
		const subject = async (to: string) =>
			(await db.select().from(outbox).where(eq(outbox.toAddress, to)))[0].subject;
		expect(await subject(nl.email)).toBe('Stel je Acquit-wachtwoord opnieuw in');
		expect(await subject(en.email)).toBe('Reset your Acquit password');
	});
});
