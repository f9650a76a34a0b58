import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { outbox } from '../db/schema';
import { randomId } from '../ids';
import type { MailMessage, MailTransport } from './transport';

/** The default transport: stores each message in the `outbox` table instead of sending it. */
export class OutboxTransport implements MailTransport {
	constructor(private readonly db: Db) {}

	async send(msg: MailMessage): Promise<void> {
		await this.db.insert(outbox).values({
			id: randomId(),
			companyId: msg.companyId ?? null,
			toAddress: msg.to,
			subject: msg.subject,
			text: msg.text,
			html: msg.html ?? null,
			kind: msg.kind
		});
	}
}

// One screen of history is plenty for now; paging can come with invoice mail.
const LIST_LIMIT = 200;

/** A company's messages, newest first. */
export function listOutbox(db: Db, companyId: string) {
	return db
		.select({
			id: outbox.id,
			toAddress: outbox.toAddress,
			subject: outbox.subject,
			kind: outbox.kind,
			createdAt: outbox.createdAt
		})
		.from(outbox)
		.where(eq(outbox.companyId, companyId))
		.orderBy(desc(outbox.createdAt), desc(outbox.id))
		.limit(LIST_LIMIT);
}

/** One message, only if it belongs to `companyId` (anything else is simply not found). */
export async function getOutboxMessage(db: Db, companyId: string, id: string) {
	const [row] = await db
		.select()
		.from(outbox)
		.where(and(eq(outbox.id, id), eq(outbox.companyId, companyId)));
	return row ?? null;
}
