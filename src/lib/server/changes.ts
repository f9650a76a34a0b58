import { eq } from 'drizzle-orm';
import type { Db } from './db';
import { companies } from './db/schema';

/**
 * The version stamp of the company's money state, polled by the owner's open pages
 * (LiveRefresh.svelte through GET /api/changes) to reload when a payment lands. Polling, not a
 * push channel: Workers isolates share no memory, and this works the same on one laptop.
 *
 * It is `companies.change_count`, which database triggers (drizzle/0008_change_counter_triggers)
 * bump in the same statement as every write of a ledger row, a Mollie payment's visible state,
 * an invoice's state, a mail's delivery state or a Peppol document's state. The session check reads it with the company
 * (auth/session.ts), so neither a page nor a poll pays a round trip of its own for it; this
 * function is the same read alone.
 */
export async function changeStamp(db: Db, companyId: string): Promise<string> {
	const [row] = await db
		.select({ n: companies.changeCount })
		.from(companies)
		.where(eq(companies.id, companyId));
	return stampOf(row?.n ?? 0);
}

export const stampOf = (changeCount: number) => String(changeCount);

/** Whether a customer may be paying right now (a Mollie checkout open or pending). */
export const awaitingPayment = (awaitingUntil: Date | null, now = Date.now()) =>
	awaitingUntil !== null && awaitingUntil.getTime() > now;
