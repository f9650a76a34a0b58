import { sql } from 'drizzle-orm';
import type { Db } from './db';
import { molliePayments, payments, peppolDocuments } from './db/schema';

/**
 * A version stamp of the company's money state, polled by the owner's open pages
 * (LiveRefresh.svelte through GET /api/changes) to reload when a payment lands. Polling, not a
 * push channel: Workers isolates share no memory, and this works the same on one laptop.
 *
 * What moves it: any Mollie payment written (webhook, return page, refresh, sync — each sets
 * `updated_at`), any ledger row added or removed (manual payments, Mollie bookings), and any
 * Peppol document sent, delivered, refused or received (access-point webhooks).
 * One round trip with four scalar subqueries, each restricted to the company.
 */
export async function changeStamp(db: Db, companyId: string): Promise<string> {
	const [row] = await db.all<{
		mollie: number | null;
		entries: number;
		latest: number | null;
		peppol: number | null;
	}>(
		sql`select
			(select max(${molliePayments.updatedAt}) from ${molliePayments} where ${molliePayments.companyId} = ${companyId}) as mollie,
			(select count(*) from ${payments} where ${payments.companyId} = ${companyId}) as entries,
			(select max(${payments.createdAt}) from ${payments} where ${payments.companyId} = ${companyId}) as latest,
			(select max(${peppolDocuments.updatedAt}) from ${peppolDocuments} where ${peppolDocuments.companyId} = ${companyId}) as peppol`
	);
	return [row?.mollie ?? 0, row?.entries ?? 0, row?.latest ?? 0, row?.peppol ?? 0]
		.map(Number)
		.join('.');
}
