import { afterAll, beforeAll } from 'vitest';
import type { Db } from '$lib/server/db';
import { parseSmtpUrl } from '$lib/server/mail/smtp/client';
import { SmtpTransport } from '$lib/server/mail/transports';
import type { Keyring } from '$lib/server/secrets/crypto';
import { simpleParser } from 'mailparser';
import { startSmtpCatcher, type SmtpCatcher } from '../../scripts/lib/smtp-catcher';
import { createTestDb } from './db';

/**
 * A real libSQL database (real migrations) and a real SMTP server on loopback for one test file,
 * with the keyring that seals the secrets of queued mail. Call at the top of the file; the
 * fields are set once its `beforeAll` has run.
 */
export function dbAndMailbox(keyByte: number) {
	const box = {
		db: undefined as unknown as Db,
		smtp: undefined as unknown as SmtpCatcher,
		keys: {
			encryptionKey: Buffer.alloc(32, keyByte).toString('base64'),
			oldEncryptionKeys: []
		} as Keyring,
		/** A transport to that SMTP server. */
		transport: () => new SmtpTransport(parseSmtpUrl(box.smtp.url)),
		/** Every message the SMTP server received for `to`, parsed, oldest first. */
		mails: (to: string) =>
			Promise.all(
				box.smtp.received.filter((m) => m.envelope.to.includes(to)).map((m) => simpleParser(m.raw))
			)
	};
	let close = () => {};
	beforeAll(async () => {
		const created = await createTestDb();
		box.db = created.db as Db;
		close = () => created.client.close();
		box.smtp = await startSmtpCatcher();
	});
	afterAll(async () => {
		close();
		await box.smtp.close();
	});
	return box;
}
