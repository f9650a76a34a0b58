import { expect } from 'vitest';
import type { Db } from '../../src/lib/server/db';
import {
	invoices,
	molliePayments,
	molliePaymentTotals,
	openInvoiceTotals,
	paymentMonthTotals,
	payments
} from '../../src/lib/server/db/schema';

/**
 * The trigger-kept money columns of every invoice in the database (net_paid_cents,
 * credited_cents and the generated amount_due_cents), recomputed the slow, obvious way from
 * every ledger row and credit note, and the trigger-kept open_invoice_totals (count and sum of
 * the open invoices per company and currency) from those, and the trigger-kept
 * payment_month_totals (the ledger per company, month, method and currency) and
 * mollie_payment_totals (Mollie payments per company and currency, and the paid ones' sum).
 * Returns the number of documents checked.
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

	const open = new Map<string, { openCount: number; openCents: number }>();
	for (const [i, d] of docs.entries()) {
		const due = expected[i]!.amountDueCents;
		if (d.kind !== 'invoice' || d.state !== 'finalized' || due <= 0) continue;
		const key = `${d.companyId} ${d.currency}`;
		const t = open.get(key) ?? { openCount: 0, openCents: 0 };
		open.set(key, { openCount: t.openCount + 1, openCents: t.openCents + due });
	}
	// Rows of currencies with nothing open any more stay, at zero.
	const kept = new Map<string, { openCount: number; openCents: number }>();
	for (const r of await db.select().from(openInvoiceTotals)) {
		const key = `${r.companyId} ${r.currency}`;
		if (r.openCount !== 0 || r.openCents !== 0 || open.has(key)) {
			kept.set(key, { openCount: r.openCount, openCents: r.openCents });
		}
	}
	const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
	expect(sorted(kept)).toEqual(sorted(open));

	const months = new Map<string, { count: number; cents: number }>();
	for (const p of ledger) {
		const doc = docs.find((d) => d.id === p.invoiceId);
		if (doc?.companyId !== p.companyId) continue;
		const key = `${p.companyId} ${p.date.slice(0, 7)} ${p.method} ${doc.currency}`;
		const t = months.get(key) ?? { count: 0, cents: 0 };
		months.set(key, { count: t.count + 1, cents: t.cents + p.amountCents });
	}
	const keptMonths = new Map<string, { count: number; cents: number }>();
	for (const r of await db.select().from(paymentMonthTotals)) {
		const key = `${r.companyId} ${r.month} ${r.method} ${r.currency}`;
		if (r.count !== 0 || r.cents !== 0 || months.has(key)) {
			keptMonths.set(key, { count: r.count, cents: r.cents });
		}
	}
	expect(sorted(keptMonths)).toEqual(sorted(months));

	const mollie = new Map<string, { count: number; paidCents: number }>();
	for (const p of await db.select().from(molliePayments)) {
		const key = `${p.companyId} ${p.currency}`;
		const t = mollie.get(key) ?? { count: 0, paidCents: 0 };
		const paid = p.status === 'paid' ? p.amountCents : 0;
		mollie.set(key, { count: t.count + 1, paidCents: t.paidCents + paid });
	}
	const keptMollie = new Map<string, { count: number; paidCents: number }>();
	for (const r of await db.select().from(molliePaymentTotals)) {
		const key = `${r.companyId} ${r.currency}`;
		if (r.count !== 0 || r.paidCents !== 0 || mollie.has(key)) {
			keptMollie.set(key, { count: r.count, paidCents: r.paidCents });
		}
	}
	expect(sorted(keptMollie)).toEqual(sorted(mollie));
	return docs.length;
}
