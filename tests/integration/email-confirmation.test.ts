import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	CONFIRM_LIFETIME_MS,
	confirmationLinkState,
	confirmEmail,
	createEmailConfirmation,
	isEmailConfirmed,
	resendEmailConfirmation
} from '$lib/server/auth/emailConfirmation';
import { hashPassword } from '$lib/server/auth/password';
import { signUp } from '$lib/server/auth/signup';
import { companies, emailConfirmations, users } from '$lib/server/db/schema';
import type { Db } from '$lib/server/db';
import { dbAndMailbox } from '../helpers/mailbox';
import { hashToken } from '$lib/server/secrets/tokens';

const box = dbAndMailbox(5);
const { keys, transport, mails } = box;
let db: Db;
beforeAll(() => {
	db = box.db;
});
const BASE = 'https://acquit.example';

/** Runs work the way a request does (the mail after the answer) and waits for all of it. */
async function withBackground<T>(run: (bg: (p: Promise<unknown>) => void) => Promise<T>) {
	const work: Promise<unknown>[] = [];
	const result = await run((p) => work.push(p));
	// Background work may itself hand on more work (preparing a mail, then delivering it).
	for (let i = 0; i < work.length; i++) await work[i];
	return result;
}
const tokenIn = (text: string | undefined) =>
	/\/confirm-email\/([a-z2-7]+)/.exec(text ?? '')?.[1] ?? null;

let n = 0;
function form(email?: string) {
	n++;
	return {
		email: email ?? `confirm-${n}@example.test`,
		password: 'correct horse battery',
		name: 'Marie Dupont',
		companyName: `Company ${n}`,
		locale: 'en' as const,
		baseUrl: BASE
	};
}
const register = (input: ReturnType<typeof form>) =>
	withBackground((bg) => signUp(db, keys, input, bg, { transport: transport() }));

describe('sign-up', () => {
	it('signs a new address up at once, unconfirmed, and mails it a single confirmation link', async () => {
		const input = form();
		const created = await register(input);
		expect(created).not.toBeNull();
		expect(await isEmailConfirmed(db, created!.userId)).toBe(false);
		const [mail, ...more] = await mails(input.email);
		expect(more).toEqual([]);
		expect(mail.subject).toBe('Confirm your email address for Acquit');
		expect(mail.from?.value[0]?.name).toBe('Acquit');
		const token = tokenIn(mail.text);
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		expect(mail.text).toContain(`${BASE}/confirm-email/${token}`);
		// Only the token's hash is stored, with the address it was sent to.
		const rows = await db
			.select()
			.from(emailConfirmations)
			.where(eq(emailConfirmations.userId, created!.userId));
		expect(rows).toHaveLength(1);
		expect(rows[0].id).toBe(hashToken(token!));
		expect(rows[0].email).toBe(input.email);
		expect(rows[0].expiresAt.getTime() - rows[0].createdAt.getTime()).toBeCloseTo(
			CONFIRM_LIFETIME_MS,
			-4
		);
	}, 30_000);

	it('answers a taken address the same way: nothing created, its owner told by mail', async () => {
		const first = form();
		const owner = await register(first);
		const usersBefore = (await db.select().from(users)).length;
		const companiesBefore = (await db.select().from(companies)).length;

		// The same scrypt work as a real sign-up: never faster than a third of one hash.
		const hashTimes: number[] = [];
		for (let i = 0; i < 3; i++) {
			const t = performance.now();
			await hashPassword('timing reference');
			hashTimes.push(performance.now() - t);
		}
		const t = performance.now();
		const again = await register({ ...form(first.email), password: 'another passphrase' });
		const elapsed = performance.now() - t;
		expect(again).toBeNull();
		expect(elapsed).toBeGreaterThan(Math.min(...hashTimes) / 3);

		expect(await db.select().from(users)).toHaveLength(usersBefore);
		expect(await db.select().from(companies)).toHaveLength(companiesBefore);
		const [user] = await db.select().from(users).where(eq(users.email, first.email));
		expect(user.id).toBe(owner!.userId);
		expect(user.name).toBe('Marie Dupont');

		const received = await mails(first.email);
		expect(received.map((m) => m.subject)).toEqual([
			'Confirm your email address for Acquit',
			'Someone tried to sign up to Acquit with your address'
		]);
		const notice = received[1];
		expect(notice.text).toContain(`${BASE}/login`);
		expect(notice.text).toContain(`${BASE}/forgot-password`);
		// No confirmation link for whoever tried: the owner's account is untouched.
		expect(tokenIn(notice.text)).toBeNull();

		// More attempts within the hour send nothing more (no flooding someone's inbox).
		expect(await register({ ...form(first.email) })).toBeNull();
		expect(await mails(first.email)).toHaveLength(2);
	}, 60_000);
});

describe('confirmation links', () => {
	async function fresh() {
		const input = form();
		const created = await register(input);
		const [mail] = await mails(input.email);
		return { userId: created!.userId, email: input.email, token: tokenIn(mail.text)! };
	}

	it('confirm once; a second click is harmless; the other links are used up', async () => {
		const { userId, email, token } = await fresh();
		const other = await createEmailConfirmation(db, { id: userId, email });
		expect(await confirmationLinkState(db, token)).toBe('valid');
		expect(await isEmailConfirmed(db, userId)).toBe(false);

		expect(await confirmEmail(db, token)).toBe('confirmed');
		expect(await isEmailConfirmed(db, userId)).toBe(true);
		const [{ emailConfirmedAt }] = await db
			.select({ emailConfirmedAt: users.emailConfirmedAt })
			.from(users)
			.where(eq(users.id, userId));
		// Again, or with the other link: still confirmed, the time of the first confirmation kept.
		expect(await confirmEmail(db, token)).toBe('confirmed');
		expect(await confirmEmail(db, other)).toBe('confirmed');
		const [after] = await db
			.select({ emailConfirmedAt: users.emailConfirmedAt })
			.from(users)
			.where(eq(users.id, userId));
		expect(after.emailConfirmedAt).toEqual(emailConfirmedAt);
		const rows = await db
			.select({ usedAt: emailConfirmations.usedAt })
			.from(emailConfirmations)
			.where(eq(emailConfirmations.userId, userId));
		expect(rows.every((r) => r.usedAt !== null)).toBe(true);
	}, 30_000);

	it('expire after 48 hours; resend gives a new link that works', async () => {
		const { userId, email, token } = await fresh();
		const later = Date.now() + CONFIRM_LIFETIME_MS + 1000;
		expect(await confirmationLinkState(db, token, later)).toBe('invalid');
		expect(await confirmEmail(db, token, later)).toBe('invalid');
		expect(await isEmailConfirmed(db, userId)).toBe(false);
		// The expired click used up nothing else.
		expect(await confirmationLinkState(db, token)).toBe('valid');

		const sent = await withBackground((bg) =>
			resendEmailConfirmation(db, keys, { userId, baseUrl: BASE }, bg, {
				transport: transport(),
				now: later
			})
		);
		expect(sent).toBe('sent');
		const received = await mails(email);
		expect(received).toHaveLength(2);
		const second = tokenIn(received[1].text)!;
		expect(second).not.toBe(token);
		expect(await confirmEmail(db, second, later + 1000)).toBe('confirmed');
		expect(await isEmailConfirmed(db, userId)).toBe(true);
	}, 30_000);

	it('resend is limited to 3 in 15 minutes, and has nothing to do once confirmed', async () => {
		const { userId, email } = await fresh();
		const t0 = Date.now();
		const resend = (now: number) =>
			withBackground((bg) =>
				resendEmailConfirmation(db, keys, { userId, baseUrl: BASE }, bg, {
					transport: transport(),
					now
				})
			);
		expect(await resend(t0)).toBe('sent');
		expect(await resend(t0 + 1000)).toBe('sent');
		expect(await resend(t0 + 2000)).toBe('sent');
		const limited = await resend(t0 + 3000);
		expect(limited).toEqual({ limited: 15 * 60_000 - 3000 });
		expect(await mails(email)).toHaveLength(4);
		// A quarter of an hour later it works again; the last link confirms.
		expect(await resend(t0 + 15 * 60_000)).toBe('sent');
		const last = tokenIn((await mails(email)).at(-1)!.text)!;
		expect(await confirmEmail(db, last, t0 + 15 * 60_000 + 1)).toBe('confirmed');
		expect(await resend(t0 + 40 * 60_000)).toBe('already_confirmed');
		expect(await mails(email)).toHaveLength(5);
	}, 30_000);

	it('confirm only the address they were sent to, and nothing for unknown tokens', async () => {
		const { userId, token } = await fresh();
		await db
			.update(users)
			.set({ email: `moved-${n}@example.test` })
			.where(eq(users.id, userId));
		expect(await confirmationLinkState(db, token)).toBe('invalid');
		expect(await confirmEmail(db, token)).toBe('invalid');
		expect(await isEmailConfirmed(db, userId)).toBe(false);
		for (const bad of [
			'',
			'a'.repeat(65),
			'unknowntokenunknowntokenunknownt',
			token.toUpperCase()
		]) {
			expect(await confirmEmail(db, bad), bad).toBe('invalid');
		}
	}, 30_000);
});
