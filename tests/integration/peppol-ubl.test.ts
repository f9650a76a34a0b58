import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db';
import { invoices } from '$lib/server/db/schema';
import { loadInvoiceDocument } from '$lib/server/invoicing/document';
import { registerPayment } from '$lib/server/invoicing/ledger';
import { invoiceUbl } from '$lib/server/peppol/document';
import { generateUbl, UblError, ublBlocker, unitCode } from '$lib/server/peppol/ubl';
import {
	compiledRules,
	rulesDir,
	validateUbl,
	type ValidationReport
} from '../../sandbox/peppol/rules';
import { describeWithRules } from '../../sandbox/peppol/test/withRules';
import { createTestDb } from '../helpers/db';
import { makeCompany, makeCustomer, makeInvoice } from '../helpers/invoicing-fixtures';

/**
 * Every kind of document Acquit produces, validated with OpenPeppol's official rules (the same
 * an access point applies). In CI (CI=true) missing rules fail the run; on a developer machine
 * without `../shared/peppol` the validation tests are skipped with a message saying so.
 */
const validating = describeWithRules('UBL validation tests');

let db: Db;
let a: Awaited<ReturnType<typeof makeCompany>>;

beforeAll(async () => {
	db = (await createTestDb()).db as Db;
	a = await makeCompany(db, { email: 'facturation@dupont.be', phone: '+32 2 123 45 67' });
});

const SLOW = 120_000;

/** Zero fatal failed asserts, or the test fails listing each rule and where. */
function expectValid(report: ValidationReport) {
	expect(
		report.errors.map((e) => `${e.id} at ${e.location}: ${e.text}`),
		'fatal failed asserts'
	).toEqual([]);
}

function tag(xml: string, name: string): string[] {
	return [...xml.matchAll(new RegExp(`<${name}(?: [^>]*)?>([^<]*)</${name}>`, 'g'))].map(
		(m) => m[1]!
	);
}

async function ubl(invoiceId: string, options: Parameters<typeof generateUbl>[1] = {}) {
	const doc = (await loadInvoiceDocument(db, a.company.id, invoiceId))!;
	return { doc, ...(await generateUbl(doc, options)) };
}

const PDF = new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

validating('Peppol BIS 3.0 UBL passes the official rules', () => {
	beforeAll(async () => {
		const { timing } = await compiledRules(rulesDir());
		console.log(
			`Peppol rules ${timing.cached ? 'loaded from the cache' : 'compiled'} in ${Math.round(timing.ms)} ms`
		);
	}, 900_000);

	it(
		'an invoice with several VAT rates, a discount, the OGM, the pay link and the PDF',
		async () => {
			const customer = await makeCustomer(db, a.company.id, { locale: 'fr' });
			const inv = await makeInvoice(db, {
				companyId: a.company.id,
				journalId: a.journal.id,
				customer,
				company: a.company,
				number: '2026-0042',
				ogmReference: 123456789,
				lines: [
					{
						description: 'Consultance',
						quantityMilli: 7500,
						unitPriceMilli: 85_000,
						vat: '21',
						unit: 'h'
					},
					{ description: 'Repas', quantityMilli: 3000, unitPriceMilli: 18_333, vat: '12' },
					{
						description: 'Livres',
						quantityMilli: 2000,
						unitPriceMilli: 24_950,
						discountBp: 1250,
						vat: '6'
					},
					{ description: 'Journal', quantityMilli: 1000, unitPriceMilli: 2_500, vat: '0' }
				]
			});
			const t0 = performance.now();
			const { xml, doc, sender, receiver, filename } = await ubl(inv.id, {
				payUrl: 'https://acquit.test/pay/abc123?lang=fr&x=1',
				pdf: { data: PDF }
			});
			const generated = performance.now() - t0;
			const t1 = performance.now();
			const report = await validateUbl(xml);
			console.log(
				`UBL: generated in ${generated.toFixed(1)} ms, validated in ${Math.round(performance.now() - t1)} ms`
			);
			expectValid(report);

			expect(filename).toBe('2026-0042.xml');
			expect(sender).toEqual({ scheme: '0208', value: '0123456749' });
			expect(receiver).toEqual({ scheme: '0208', value: '0987654394' });
			expect(xml).toContain('<cbc:EndpointID schemeID="0208">0123456749</cbc:EndpointID>');
			expect(xml).toContain('<cbc:EndpointID schemeID="0208">0987654394</cbc:EndpointID>');
			expect(tag(xml, 'cbc:PaymentID')).toEqual(['012345678939']);
			expect(tag(xml, 'cbc:PaymentMeansCode')).toEqual(['58']);
			expect(xml).toContain('<cbc:ID>BE68539007547034</cbc:ID>');
			expect(tag(xml, 'cbc:DueDate')).toEqual(['2026-04-01']);
			// No reference typed on the invoice: its number is the order reference.
			expect(xml).toMatch(/<cac:OrderReference>\s*<cbc:ID>2026-0042<\/cbc:ID>/);
			expect(tag(xml, 'cbc:URI')).toEqual(['https://acquit.test/pay/abc123?lang=fr&amp;x=1']);
			expect(tag(xml, 'cbc:Note')[0]).toContain('+++012/3456/78939+++');
			expect(tag(xml, 'cbc:EmbeddedDocumentBinaryObject')).toEqual([
				Buffer.from(PDF).toString('base64')
			]);
			expect(tag(xml, 'cbc:Percent')).toContain('12');
			expect(xml).toContain('<cbc:InvoicedQuantity unitCode="HUR">7.5</cbc:InvoicedQuantity>');
			// Totals to the cent: the invoice's own.
			expect(tag(xml, 'cbc:TaxInclusiveAmount')).toEqual([(doc.totalCents / 100).toFixed(2)]);
			expect(tag(xml, 'cbc:TaxExclusiveAmount')).toEqual([(doc.netCents / 100).toFixed(2)]);
			expect(tag(xml, 'cbc:PayableAmount')).toEqual([(doc.totalCents / 100).toFixed(2)]);
			expect(tag(xml, 'cbc:ID').filter((v) => ['S', 'Z'].includes(v))).toHaveLength(8);
		},
		SLOW
	);

	it(
		'domestic reverse charge: category AE with its exemption reason',
		async () => {
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
					{ description: 'Materiaal', quantityMilli: 1000, unitPriceMilli: 500_000, vat: '21' },
					{
						description: 'Werken',
						quantityMilli: 1500,
						unitPriceMilli: 80_125,
						discountBp: 1000,
						vat: 'reverse_charge_be'
					}
				]
			});
			await db.update(invoices).set({ reference: 'PO-2026/77' }).where(eq(invoices.id, inv.id));
			const { xml } = await ubl(inv.id);
			expectValid(await validateUbl(xml));
			expect(tag(xml, 'cbc:TaxExemptionReasonCode')).toEqual(['VATEX-EU-AE']);
			expect(tag(xml, 'cbc:TaxExemptionReason')).toEqual([
				'Verlegging van heffing — art. 51, § 2 van het Btw-Wetboek'
			]);
			expect(tag(xml, 'cbc:BuyerReference')).toEqual(['PO-2026/77']);
			expect(xml).toMatch(/<cac:OrderReference>\s*<cbc:ID>PO-2026\/77<\/cbc:ID>/);
			// 1.5 × 80.125 = 120.19 gross, 10 % off → 108.17 net; the allowance is the difference.
			expect(tag(xml, 'cbc:Amount')).toEqual(['12.02']);
		},
		SLOW
	);

	it(
		'a customer in another EU country, by its VAT number: intra-Community supply and services',
		async () => {
			const customer = await makeCustomer(db, a.company.id, {
				name: 'Boulangerie Lefèvre SARL',
				locale: 'fr',
				street: '3 rue de la Paix',
				postalCode: '75002',
				city: 'Paris',
				country: 'FR',
				vatNumber: 'FR40303265045'
			});
			const inv = await makeInvoice(db, {
				companyId: a.company.id,
				journalId: a.journal.id,
				customer,
				company: a.company,
				lines: [
					{
						description: 'Four à pain',
						quantityMilli: 1000,
						unitPriceMilli: 12_500_000,
						vat: 'intra_eu_supply_exempt'
					},
					{
						description: 'Installation',
						quantityMilli: 4000,
						unitPriceMilli: 95_000,
						vat: 'reverse_charge_eu_services'
					}
				]
			});
			const { xml, receiver } = await ubl(inv.id);
			expectValid(await validateUbl(xml));
			expect(receiver).toEqual({ scheme: '9957', value: 'FR40303265045' });
			expect(tag(xml, 'cbc:TaxExemptionReasonCode')).toEqual(['VATEX-EU-AE', 'VATEX-EU-IC']);
			expect(tag(xml, 'cbc:ActualDeliveryDate')).toEqual(['2026-03-02']);
			expect(tag(xml, 'cbc:TaxAmount')).toEqual(['0.00', '0.00', '0.00']);
		},
		SLOW
	);

	it(
		'a credit note: positive credited amounts and the invoice it corrects',
		async () => {
			const customer = await makeCustomer(db, a.company.id, { locale: 'en' });
			const lines = [
				{
					description: 'Consulting',
					quantityMilli: 2000,
					unitPriceMilli: 100_000,
					vat: '21' as const
				},
				{ description: 'Book', quantityMilli: 1000, unitPriceMilli: 50_000, vat: '6' as const }
			];
			const inv = await makeInvoice(db, {
				companyId: a.company.id,
				journalId: a.journal.id,
				customer,
				company: a.company,
				lines,
				number: '2026-0100'
			});
			const cn = await makeInvoice(db, {
				companyId: a.company.id,
				journalId: a.journal.id,
				customer,
				company: a.company,
				kind: 'credit_note',
				creditedInvoiceId: inv.id,
				number: '2026-0101',
				lines: lines.map((l) => ({ ...l, quantityMilli: -l.quantityMilli }))
			});
			const { xml } = await ubl(cn.id, { payUrl: 'https://acquit.test/pay/x', pdf: { data: PDF } });
			expectValid(await validateUbl(xml));
			expect(xml).toMatch(
				/^<\?xml[^>]*>\n<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/
			);
			expect(tag(xml, 'cbc:CreditNoteTypeCode')).toEqual(['381']);
			expect(xml).toMatch(/<cac:InvoiceDocumentReference>\s*<cbc:ID>2026-0100<\/cbc:ID>/);
			expect(tag(xml, 'cbc:CreditedQuantity')).toEqual(['2', '1']);
			expect(tag(xml, 'cbc:PayableAmount')).toEqual(['295.00']);
			// Nothing to pay on a credit note: no pay link, no payment instructions.
			expect(xml).not.toContain('cbc:URI');
			expect(xml).not.toContain('cac:PaymentMeans');
		},
		SLOW
	);

	it(
		'a partially paid invoice: what was paid is prepaid, the rest is payable',
		async () => {
			const customer = await makeCustomer(db, a.company.id);
			const inv = await makeInvoice(db, {
				companyId: a.company.id,
				journalId: a.journal.id,
				customer,
				company: a.company,
				lines: [{ quantityMilli: 1000, unitPriceMilli: 1_000_000, vat: '21' }]
			});
			await registerPayment(db, a.company.id, inv.id, {
				date: '2026-03-05',
				amountCents: 40_000,
				method: 'bank_transfer'
			});
			const { xml } = await ubl(inv.id, { payUrl: 'https://acquit.test/pay/p' });
			expectValid(await validateUbl(xml));
			expect(tag(xml, 'cbc:TaxInclusiveAmount')).toEqual(['1210.00']);
			expect(tag(xml, 'cbc:PrepaidAmount')).toEqual(['400.00']);
			expect(tag(xml, 'cbc:PayableAmount')).toEqual(['810.00']);
		},
		SLOW
	);

	it(
		'long texts and special characters survive, escaped, and still pass',
		async () => {
			const customer = await makeCustomer(db, a.company.id, {
				name: 'Ça & Là <Brasserie> "Chez l\'Zoë" BV/SRL',
				contactPerson: 'Ëlise Dœuf',
				street: 'Chaussée de Wavre 1000 — bte 3',
				city: 'Ixelles/Elsene'
			});
			const long = `${'Prestation détaillée: ŝ ø ß € ™ 😀 <>&"\' '.repeat(30)}\nSecond line\tafter a tab\u0007`;
			const inv = await makeInvoice(db, {
				companyId: a.company.id,
				journalId: a.journal.id,
				customer,
				company: a.company,
				lines: [{ description: long, quantityMilli: 1, unitPriceMilli: 999_999_999, vat: '21' }]
			});
			await db
				.update(invoices)
				.set({ notes: 'Merci & à bientôt <3\n“Quotes” ]]> done', reference: 'Réf. <A&B>' })
				.where(eq(invoices.id, inv.id));
			const { xml } = await ubl(inv.id);
			expectValid(await validateUbl(xml));
			expect(xml).toContain('Ça &amp; Là &lt;Brasserie&gt; &quot;Chez l&apos;Zoë&quot; BV/SRL');
			expect(xml).toContain('😀');
			// A control character XML cannot carry is dropped, not sent.
			expect(xml).not.toContain('\u0007');
			// The item name is the first line, shortened; the description keeps every word.
			const name = tag(xml, 'cbc:Name').find((n) => n.startsWith('Prestation'))!;
			expect(name).toMatch(/…$/);
			expect(name).not.toContain('Second line');
			expect(tag(xml, 'cbc:Description')[0]).toContain('Second line\tafter a tab');
			expect(xml).toContain(']]&gt; done');
		},
		SLOW
	);

	it(
		'a receiver registered under 9925 (its VAT number) is addressed there',
		async () => {
			const customer = await makeCustomer(db, a.company.id);
			const inv = await makeInvoice(db, {
				companyId: a.company.id,
				journalId: a.journal.id,
				customer,
				company: a.company,
				lines: [{ quantityMilli: 1000, unitPriceMilli: 10_000, vat: '21' }]
			});
			const { xml } = await ubl(inv.id, {
				buyerEndpoint: { scheme: '9925', value: 'BE0987654394' }
			});
			expectValid(await validateUbl(xml));
			expect(xml).toContain('<cbc:EndpointID schemeID="9925">BE0987654394</cbc:EndpointID>');
		},
		SLOW
	);

	it(
		'the rules do reject a broken document (no buyer or order reference)',
		async () => {
			const customer = await makeCustomer(db, a.company.id);
			const inv = await makeInvoice(db, {
				companyId: a.company.id,
				journalId: a.journal.id,
				customer,
				company: a.company,
				lines: [{ quantityMilli: 1000, unitPriceMilli: 10_000, vat: '21' }]
			});
			const { xml } = await ubl(inv.id);
			const broken = xml.replace(/<cac:OrderReference>[\s\S]*?<\/cac:OrderReference>/, '');
			const report = await validateUbl(broken);
			expect(report.errors.map((e) => e.id)).toEqual(['PEPPOL-EN16931-R003']);
			const badTotal = xml.replace(
				/<cbc:PayableAmount([^>]*)>[^<]*</,
				'<cbc:PayableAmount$1>1.00<'
			);
			expect((await validateUbl(badTotal)).errors.map((e) => e.id)).toContain('BR-CO-16');
		},
		SLOW
	);

	it(
		"the e-invoice as the app makes it, with the invoice's own PDF embedded",
		async () => {
			const customer = await makeCustomer(db, a.company.id);
			const inv = await makeInvoice(db, {
				companyId: a.company.id,
				journalId: a.journal.id,
				customer,
				company: a.company,
				lines: [{ quantityMilli: 1000, unitPriceMilli: 10_000, vat: '21' }]
			});
			const made = await invoiceUbl(db, a.company.id, inv.id, { base: 'https://x.test' });
			expect(made!.xml).toMatch(/<cbc:EmbeddedDocumentBinaryObject mimeCode="application\/pdf"/);
			expectValid(await validateUbl(made!.xml));
		},
		SLOW
	);
});

describe('UBL generator refuses what Peppol cannot carry', () => {
	async function attempt(over: Parameters<typeof makeCustomer>[2], state?: 'draft') {
		const customer = await makeCustomer(db, a.company.id, over);
		const inv = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer,
			company: a.company,
			state,
			lines: [{ quantityMilli: 1000, unitPriceMilli: 10_000, vat: '21' }]
		});
		const doc = (await loadInvoiceDocument(db, a.company.id, inv.id))!;
		return generateUbl(doc).then(
			() => null,
			(e: unknown) => (e instanceof UblError ? `${e.code} ${e.field}` : String(e))
		);
	}

	it('a draft, a customer without VAT number, a bad check digit, a non-EU number', async () => {
		expect(await attempt({}, 'draft')).toBe('draft invoice');
		expect(await attempt({ vatNumber: '' })).toBe('buyer_vat_missing customer.vatNumber');
		expect(await attempt({ vatNumber: 'BE0987654395' })).toBe(
			'buyer_vat_invalid customer.vatNumber'
		);
		expect(await attempt({ vatNumber: 'CHE123456789' })).toBe(
			'buyer_vat_invalid customer.vatNumber'
		);
	});

	it('totals that do not match the lines are never written', async () => {
		const customer = await makeCustomer(db, a.company.id);
		const inv = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer,
			company: a.company,
			lines: [{ quantityMilli: 1000, unitPriceMilli: 10_000, vat: '21' }]
		});
		await db.update(invoices).set({ totalCents: 1211 }).where(eq(invoices.id, inv.id));
		const doc = (await loadInvoiceDocument(db, a.company.id, inv.id))!;
		await expect(generateUbl(doc)).rejects.toMatchObject({ code: 'totals' });
	});

	it("another company's invoice gives nothing; a private customer's gives the reason", async () => {
		const customer = await makeCustomer(db, a.company.id);
		const inv = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer,
			company: a.company,
			lines: [{ quantityMilli: 1000, unitPriceMilli: 10_000, vat: '21' }]
		});
		const other = await makeCompany(db, { name: 'Autre SRL' });
		expect(await invoiceUbl(db, other.company.id, inv.id, { base: 'https://x.test' })).toBeNull();
		const mine = await invoiceUbl(db, a.company.id, inv.id, { base: 'https://x.test' });
		expect(mine?.filename).toMatch(/\.xml$/);
		// The invoice's own PDF is embedded (base64, application/pdf, <number>.pdf) and the whole
		// document still passes the official rules.
		const embedded =
			/<cbc:EmbeddedDocumentBinaryObject mimeCode="application\/pdf" filename="([^"]+)">([^<]+)</.exec(
				mine!.xml
			);
		expect(embedded?.[1]).toBe(mine!.filename.replace(/\.xml$/, '.pdf'));
		const pdf = Buffer.from(embedded![2]!, 'base64');
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(pdf.toString('latin1')).toContain('%%EOF');

		const privateCustomer = await makeCustomer(db, a.company.id, { vatNumber: '' });
		const p = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer: privateCustomer,
			company: a.company,
			lines: [{ quantityMilli: 1000, unitPriceMilli: 10_000, vat: '21' }]
		});
		const doc = (await loadInvoiceDocument(db, a.company.id, p.id))!;
		expect(ublBlocker(doc)?.code).toBe('buyer_vat_missing');
		await expect(
			invoiceUbl(db, a.company.id, p.id, { base: 'https://x.test' })
		).rejects.toBeInstanceOf(UblError);
	});

	it('maps typed units to UN/ECE codes', () => {
		expect(['h', 'Uur', 'jours', 'm²', 'pièce', ''].map(unitCode)).toEqual([
			'HUR',
			'HUR',
			'DAY',
			'MTK',
			'C62',
			'C62'
		]);
	});
});
