import type { Db } from '../db';
import type { Keyring } from '../secrets/crypto';
import { deliver, enqueueMail, type DeliveryOutcome, type NewMail } from './delivery';
import type { MailAddress, MailTransport } from './message';

export type { MailKind, NewMail } from './delivery';

/**
 * Anything the app emails goes through here: the message is recorded (queued), then sent at
 * once through the configured transport. A failure is recorded too; transient ones are retried
 * by `processDueMail`.
 */
export async function sendMail(
	db: Db,
	keys: Keyring | null,
	mail: NewMail,
	options: { transport?: MailTransport; sender?: MailAddress } = {}
): Promise<{ id: string; outcome: DeliveryOutcome }> {
	const id = await enqueueMail(db, keys, mail);
	const outcome = await deliver(db, keys, id, { secrets: mail.secrets, ...options });
	return { id, outcome };
}
