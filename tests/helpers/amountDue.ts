import { expect } from 'vitest';
import type { Db } from '../../src/lib/server/db';
import { invoices, payments } from '../../src/lib/server/db/schema';

/**
 * The trigger-kept money columns of every invoice in the database (net_paid_cents,
 * credited_cents and the generated amount_due_cents), recomputed the slow, obvious way from
 * every ledger row and credit note. Returns the number of documents checked.
 */
export async function expectStoredAmountsExact(db: Db): Promise<number> {
	const docs = await db.select().from(invoices);
	const ledger = await db.select().from(payments);
	const net = new Map<string, number>();
	for (const p of ledger) {
		const doc = docs.find((d) => d.id === p.invoiceId);
		if (doc?.companyId !== p.companyId) continue;
		net.set(p.invoiceId, (net.get(p.invoiceId) ?? 0) + p.amountCents);
	}
	const credited = new Map<string, number>();
	for (const d of docs) {
		if (d.kind !== 'credit_note' || d.state !== 'finalized' || !d.creditedInvoiceId) continue;
		const target = docs.find((x) => x.id === d.creditedInvoiceId);
		if (target?.companyId !== d.companyId) continue;
		credited.set(target.id, (credited.get(target.id) ?? 0) - d.totalCents);
	}
	const expected = docs.map((d) => {
		const n = net.get(d.id) ?? 0;
		const c = credited.get(d.id) ?? 0;
		const due = d.kind === 'invoice' ? d.totalCents - Math.min(c, d.totalCents) - n : 0;
		return { id: d.id, netPaidCents: n, creditedCents: c, amountDueCents: due };
	});
	const stored = docs.map((d) => ({
		id: d.id,
		netPaidCents: d.netPaidCents,
		creditedCents: d.creditedCents,
		amountDueCents: d.amountDueCents
	}));
	expect(stored).toEqual(expected);
	return docs.length;
}
