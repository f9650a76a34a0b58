import { and, eq, gt, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { companies, emailConfirmations, users } from '../db/schema';
import { deliver, enqueueMail } from '../mail/delivery';
import type { MailTransport } from '../mail/message';
import { emailConfirmationMail, signupAttemptMail } from '../mail/templates/emailConfirmation';
import { platformSender } from '../mail/transports';
import type { Keyring } from '../secrets/crypto';
import { hit, type Limit } from './rateLimit';
import { hashToken, plausibleToken, randomToken } from '../secrets/tokens';

const MINUTE = 60_000;
/** How long a confirmation link works. */
export const CONFIRM_LIFETIME_MS = 48 * 60 * MINUTE;
/** "Resend confirmation": enough for a lost mail or a typo in the spam filter, no more. */
export const CONFIRM_RESEND_LIMIT: Limit = { limit: 3, windowMs: 15 * MINUTE };
/** "Someone tried to sign up with your address" notices: one an hour is plenty. */
export const SIGNUP_NOTICE_LIMIT: Limit = { limit: 1, windowMs: 60 * MINUTE };

type Locale = 'en' | 'fr' | 'nl';
type Background = (work: Promise<unknown>) => void;
type MailOptions = { now?: number; transport?: MailTransport };

/** Creates a confirmation link's token (160 random bits; only its SHA-256 is stored). */
export async function createEmailConfirmation(
	db: Db,
	user: { id: string; email: string },
	now = Date.now()
): Promise<string> {
	const token = randomToken();
	await db.insert(emailConfirmations).values({
		id: hashToken(token),
		userId: user.id,
		email: user.email,
		expiresAt: new Date(now + CONFIRM_LIFETIME_MS)
	});
	return token;
}

export const confirmLink = (baseUrl: string, token: string) =>
	`${baseUrl.replace(/\/+$/, '')}/confirm-email/${token}`;

async function mailTo(
	db: Db,
	keys: Keyring | null,
	mail: { subject: string; text: string; html: string },
	input: { to: string; locale: Locale; kind: string; secrets: string[] },
	background: Background,
	options: MailOptions
) {
	const id = await enqueueMail(
		db,
		keys,
		{
			...mail,
			// The user's own mail, through the platform's transport: no company's outbox message.
			companyId: null,
			kind: input.kind,
			from: platformSender(),
			to: [input.to],
			locale: input.locale,
			secrets: input.secrets
		},
		options.now
	);
	// Sent after the response: how long the mail server takes must not show in the answer.
	background(deliver(db, keys, id, { secrets: input.secrets, transport: options.transport }));
}

/** Mails a new confirmation link to the user's current address. */
export async function sendEmailConfirmation(
	db: Db,
	keys: Keyring | null,
	input: { userId: string; baseUrl: string },
	background: Background,
	options: MailOptions = {}
): Promise<'sent' | 'already_confirmed' | 'not_found'> {
	const [user] = await db
		.select({
			id: users.id,
			email: users.email,
			name: users.name,
			confirmedAt: users.emailConfirmedAt,
			locale: companies.defaultLocale
		})
		.from(users)
		.innerJoin(companies, eq(users.companyId, companies.id))
		.where(eq(users.id, input.userId));
	if (!user) return 'not_found';
	if (user.confirmedAt) return 'already_confirmed';
	const token = await createEmailConfirmation(db, user, options.now);
	const mail = emailConfirmationMail({
		name: user.name,
		link: confirmLink(input.baseUrl, token),
		locale: user.locale
	});
	await mailTo(
		db,
		keys,
		mail,
		{ to: user.email, locale: user.locale, kind: 'email_confirmation', secrets: [token] },
		background,
		options
	);
	return 'sent';
}

/** "Resend confirmation", limited per user; a confirmed address needs nothing more. */
export async function resendEmailConfirmation(
	db: Db,
	keys: Keyring | null,
	input: { userId: string; baseUrl: string },
	background: Background,
	options: MailOptions = {}
): Promise<'sent' | 'already_confirmed' | 'not_found' | { limited: number }> {
	const h = await hit(db, `confirm:resend:${input.userId}`, CONFIRM_RESEND_LIMIT, options.now);
	if (!h.allowed) return { limited: h.retryAfterMs };
	return sendEmailConfirmation(db, keys, input, background, options);
}

/**
 * Tells the owner of an address that already has an account that someone tried to sign up with
 * it (they, having forgotten, or someone else), with the ways in: log in or reset the password.
 * At most one an hour per address, so sign-up cannot be used to flood someone's inbox.
 */
export async function sendSignupAttemptNotice(
	db: Db,
	keys: Keyring | null,
	input: { email: string; baseUrl: string },
	background: Background,
	options: MailOptions = {}
): Promise<boolean> {
	const [user] = await db
		.select({ email: users.email, name: users.name, locale: companies.defaultLocale })
		.from(users)
		.innerJoin(companies, eq(users.companyId, companies.id))
		.where(eq(users.email, input.email));
	if (!user) return false;
	const h = await hit(db, `signup:notice:${user.email}`, SIGNUP_NOTICE_LIMIT, options.now);
	if (!h.allowed) return false;
	const base = input.baseUrl.replace(/\/+$/, '');
	const mail = signupAttemptMail({
		name: user.name,
		loginLink: `${base}/login`,
		resetLink: `${base}/forgot-password`,
		locale: user.locale
	});
	await mailTo(
		db,
		keys,
		mail,
		{ to: user.email, locale: user.locale, kind: 'signup_attempt', secrets: [] },
		background,
		options
	);
	return true;
}

export type LinkState = 'valid' | 'confirmed' | 'invalid';

/**
 * What a link would do, without using it: 'valid' (it would confirm), 'confirmed' (the address
 * it was sent to is confirmed already, by this link or another: opening it again is harmless),
 * or 'invalid' (unknown, expired, or for an address the account no longer has).
 */
export async function confirmationLinkState(
	db: Db,
	token: string,
	now = Date.now()
): Promise<LinkState> {
	if (!plausibleToken(token)) return 'invalid';
	const [row] = await db
		.select({
			email: emailConfirmations.email,
			expiresAt: emailConfirmations.expiresAt,
			usedAt: emailConfirmations.usedAt,
			userEmail: users.email,
			confirmedAt: users.emailConfirmedAt
		})
		.from(emailConfirmations)
		.innerJoin(users, eq(users.id, emailConfirmations.userId))
		.where(eq(emailConfirmations.id, hashToken(token)));
	if (!row || row.email !== row.userEmail) return 'invalid';
	if (row.confirmedAt) return 'confirmed';
	if (row.usedAt || row.expiresAt.getTime() <= now) return 'invalid';
	return 'valid';
}

/**
 * Uses a link: in one transaction the token is claimed (once, before it expires, for the
 * address the account still has) and the user's address marked confirmed; the user's other
 * links are used up with it. Of two concurrent clicks one claims; both then read 'confirmed'.
 */
export async function confirmEmail(db: Db, token: string, now = Date.now()): Promise<LinkState> {
	if (!plausibleToken(token)) return 'invalid';
	const id = hashToken(token);
	const at = new Date(now);
	const owner = db
		.select({ userId: emailConfirmations.userId })
		.from(emailConfirmations)
		.where(eq(emailConfirmations.id, id));
	await db.batch([
		db
			.update(emailConfirmations)
			.set({ usedAt: at })
			.where(
				and(
					eq(emailConfirmations.id, id),
					isNull(emailConfirmations.usedAt),
					gt(emailConfirmations.expiresAt, at),
					sql`${emailConfirmations.email} = (SELECT ${users.email} FROM ${users} WHERE ${users.id} = ${emailConfirmations.userId})`
				)
			),
		db
			.update(users)
			.set({ emailConfirmedAt: at })
			.where(
				and(
					isNull(users.emailConfirmedAt),
					sql`EXISTS (SELECT 1 FROM ${emailConfirmations} WHERE ${emailConfirmations.id} = ${id} AND ${emailConfirmations.usedAt} = ${now} AND ${emailConfirmations.userId} = ${users.id} AND ${emailConfirmations.email} = ${users.email})`
				)
			),
		// Once the address is confirmed, its other links have nothing left to do.
		db
			.update(emailConfirmations)
			.set({ usedAt: at })
			.where(
				and(
					isNull(emailConfirmations.usedAt),
					inArray(emailConfirmations.userId, owner),
					inArray(
						emailConfirmations.userId,
						db.select({ id: users.id }).from(users).where(isNotNull(users.emailConfirmedAt))
					)
				)
			)
	]);
	return confirmationLinkState(db, token, now);
}

/** Whether this user may send invoices (their address is confirmed). */
export async function isEmailConfirmed(db: Db, userId: string): Promise<boolean> {
	const [row] = await db
		.select({ at: users.emailConfirmedAt })
		.from(users)
		.where(eq(users.id, userId));
	return Boolean(row?.at);
}
