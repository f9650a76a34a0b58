import { and, desc, eq, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { outbox } from '../db/schema';
import { randomId } from '../secrets/ids';
import { markSent } from '../invoicing/invoices';
import { decryptSecret, encryptSecret, type Keyring } from '../secrets/crypto';
import { attachmentsFor } from './attachments';
import { companyTransport } from './companySmtp';
import {
	isEmailAddress,
	newMessageId,
	type MailAddress,
	type MailTransport,
	type OutgoingMail
} from './message';
import { SmtpError } from './smtp/client';
import { MessageTooLargeError, platformSender, platformTransport } from './transports';

export type MailKind = 'password_reset' | 'invoice' | 'test' | (string & {});

/** Why the last attempt failed, worded for the owner by `mail_error_<kind>` messages. */
export type MailErrorKind =
	| 'connection'
	| 'timeout'
	| 'tls'
	| 'no_starttls'
	| 'auth'
	| 'recipient'
	| 'rejected'
	| 'too_large'
	| 'config'
	| 'secrets'
	| 'unknown';

export interface NewMail {
	/** Whose outbox lists the message; null for account mail (it belongs to a person). */
	companyId: string | null;
	invoiceId?: string | null;
	kind: MailKind;
	from: MailAddress;
	replyTo?: MailAddress;
	to: string[];
	cc?: string[];
	bcc?: string[];
	subject: string;
	text: string;
	html: string;
	locale?: string;
	/**
	 * Values that must not be readable in the stored record (a reset token, a pay-link token).
	 * They are replaced by placeholders in the stored bodies and sealed with the keyring.
	 */
	secrets?: string[];
}

/** At most this many attempts in all; then a transient failure is final too. */
export const MAX_ATTEMPTS = 6;
/** After the n-th failed attempt: 1, 4, 16, 64 minutes, then 4 hours. */
export function backoffMs(attempts: number): number {
	return Math.min(60_000 * 4 ** Math.max(0, attempts - 1), 4 * 60 * 60_000);
}
// An attempt that crashed (process killed mid-send) frees its message after this.
const LOCK_MS = 2 * 60_000;

const placeholder = (i: number) => `{{secret:${i}}}`;
const context = (id: string) => `mail:${id}`;

function hide(value: string, secrets: string[]) {
	return secrets.reduce((v, s, i) => (s ? v.split(s).join(placeholder(i)) : v), value);
}
function reveal(value: string, secrets: string[]) {
	return secrets.reduce((v, s, i) => v.split(placeholder(i)).join(s), value);
}

/**
 * Records a message as queued. Nothing is sent yet: `deliver` does that (at once, by the caller)
 * and the retry pump picks it up if the process dies first.
 */
export async function enqueueMail(
	db: Db,
	keys: Keyring | null,
	mail: NewMail,
	now = Date.now()
): Promise<string> {
	const id = randomId();
	const secrets = (mail.secrets ?? []).filter(Boolean);
	const recipients = [...mail.to, ...(mail.cc ?? []), ...(mail.bcc ?? [])];
	const bad = recipients.find((a) => !isEmailAddress(a));
	if (bad !== undefined) throw new Error(`not an email address: ${bad}`);
	await db.insert(outbox).values({
		id,
		companyId: mail.companyId,
		invoiceId: mail.invoiceId ?? null,
		kind: mail.kind,
		toAddress: mail.to.join(', '),
		ccAddresses: (mail.cc ?? []).join(', '),
		bccAddresses: (mail.bcc ?? []).join(', '),
		fromName: mail.from.name ?? '',
		replyTo: mail.replyTo?.email ?? '',
		subject: hide(mail.subject, secrets),
		text: hide(mail.text, secrets),
		html: hide(mail.html, secrets),
		locale: mail.locale ?? null,
		messageId: newMessageId(mail.from.email),
		// Without a keyring the secrets live only for the first attempt (no automatic retry).
		secrets:
			secrets.length && keys
				? await encryptSecret(JSON.stringify(secrets), keys, context(id))
				: null,
		status: 'queued',
		nextAttemptAt: new Date(now + LOCK_MS),
		createdAt: new Date(now)
	});
	return id;
}

export type DeliveryOutcome =
	| { status: 'sent'; response: string }
	| { status: 'failed'; errorKind: MailErrorKind; detail: string; retryAt: Date | null }
	| { status: 'busy' };

function classify(e: unknown): { kind: MailErrorKind; detail: string; transient: boolean } {
	if (e instanceof SmtpError) return { kind: e.failure, detail: e.detail, transient: e.transient };
	if (e instanceof MessageTooLargeError) {
		return { kind: 'too_large', detail: e.message, transient: false };
	}
	const detail = e instanceof Error ? e.message : String(e);
	// Cloudflare's binding says little more than its message; a rate limit is worth waiting for.
	if (/rate|temporar|timeout|unavailable|internal/i.test(detail)) {
		return { kind: 'unknown', detail, transient: true };
	}
	return { kind: 'unknown', detail, transient: false };
}

/**
 * One delivery attempt of a stored message. Claims it first (a conditional UPDATE), so the
 * pump, a Retry tap and the first send never send it twice at once. Success records the
 * server's answer (and marks an invoice sent); failure records why and, when trying again may
 * help, when the pump should.
 */
export async function deliver(
	db: Db,
	keys: Keyring | null,
	id: string,
	options: {
		now?: number;
		transport?: MailTransport;
		/** With `transport`: the address it sends from (a test of typed SMTP settings). */
		sender?: MailAddress;
		secrets?: string[];
	} = {}
): Promise<DeliveryOutcome> {
	const now = options.now ?? Date.now();
	const [row] = await db
		.update(outbox)
		.set({ lockedUntil: new Date(now + LOCK_MS) })
		.where(
			and(
				eq(outbox.id, id),
				ne(outbox.status, 'sent'),
				or(isNull(outbox.lockedUntil), lte(outbox.lockedUntil, new Date(now)))
			)
		)
		.returning();
	if (!row) return { status: 'busy' };
	const attempts = row.attempts + 1;

	const fail = async (kind: MailErrorKind, detail: string, transient: boolean) => {
		const retryAt =
			transient && attempts < MAX_ATTEMPTS ? new Date(now + backoffMs(attempts)) : null;
		await db
			.update(outbox)
			.set({
				status: 'failed',
				attempts,
				errorKind: kind,
				errorDetail: detail.slice(0, 1000),
				nextAttemptAt: retryAt,
				lockedUntil: null
			})
			.where(eq(outbox.id, id));
		return { status: 'failed' as const, errorKind: kind, detail, retryAt };
	};

	let secrets = options.secrets;
	if (!secrets && row.secrets) {
		if (!keys) return fail('secrets', 'TOKEN_ENCRYPTION_KEY is missing', true);
		try {
			secrets = JSON.parse(await decryptSecret(row.secrets, keys, context(id))) as string[];
		} catch (e) {
			return fail('secrets', e instanceof Error ? e.message : String(e), false);
		}
	}
	const hasPlaceholders = /\{\{secret:\d+\}\}/.test(row.text + row.html + row.subject);
	if (!secrets && hasPlaceholders) {
		return fail('secrets', 'the link in this message can no longer be restored', false);
	}

	let transport: MailTransport;
	let sender: MailAddress;
	try {
		// A company's own SMTP server (Settings → Email) sends its mail from its own address;
		// account mail (a password reset) always goes through the platform.
		const own =
			row.companyId && row.kind !== 'password_reset'
				? await companyTransport(db, keys, row.companyId)
				: null;
		transport = options.transport ?? own?.transport ?? (await platformTransport());
		sender = options.sender ?? own?.sender ?? platformSender();
	} catch (e) {
		return fail('config', e instanceof Error ? e.message : String(e), true);
	}
	const list = (v: string) =>
		v
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
	const mail: OutgoingMail = {
		// The platform's address (its domain is the one allowed to send), under the name the
		// message was written with (the company's), or the platform's own name.
		from: { email: sender.email, name: row.fromName || sender.name },
		to: list(row.toAddress),
		cc: list(row.ccAddresses),
		bcc: list(row.bccAddresses),
		...(row.replyTo ? { replyTo: { email: row.replyTo, name: row.fromName || undefined } } : {}),
		subject: reveal(row.subject, secrets ?? []),
		text: reveal(row.text, secrets ?? []),
		html: reveal(row.html ?? '', secrets ?? []),
		messageId: row.messageId ?? newMessageId('acquit.invalid'),
		locale: row.locale ?? undefined,
		attachments: []
	};
	try {
		mail.attachments = await attachmentsFor(db, row);
		const { response } = await transport.send(mail);
		await db
			.update(outbox)
			.set({
				status: 'sent',
				attempts,
				transport: transport.name,
				response: response.slice(0, 1000),
				sentAt: new Date(now),
				errorKind: null,
				errorDetail: null,
				nextAttemptAt: null,
				lockedUntil: null
			})
			.where(eq(outbox.id, id));
		// Only a message that really left makes an invoice "sent".
		if (row.kind === 'invoice' && row.companyId && row.invoiceId) {
			await markSent(db, row.companyId, row.invoiceId);
		}
		return { status: 'sent', response };
	} catch (e) {
		await db.update(outbox).set({ transport: transport.name }).where(eq(outbox.id, id));
		const { kind, detail, transient } = classify(e);
		return fail(kind, detail, transient);
	}
}

/** Sends every message whose retry time has come (a few per call). */
export async function processDueMail(
	db: Db,
	keys: Keyring | null,
	now = Date.now(),
	options: { limit?: number; transport?: MailTransport } = {}
): Promise<number> {
	const due = await db
		.select({ id: outbox.id })
		.from(outbox)
		.where(
			and(
				inArray(outbox.status, ['queued', 'failed']),
				lte(outbox.nextAttemptAt, new Date(now)),
				or(isNull(outbox.lockedUntil), lte(outbox.lockedUntil, new Date(now)))
			)
		)
		.orderBy(outbox.nextAttemptAt)
		.limit(options.limit ?? 5);
	for (const { id } of due) await deliver(db, keys, id, { now, transport: options.transport });
	return due.length;
}

/** The delivery state of one message sent for one of the company's invoices, or null. */
export async function invoiceMessageStatus(
	db: Db,
	companyId: string,
	invoiceId: string,
	id: string
): Promise<string | null> {
	const [row] = await db
		.select({ status: outbox.status })
		.from(outbox)
		.where(
			and(eq(outbox.id, id), eq(outbox.companyId, companyId), eq(outbox.invoiceId, invoiceId))
		);
	return row?.status ?? null;
}

/** The owner's Retry: a failed message of their company, sent again now. */
export async function retryMail(
	db: Db,
	keys: Keyring | null,
	companyId: string,
	id: string,
	options: { transport?: MailTransport } = {}
): Promise<DeliveryOutcome | null> {
	const [row] = await db
		.select({ id: outbox.id })
		.from(outbox)
		.where(and(eq(outbox.id, id), eq(outbox.companyId, companyId), eq(outbox.status, 'failed')));
	if (!row) return null;
	return deliver(db, keys, id, options);
}

/** The messages sent for one invoice, newest first, with their delivery state. */
export function invoiceDeliveries(db: Db, companyId: string, invoiceId: string) {
	return db
		.select({
			id: outbox.id,
			toAddress: outbox.toAddress,
			ccAddresses: outbox.ccAddresses,
			bccAddresses: outbox.bccAddresses,
			subject: outbox.subject,
			status: outbox.status,
			attempts: outbox.attempts,
			response: outbox.response,
			errorKind: outbox.errorKind,
			errorDetail: outbox.errorDetail,
			nextAttemptAt: outbox.nextAttemptAt,
			sentAt: outbox.sentAt,
			createdAt: outbox.createdAt
		})
		.from(outbox)
		.where(and(eq(outbox.companyId, companyId), eq(outbox.invoiceId, invoiceId)))
		.orderBy(desc(outbox.createdAt), desc(sql`rowid`))
		.limit(20);
}
