import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { authenticate, createAccount, type Locale } from '$lib/server/auth/accounts';
import {
	createPasswordReset,
	findValidReset,
	requestPasswordReset,
	RESET_LIFETIME_MS,
	resetPassword
} from '$lib/server/auth/reset';
import { createSession, validateSessionToken } from '$lib/server/auth/session';
import { outbox, passwordResets } from '$lib/server/db/schema';
import type { Db } from '$lib/server/db';
import { dbAndMailbox } from '../helpers/mailbox';
import { hashToken, randomToken } from '$lib/server/secrets/tokens';

const box = dbAndMailbox(3);
const { keys } = box;
let db: Db;
beforeAll(() => {
	db = box.db;
});

/** Asks for a reset through a real SMTP server on loopback; resolves once delivery is done. */
async function request(email: string, baseUrl: string) {
	const work: Promise<unknown>[] = [];
	await requestPasswordReset(db, keys, { email, baseUrl }, (p) => work.push(p), {
		transport: box.transport()
	});
	await Promise.all(work);
}

/** The last message the SMTP server received for `to`, parsed. */
async function received(to: string) {
	return (await box.mails(to)).at(-1) ?? null;
}

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
		const tokens = new Set(Array.from({ length: 100 }, randomToken));
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
		expect(await findValidReset(db, randomToken())).toBeNull();
		expect(await findValidReset(db, '')).toBeNull();
		expect(await findValidReset(db, "' OR 1=1 --")).toBeNull();
		expect(await findValidReset(db, 'x'.repeat(10_000))).toBeNull();
	});

	it('work once: the password changes, every session ends, other links die', async () => {
		const { userId, email } = await account();
		const sessionTokens = [randomToken(), randomToken()];
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
		const mails = box.smtp.received.length;
		await request('nobody@example.test', baseUrl);
		expect(await db.select().from(outbox)).toHaveLength(before.length);
		expect(box.smtp.received).toHaveLength(mails);
	});

	it("mails a working link to the user's own address, in the company's language, in no outbox", async () => {
		const { userId, email } = await account('fr', 'Élodie <b>&</b> "Co"');
		await request(email, baseUrl);
		const mail = await received(email);
		expect(mail).not.toBeNull();
		expect(mail!.subject).toBe('Réinitialisez votre mot de passe Acquit');
		expect(mail!.from?.value[0]).toEqual({ address: 'no-reply@acquit.invalid', name: 'Acquit' });
		expect(mail!.headers.get('content-language')).toBe('fr');
		expect(mail!.text).toContain('Bonjour Élodie <b>&</b> "Co",');
		expect(mail!.text).toContain('expire dans une heure');

		const link = /https:\/\/app\.acquit\.test\/reset-password\/([a-z2-7]{32})/.exec(mail!.text!);
		expect(link).not.toBeNull();
		const html = String(mail!.html);
		expect(html).toContain(link![0]);
		// The name is user input: escaped in the HTML part, never markup.
		expect(html).toContain('Élodie &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot;');
		expect(html).not.toContain('<b>&</b>');
		expect(html).toContain('<html lang="fr">');

		// The record belongs to no company and does not hold the token.
		const [stored] = await db.select().from(outbox).where(eq(outbox.toAddress, email));
		expect(stored).toMatchObject({ companyId: null, kind: 'password_reset', status: 'sent' });
		expect(stored.text + stored.html).not.toContain(link![1]);
		expect(stored.text).toContain('/reset-password/{{secret:0}}');

		expect(await findValidReset(db, link![1])).toEqual({ userId });
		expect(await resetPassword(db, link![1], 'nouveau mot de passe')).toEqual({
			ok: true,
			userId
		});
	});

	it('writes Dutch and English mail for Dutch and English companies', async () => {
		const nl = await account('nl');
		const en = await account('en');
		for (const a of [nl, en]) await request(a.email, baseUrl);
		expect((await received(nl.email))!.subject).toBe('Stel uw Acquit-wachtwoord opnieuw in');
		expect((await received(en.email))!.subject).toBe('Reset your Acquit password');
	});
});
