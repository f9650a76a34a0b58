import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';
import type { Db } from '$lib/server/db';
import { companies } from '$lib/server/db/schema';
import { loadInvoiceDocument } from '$lib/server/invoicing/document';
import { registerPayment } from '$lib/server/invoicing/ledger';
import { qrSvg } from '$lib/server/qr';
import { createTestDb } from '../helpers/db';
import { makeCompany, makeCustomer, makeInvoice } from '../helpers/invoicing-fixtures';

let db: Db;
let a: Awaited<ReturnType<typeof makeCompany>>;

beforeAll(async () => {
	db = (await createTestDb()).db as Db;
	a = await makeCompany(db);
});

// 2 × €100.00 at 21 % + 1 × €50.00 at 6 % = €295.00; OGM reference 123456789 → +++012/3456/78939+++.
const LINES = [
	{ description: 'Consultance', quantityMilli: 2000, unitPriceMilli: 100_000, vat: '21' as const },
	{ description: 'Livre', quantityMilli: 1000, unitPriceMilli: 50_000, vat: '6' as const }
];

describe('invoice document', () => {
	it('carries the open amount and the OGM on line 10 of the EPC payload', async () => {
		const customer = await makeCustomer(db, a.company.id, { locale: 'fr' });
		const inv = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer,
			company: a.company,
			lines: LINES,
			number: '2026-0007',
			ogmReference: 123456789
		});
		let doc = await loadInvoiceDocument(db, a.company.id, inv.id);
		expect(doc).not.toBeNull();
		expect(doc!.ogm).toBe('+++012/3456/78939+++');
		expect(doc!.epc).toBe(
			'BCD\n002\n1\nSCT\nGKCCBEBB\nAtelier Dupont SRL\nBE68539007547034\nEUR295.00\n\n012345678939'
		);
		expect(doc!.epc!.split('\n')[9]).toBe('012345678939');

		await registerPayment(db, a.company.id, inv.id, {
			date: '2026-03-03',
			amountCents: 10000,
			method: 'bank_transfer'
		});
		doc = await loadInvoiceDocument(db, a.company.id, inv.id);
		expect(doc!.epc).toBe(
			'BCD\n002\n1\nSCT\nGKCCBEBB\nAtelier Dupont SRL\nBE68539007547034\nEUR195.00\n\n012345678939'
		);
		expect(doc!.ledger).toMatchObject({ balanceCents: 19500, status: 'partially_paid' });

		// Fully paid: nothing left to scan.
		await registerPayment(db, a.company.id, inv.id, {
			date: '2026-03-04',
			amountCents: 19500,
			method: 'cash'
		});
		doc = await loadInvoiceDocument(db, a.company.id, inv.id);
		expect(doc!.epc).toBeNull();

		const svg = await qrSvg('BCD\n002\n1\nSCT\n\nX\nBE68539007547034');
		expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
		expect(svg).toContain('<path');
	});

	it('computes totals per VAT rate and shows legal mentions in the customer language', async () => {
		const customer = await makeCustomer(db, a.company.id, {
			name: 'Bouwbedrijf Janssens NV',
			locale: 'nl'
		});
		const inv = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer,
			company: a.company,
			lines: [
				...LINES,
				{ quantityMilli: 1500, unitPriceMilli: 80_125, discountBp: 1000, vat: 'reverse_charge_be' }
			]
		});
		const doc = (await loadInvoiceDocument(db, a.company.id, inv.id))!;
		expect(doc.locale).toBe('nl');
		expect(doc.buyer.name).toBe('Bouwbedrijf Janssens NV');
		// 1.5 × 80.125 × 0.9 = 108.16875 → 108.17
		expect(doc.lines.map((l) => l.netCents)).toEqual([20000, 5000, 10817]);
		expect(doc.breakdown).toEqual([
			{ category: '21', ratePercent: 21, baseCents: 20000, vatCents: 4200 },
			{ category: '6', ratePercent: 6, baseCents: 5000, vatCents: 300 },
			{ category: 'reverse_charge_be', ratePercent: 0, baseCents: 10817, vatCents: 0 }
		]);
		expect(doc.totalCents).toBe(40317);
		expect(doc.mentions).toEqual(['Verlegging van heffing — art. 51, § 2 van het Btw-Wetboek']);

		const fr = await makeCustomer(db, a.company.id, { locale: 'fr' });
		const intra = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer: fr,
			company: a.company,
			lines: [{ quantityMilli: 1000, unitPriceMilli: 1000_000, vat: 'intra_eu_supply_exempt' }]
		});
		expect((await loadInvoiceDocument(db, a.company.id, intra.id))!.mentions).toEqual([
			'Livraison intracommunautaire exemptée — art. 39bis du Code TVA'
		]);
	});

	it('uses the snapshot frozen at finalization, the live company for drafts', async () => {
		const customer = await makeCustomer(db, a.company.id, { locale: 'en' });
		const finalized = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer,
			company: a.company,
			lines: LINES
		});
		const draft = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer,
			lines: LINES,
			state: 'draft'
		});
		await db
			.update(companies)
			.set({ street: 'Nieuwstraat 99' })
			.where(eq(companies.id, a.company.id));
		const f = (await loadInvoiceDocument(db, a.company.id, finalized.id))!;
		const d = (await loadInvoiceDocument(db, a.company.id, draft.id))!;
		expect(f.seller.street).toBe('Rue Haute 12');
		expect(d.seller.street).toBe('Nieuwstraat 99');
		expect(d.draft).toBe(true);
		expect(d.number).toBeNull();
		expect(d.epc).toBeNull();
		expect(f.seller.iban).toBe('BE68 5390 0754 7034');
	});

	it('prints a credit note with the number it corrects and no QR', async () => {
		const customer = await makeCustomer(db, a.company.id, { locale: 'fr' });
		const inv = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer,
			company: a.company,
			lines: LINES,
			number: '2026-0100'
		});
		const cn = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer,
			company: a.company,
			kind: 'credit_note',
			creditedInvoiceId: inv.id,
			lines: [{ quantityMilli: -1000, unitPriceMilli: 50_000, vat: '6' }]
		});
		const doc = (await loadInvoiceDocument(db, a.company.id, cn.id))!;
		expect(doc.kind).toBe('credit_note');
		expect(doc.creditedInvoiceNumber).toBe('2026-0100');
		expect(doc.totalCents).toBe(-5300);
		expect(doc.ledger).toBeNull();
		expect(doc.epc).toBeNull();
	});

	it('gives no EPC QR for other currencies or without IBAN, and hides other companies', async () => {
		const noIban = await makeCompany(db, { name: 'Sans IBAN', iban: '', bic: '' });
		const customer = await makeCustomer(db, noIban.company.id);
		const inv = await makeInvoice(db, {
			companyId: noIban.company.id,
			journalId: noIban.journal.id,
			customer,
			company: noIban.company,
			lines: LINES
		});
		expect((await loadInvoiceDocument(db, noIban.company.id, inv.id))!.epc).toBeNull();
		expect(await loadInvoiceDocument(db, a.company.id, inv.id)).toBeNull();

		const usdCustomer = await makeCustomer(db, a.company.id);
		const usd = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer: usdCustomer,
			company: a.company,
			lines: LINES,
			currency: 'USD'
		});
		const doc = (await loadInvoiceDocument(db, a.company.id, usd.id))!;
		expect(doc.ledger?.balanceCents).toBe(29500);
		expect(doc.epc).toBeNull();
	});

	it('has document labels in French and Dutch', () => {
		expect(m.doc_invoice({}, { locale: 'fr' })).toBe('Facture');
		expect(m.doc_invoice({}, { locale: 'nl' })).toBe('Factuur');
		expect(m.doc_credit_note({}, { locale: 'nl' })).toBe('Creditnota');
		expect(m.doc_corrects({ number: '2026-0100' }, { locale: 'fr' })).toBe(
			'Corrige la facture 2026-0100'
		);
		expect(m.share_doc_scan_bank({}, { locale: 'nl' })).toBe('Overschrijving: scan met uw bankapp');
		expect(m.doc_vat_number({}, { locale: 'fr' })).toBe('N° TVA');
		expect(m.doc_total_incl({}, { locale: 'nl' })).toBe('Totaal incl. btw');
	});
});
