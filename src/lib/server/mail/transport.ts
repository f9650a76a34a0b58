import type { Db } from '../db';
import { OutboxTransport } from './outbox';

export type MailKind = 'password_reset' | (string & {});

export type MailMessage = {
	to: string;
	subject: string;
	text: string;
	/** Optional rich version; the plain text must always carry the full content. */
	html?: string;
	kind: MailKind;
	/** The company whose outbox shows the message (null for mail that belongs to none). */
	companyId?: string | null;
};

/** Anything the app emails goes through this, so the delivery method can change in one place. */
export interface MailTransport {
	send(msg: MailMessage): Promise<void>;
}

/**
 * The transport in use. For now always the outbox (messages are stored and read at
 * Settings → Outbox); a real transport (SMTP relay or an HTTP mail API) comes in a later
 * issue and will be chosen here from env, read inside this function (Workers).
 */
export function getMailTransport(db: Db): MailTransport {
	return new OutboxTransport(db);
}
