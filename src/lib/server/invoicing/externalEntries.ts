import { and, eq, inArray } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { diffEntries, type LedgerEntry } from '$lib/domain/paymentSync';
import type { Db } from '../db';
import { payments } from '../db/schema';
import { randomId } from '../secrets/ids';

type Target = { companyId: string; invoiceId: string; molliePaymentId: string; label: string };

/** The ledger rows booked for one provider payment of the company. */
const ofPayment = (target: Target) =>
	and(
		eq(payments.companyId, target.companyId),
		eq(payments.molliePaymentId, target.molliePaymentId)
	);

/** The ledger row of one expected entry, keyed so a second booking of it is a no-op. */
const entryRow = (target: Target, entry: LedgerEntry) => ({
	id: randomId(),
	companyId: target.companyId,
	invoiceId: target.invoiceId,
	date: entry.date,
	amountCents: entry.amountCents,
	method: 'mollie' as const,
	reference: `${target.label} ${entry.key.split(':')[1]}`.trim(),
	externalKey: entry.key,
	molliePaymentId: target.molliePaymentId
});

/**
 * Brings the ledger rows of one provider payment in line with what the provider says
 * (`expected`, from paymentSync.expectedEntries). Inserts are keyed: the unique index on
 * `external_key` turns a duplicate (a second webhook, the return page racing the webhook, 20
 * concurrent deliveries) into a no-op, so each entry is booked exactly once.
 */
export async function reconcileEntries(
	db: Db,
	target: Target,
	expected: LedgerEntry[]
): Promise<{ added: number; removed: number }> {
	const booked = await db
		.select({ key: payments.externalKey })
		.from(payments)
		.where(ofPayment(target))
		.then((rows) => rows.flatMap((r) => (r.key ? [{ key: r.key }] : [])));
	const { add, remove } = diffEntries(booked, expected);
	let added = 0;
	for (const entry of add) {
		const inserted = await db
			.insert(payments)
			.values(entryRow(target, entry))
			.onConflictDoNothing({ target: payments.externalKey })
			.returning({ id: payments.id });
		added += inserted.length;
	}
	if (remove.length) {
		await db.delete(payments).where(and(ofPayment(target), inArray(payments.externalKey, remove)));
	}
	return { added, removed: remove.length };
}

/**
 * The same reconciliation as `reconcileEntries`, as statements for one `db.batch` (one round
 * trip, one transaction) given the keys already `booked`, read beforehand. The keyed inserts and
 * the delete by key keep it exactly-once even when `booked` is stale by then (a concurrent
 * delivery booked first).
 */
export function entryWrites(
	db: Db,
	target: Target,
	booked: { key: string | null }[],
	expected: LedgerEntry[]
): BatchItem<'sqlite'>[] {
	const { add, remove } = diffEntries(
		booked.flatMap((r) => (r.key ? [{ key: r.key }] : [])),
		expected
	);
	const writes: BatchItem<'sqlite'>[] = add.map((entry) =>
		db
			.insert(payments)
			.values(entryRow(target, entry))
			.onConflictDoNothing({ target: payments.externalKey })
	);
	if (remove.length) {
		writes.push(
			db.delete(payments).where(and(ofPayment(target), inArray(payments.externalKey, remove)))
		);
	}
	return writes;
}
