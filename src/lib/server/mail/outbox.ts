import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { outbox } from '../db/schema';

// One screen of history is plenty for now.
const LIST_LIMIT = 200;

/** A company's messages, newest first, with their delivery state. */
export function listOutbox(db: Db, companyId: string) {
	return db
		.select({
			id: outbox.id,
			toAddress: outbox.toAddress,
			subject: outbox.subject,
			kind: outbox.kind,
			status: outbox.status,
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
	if (!row) return null;
	// The sealed secrets never leave the server.
	const { secrets: _secrets, ...shown } = row;
	void _secrets;
	return shown;
}
