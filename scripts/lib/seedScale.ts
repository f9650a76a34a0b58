import { ogmDigits, ogmFromNumber } from '../../src/lib/domain/ogm';
import { computeTotals, type VatCategory } from '../../src/lib/domain/vat';
import type { Db } from '../../src/lib/server/db';
import { customers, invoiceLines, invoices, payments } from '../../src/lib/server/db/schema';

/**
 * Years of history for one company, written through the real schema in batched multi-row
 * inserts (one libSQL batch per chunk): 100,000 invoices take seconds, not the hours the UI
 * would. Deterministic (a seeded generator) so two runs compare. About a tenth as many
 * customers as invoices, about 0.8 ledger rows per invoice (some partial, some refunds), a few
 * drafts, sent and overdue invoices, and credit notes against some invoices.
 */
export interface ScaleSeed {
	companyId: string;
	journalId: string;
	invoices: number;
	/** Issue dates run back from this day, a few documents per day. */
	today?: string;
	seed?: number;
	/** Prefix of ids, numbers and OGM references, so two seeds can share a database. */
	prefix?: string;
}

function rng(seed: number) {
	let s = seed >>> 0 || 1;
	return () => {
		// xorshift32: fast, deterministic, good enough for test data.
		s ^= s << 13;
		s ^= s >>> 17;
		s ^= s << 5;
		return (s >>> 0) / 4294967296;
	};
}

const NAMES = ['Bakkerij', 'Atelier', 'Garage', 'Brasserie', 'Studio', 'Cabinet', 'Fleuriste'];
const TOWNS = ['Peeters', 'Dupont', 'Janssens', 'Maes', 'Lambert', 'Dubois', 'Claes', 'Wouters'];
const VATS: VatCategory[] = ['21', '21', '21', '6', '12'];

function isoDaysBefore(today: string, days: number): string {
	const [y, m, d] = today.split('-').map(Number) as [number, number, number];
	return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
}

async function insertChunks<T>(rows: T[], size: number, write: (chunk: T[]) => Promise<unknown>) {
	for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

export async function seedScale(db: Db, o: ScaleSeed) {
	const random = rng(o.seed ?? 13);
	const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
	const today = o.today ?? new Date().toISOString().slice(0, 10);
	const prefix = o.prefix ?? 's';
	const customerCount = Math.max(1, Math.ceil(o.invoices / 10));
	const base = Date.now() - o.invoices * 60_000;

	const customerRows = Array.from({ length: customerCount }, (_, i) => ({
		id: `${prefix}c${i}`,
		companyId: o.companyId,
		name: `${pick(NAMES)} ${pick(TOWNS)} ${i}`,
		emails: `client${i}@example.test`,
		locale: pick(['fr', 'nl', 'en'] as const),
		city: pick(['Bruxelles', 'Gent', 'Liège', 'Antwerpen'])
	}));

	type InvoiceRow = typeof invoices.$inferInsert;
	type LineRow = typeof invoiceLines.$inferInsert;
	type PaymentRow = typeof payments.$inferInsert;
	const invoiceRows: InvoiceRow[] = [];
	const lineRows: LineRow[] = [];
	const paymentRows: PaymentRow[] = [];
	let sequence = 0;
	// Oldest first, a few documents a day: 100,000 invoices span decades, as numbers allow.
	for (let i = 0; i < o.invoices; i++) {
		const id = `${prefix}i${i}`;
		const ageDays = Math.floor((o.invoices - 1 - i) / 4);
		const issueDate = isoDaysBefore(today, ageDays);
		const dueDate = isoDaysBefore(today, ageDays - 30);
		const draft = i >= o.invoices - 3 || random() < 0.01;
		const lines = Array.from({ length: 1 + Math.floor(random() * 2) }, () => ({
			quantityMilli: (1 + Math.floor(random() * 5)) * 1000,
			unitPriceMilli: (10 + Math.floor(random() * 990)) * 1000,
			discountBp: 0,
			vat: pick(VATS)
		}));
		const totals = computeTotals(lines);
		const finalized = !draft;
		if (finalized) sequence++;
		const createdAt = new Date(base + i * 60_000);
		const invoice: InvoiceRow = {
			id,
			companyId: o.companyId,
			journalId: o.journalId,
			customerId: `${prefix}c${Math.floor(random() * customerCount)}`,
			kind: 'invoice',
			state: finalized ? 'finalized' : 'draft',
			number: finalized ? `${prefix.toUpperCase()}-${String(sequence).padStart(6, '0')}` : null,
			sequence: finalized ? sequence : null,
			issueDate,
			dueDate,
			currency: random() < 0.03 ? 'USD' : 'EUR',
			reference: random() < 0.1 ? `PO ${i}` : '',
			ogm: ogmDigits(ogmFromNumber(1_000_000 + (o.seed ?? 13) * 10_000_000 + i))!,
			netCents: totals.netCents,
			vatCents: totals.vatCents,
			totalCents: totals.totalCents,
			finalizedAt: finalized ? createdAt : null,
			sentAt: finalized && random() < 0.7 ? createdAt : null,
			createdAt
		};
		invoiceRows.push(invoice);
		lines.forEach((l, n) =>
			lineRows.push({
				id: `${id}l${n}`,
				invoiceId: id,
				position: n + 1,
				description: `Service ${n + 1}`,
				quantityMilli: l.quantityMilli,
				unitPriceMilli: l.unitPriceMilli,
				discountBp: 0,
				vat: l.vat,
				netCents: totals.lineNetCents[n]!
			})
		);
		if (!finalized) continue;
		// Most old invoices are paid; recent ones are still open; some only partly.
		const r = random();
		const paidDate = isoDaysBefore(today, Math.max(0, ageDays - 10));
		const pay = (n: number, cents: number, method: PaymentRow['method'] = 'bank_transfer') =>
			paymentRows.push({
				id: `${id}p${n}`,
				companyId: o.companyId,
				invoiceId: id,
				date: paidDate,
				amountCents: cents,
				method,
				createdAt: new Date(createdAt.getTime() + 1000 + n)
			});
		if (r < 0.7 && ageDays > 20) pay(0, totals.totalCents);
		else if (r < 0.8) pay(0, Math.floor(totals.totalCents / 2));
		else if (r < 0.81) {
			pay(0, totals.totalCents + 500, 'mollie');
			pay(1, -500, 'mollie');
		}
		if (random() < 0.02) {
			// A credit note for part of the invoice (negative totals, like the app makes them).
			const cnLines = [{ ...lines[0]!, quantityMilli: -1000 }];
			const cn = computeTotals(cnLines);
			if (-cn.totalCents <= totals.totalCents) {
				sequence++;
				const cnId = `${id}cn`;
				invoiceRows.push({
					id: cnId,
					companyId: o.companyId,
					journalId: o.journalId,
					customerId: invoice.customerId,
					kind: 'credit_note',
					creditedInvoiceId: id,
					state: 'finalized',
					number: `${prefix.toUpperCase()}-${String(sequence).padStart(6, '0')}`,
					sequence,
					issueDate,
					dueDate,
					currency: invoice.currency,
					ogm: ogmDigits(ogmFromNumber(900_000_000 + (o.seed ?? 13) * 1_000_000 + i))!,
					netCents: cn.netCents,
					vatCents: cn.vatCents,
					totalCents: cn.totalCents,
					finalizedAt: createdAt,
					createdAt: new Date(createdAt.getTime() + 30_000)
				});
				lineRows.push({
					id: `${cnId}l0`,
					invoiceId: cnId,
					position: 1,
					description: 'Credit',
					quantityMilli: -1000,
					unitPriceMilli: cnLines[0]!.unitPriceMilli,
					vat: cnLines[0]!.vat,
					netCents: cn.lineNetCents[0]!
				});
			}
		}
	}
	await insertChunks(customerRows, 500, (c) => db.insert(customers).values(c));
	await insertChunks(invoiceRows, 500, (c) => db.insert(invoices).values(c));
	await insertChunks(lineRows, 800, (c) => db.insert(invoiceLines).values(c));
	await insertChunks(paymentRows, 1000, (c) => db.insert(payments).values(c));
	return {
		customers: customerRows.length,
		invoices: invoiceRows.length,
		lines: lineRows.length,
		payments: paymentRows.length
	};
}
