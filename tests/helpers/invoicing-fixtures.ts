import { ogmFromNumber, ogmDigits } from '../../src/lib/domain/ogm';
import { computeTotals, type VatCategory } from '../../src/lib/domain/vat';
import type { Db } from '../../src/lib/server/db';
import {
	companies,
	customers,
	invoiceLines,
	invoices,
	journals,
	type Company,
	type Customer
} from '../../src/lib/server/db/schema';
import { randomId } from '../../src/lib/server/secrets/ids';

/**
 * Rows inserted straight with drizzle, so ledger and document tests don't depend on the invoice
 * editor. Totals go through computeTotals — the same rule the app uses — and the OGM through
 * ogmFromNumber, so the fixtures are valid documents, not just valid rows.
 */

let ogmCounter = 1000;

export async function makeCompany(db: Db, over: Partial<typeof companies.$inferInsert> = {}) {
	const row = {
		id: randomId(),
		name: 'Atelier Dupont SRL',
		street: 'Rue Haute 12',
		postalCode: '1000',
		city: 'Bruxelles',
		country: 'BE',
		vatNumber: 'BE0123456749',
		iban: 'BE68539007547034',
		bic: 'GKCCBEBB',
		...over
	};
	const [company] = await db.insert(companies).values(row).returning();
	const [journal] = await db
		.insert(journals)
		.values({ id: randomId(), companyId: row.id, name: 'Ventes', footer: 'Merci !' })
		.returning();
	return { company: company!, journal: journal! };
}

export async function makeCustomer(
	db: Db,
	companyId: string,
	over: Partial<typeof customers.$inferInsert> = {}
) {
	const [customer] = await db
		.insert(customers)
		.values({
			id: randomId(),
			companyId,
			name: 'Bakkerij Peeters BV',
			locale: 'nl',
			street: 'Meir 1',
			postalCode: '2000',
			city: 'Antwerpen',
			vatNumber: 'BE0987654394',
			...over
		})
		.returning();
	return customer!;
}

export interface FixtureLine {
	description?: string;
	quantityMilli: number;
	unitPriceMilli: number;
	discountBp?: number;
	vat: VatCategory;
	unit?: string;
}

export interface MakeInvoiceOptions {
	companyId: string;
	journalId: string;
	customer: Customer;
	company?: Company;
	lines: FixtureLine[];
	kind?: 'invoice' | 'credit_note';
	creditedInvoiceId?: string;
	state?: 'draft' | 'finalized';
	number?: string;
	sequence?: number;
	/** 10-digit reference for the OGM; a fresh one by default. */
	ogmReference?: number;
	issueDate?: string;
	dueDate?: string;
	currency?: string;
	sent?: boolean;
}

/** An invoice (or credit note) with its lines and exact totals. */
/** The invoice most tests need: finalized, one line of €100 at 21 % (€121), in the journal. */
export function makeOneLineInvoice(
	db: Db,
	to: { company: Company; journal: { id: string }; customer: Customer },
	over: Partial<MakeInvoiceOptions> = {}
) {
	return makeInvoice(db, {
		companyId: to.company.id,
		journalId: to.journal.id,
		customer: to.customer,
		company: to.company,
		lines: [{ quantityMilli: 1000, unitPriceMilli: 100_000, vat: '21' }],
		...over
	});
}

export async function makeInvoice(db: Db, o: MakeInvoiceOptions) {
	const totals = computeTotals(o.lines);
	const id = randomId();
	const state = o.state ?? 'finalized';
	const seq = ogmCounter++;
	const ogm = ogmDigits(ogmFromNumber(o.ogmReference ?? seq))!;
	const snapshot =
		state === 'finalized' && o.company
			? {
					company: {
						name: o.company.name,
						street: o.company.street,
						postalCode: o.company.postalCode,
						city: o.company.city,
						country: o.company.country,
						vatNumber: o.company.vatNumber,
						iban: o.company.iban,
						bic: o.company.bic
					},
					customer: {
						name: o.customer.name,
						street: o.customer.street,
						postalCode: o.customer.postalCode,
						city: o.customer.city,
						country: o.customer.country,
						vatNumber: o.customer.vatNumber,
						locale: o.customer.locale
					}
				}
			: null;
	await db.batch([
		db.insert(invoices).values({
			id,
			companyId: o.companyId,
			journalId: o.journalId,
			customerId: o.customer.id,
			kind: o.kind ?? 'invoice',
			creditedInvoiceId: o.creditedInvoiceId ?? null,
			state,
			number: state === 'finalized' ? (o.number ?? `2026-${String(seq).padStart(4, '0')}`) : null,
			sequence: state === 'finalized' ? (o.sequence ?? seq) : null,
			issueDate: o.issueDate ?? '2026-03-02',
			dueDate: o.dueDate ?? '2026-04-01',
			currency: o.currency ?? 'EUR',
			ogm,
			netCents: totals.netCents,
			vatCents: totals.vatCents,
			totalCents: totals.totalCents,
			snapshot,
			finalizedAt: state === 'finalized' ? new Date('2026-03-02T09:00:00Z') : null,
			sentAt: o.sent ? new Date('2026-03-02T10:00:00Z') : null
		}),
		db.insert(invoiceLines).values(
			o.lines.map((l, i) => ({
				id: randomId(),
				invoiceId: id,
				position: i + 1,
				description: l.description ?? `Line ${i + 1}`,
				quantityMilli: l.quantityMilli,
				unit: l.unit ?? '',
				unitPriceMilli: l.unitPriceMilli,
				discountBp: l.discountBp ?? 0,
				vat: l.vat,
				netCents: totals.lineNetCents[i]!
			}))
		)
	]);
	return { id, ogm, totals };
}
