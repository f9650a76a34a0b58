import fontkit from '@pdf-lib/fontkit';
import { eq } from 'drizzle-orm';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	decodePDFRawStream,
	PDFArray,
	PDFDict,
	PDFDocument,
	PDFName,
	PDFRawStream,
	PDFRef
} from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '$lib/server/db';
import { companies, invoices } from '$lib/server/db/schema';
import { registerPayment } from '$lib/server/invoicing/ledger';
import { ensurePayToken, regeneratePayToken } from '$lib/server/payments/payLinks';
import { loadInvoiceDocument } from '$lib/server/invoicing/document';
import {
	DocumentsServiceError,
	pdfFilename,
	pdfResponse,
	renderInvoicePdf,
	renderPayLinkPdf,
	renderThrough
} from '$lib/server/pdf';
import { fontBytes } from '$lib/server/pdf/fonts';
import { serveRender } from '$lib/server/pdf/service';
import { renderRequest } from '$lib/server/pdf/wire';
import { createTestDb } from '../helpers/db';
import { makeCompany, makeCustomer, makeInvoice } from '../helpers/invoicing-fixtures';

// The pay-link keyring comes from the environment, read through SvelteKit's $env module.
const KEY = vi.hoisted(() => Buffer.alloc(32, 7).toString('base64'));
vi.mock('$env/dynamic/private', () => ({ env: { TOKEN_ENCRYPTION_KEY: KEY } }));
const keys = { encryptionKey: KEY, oldEncryptionKeys: [] };
const BASE = 'https://acquit.test';

let db: Db;
let close: () => void;
let a: Awaited<ReturnType<typeof makeCompany>>;
const dir = mkdtempSync(join(tmpdir(), 'acquit-pdf-'));
let files = 0;

beforeAll(async () => {
	const created = await createTestDb();
	db = created.db as Db;
	close = () => created.client.close();
	a = await makeCompany(db, { name: 'Atelier Zoë Façade SRL', brandColor: '#7c3aed' });
});
afterAll(() => close());

/** What a reader of the PDF sees, by Debian's pdftotext (poppler); odd spaces made plain. */
function pdfText(bytes: Uint8Array): string {
	const file = join(dir, `${files++}.pdf`);
	writeFileSync(file, bytes);
	return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
		.replace(/[\u00a0\u202f]/g, ' ')
		.replace(/ +/g, ' ');
}

function pdfPages(bytes: Uint8Array): number {
	const file = join(dir, `${files++}.pdf`);
	writeFileSync(file, bytes);
	const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
	return Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
}

// 2 × €100.00 at 21 % = €242.00; OGM reference 123456789 → +++012/3456/78939+++.
const LINES = [
	{
		description: 'Herstelling gevel — crème & ĳzerwerk',
		quantityMilli: 2000,
		unitPriceMilli: 100_000,
		vat: '21' as const,
		unit: 'u'
	}
];

// Each test makes real PDFs and runs pdftotext on them; the first one also loads pdf-lib, fontkit
// and the font. Seconds, not milliseconds, when the machine is shared: 5 s is too tight.
const SLOW = { timeout: 30_000 };

describe('invoice PDF', SLOW, () => {
	it('prints the frozen Dutch invoice: parties, lines, VAT, totals, OGM, pay link, accents', async () => {
		const customer = await makeCustomer(db, a.company.id, {
			name: 'Brouwerij Ĳzerman BV',
			contactPerson: 'Zoë Peeters',
			locale: 'nl'
		});
		const inv = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer,
			company: a.company,
			lines: LINES,
			number: '2026-0042',
			ogmReference: 123456789
		});
		// Changed after finalization: the PDF keeps what was frozen.
		await db
			.update(companies)
			.set({ street: 'Nieuwstraat 99' })
			.where(eq(companies.id, a.company.id));

		const pdf = (await renderInvoicePdf(db, a.company.id, inv.id, { baseUrl: BASE }))!;
		expect(pdf.filename).toBe('2026-0042.pdf');
		expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
		const text = pdfText(pdf.bytes);
		for (const expected of [
			'Factuur',
			'2026-0042',
			'LEVERANCIER',
			'Atelier Zoë Façade SRL',
			'Rue Haute 12',
			'KLANT',
			'Brouwerij Ĳzerman BV',
			'T.a.v. Zoë Peeters',
			'Btw-nummer: BE0987654394',
			'Vervaldatum',
			'2 maart 2026',
			'1 april 2026',
			'Herstelling gevel — crème & ĳzerwerk',
			'€ 100,00',
			'BTW-OVERZICHT',
			'21% € 200,00 € 42,00',
			'Totaal excl. btw € 200,00',
			'Totaal btw € 42,00',
			'Totaal incl. btw € 242,00',
			'Gestructureerde mededeling',
			'+++012/3456/78939+++',
			'BE68 5390 0754 7034',
			'Merci !',
			'Pagina 1 van 1'
		]) {
			expect(text).toContain(expected);
		}
		expect(text).not.toContain('Nieuwstraat');
		// The pay link the QR code carries is printed under it (the link made on first use).
		const token = await ensurePayToken(db, keys, a.company.id, inv.id);
		expect(text.replace(/\s+/g, '')).toContain(`${BASE}/pay/${token}`);

		// Another company's id is not found.
		const other = await makeCompany(db, { name: 'Autre SRL' });
		expect(await renderInvoicePdf(db, other.company.id, inv.id)).toBeNull();
	});

	it('speaks French with French numbers and legal mentions, and says when it is paid', async () => {
		const customer = await makeCustomer(db, a.company.id, {
			name: 'Société Générale de Bâtiment',
			locale: 'fr',
			country: 'FR',
			vatNumber: 'FR40303265045'
		});
		const inv = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer,
			company: a.company,
			number: '2026-0043',
			lines: [
				{
					description: 'Échafaudage',
					quantityMilli: 1000,
					unitPriceMilli: 1_234_560,
					vat: 'intra_eu_supply_exempt'
				}
			]
		});
		let text = pdfText((await renderInvoicePdf(db, a.company.id, inv.id))!.bytes);
		for (const expected of [
			'Facture',
			'FOURNISSEUR',
			'Échéance',
			'2 mars 2026',
			'1 234,56 €',
			'Livraison intracommunautaire exemptée — art. 39bis du Code TVA',
			'Communication structurée'
		]) {
			expect(text).toContain(expected);
		}
		// French typography: a no-break space before the colon ("N° TVA: FR…" before).
		expect(text).toContain('N° TVA : FR40303265045');
		// Countries by name in the document's language (the codes BE and FR before).
		expect(text).toContain('Belgique');
		expect(text).toContain('France');
		expect(text).not.toMatch(/(^|\s)(BE|FR)(\s|$)/);
		// No base URL given: no pay link (bank transfer only).
		expect(text).not.toContain('/pay/');

		await registerPayment(db, a.company.id, inv.id, {
			date: '2026-03-05',
			amountCents: 123456,
			method: 'bank_transfer'
		});
		text = pdfText((await renderInvoicePdf(db, a.company.id, inv.id, { baseUrl: BASE }))!.bytes);
		expect(text).toContain('Déjà payé −1 234,56 €');
		expect(text).toContain('Payée intégralement — merci !');
		expect(text).not.toContain('Communication structurée');
		expect(text).not.toContain('/pay/');
	});

	it('prints a credit note with the invoice it corrects', async () => {
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
			number: 'NC-2026/0001',
			lines: [
				{ description: 'Geste commercial', quantityMilli: -1000, unitPriceMilli: 50_000, vat: '6' }
			]
		});
		const pdf = (await renderInvoicePdf(db, a.company.id, cn.id, { baseUrl: BASE }))!;
		expect(pdf.filename).toBe('NC-2026-0001.pdf');
		const text = pdfText(pdf.bytes);
		for (const expected of [
			'Note de crédit',
			'NC-2026/0001',
			'Corrige la facture 2026-0100',
			'Geste commercial',
			'Total TVAC -53,00 €',
			'Ce montant est déduit de la facture qu’elle corrige.'
		]) {
			expect(text).toContain(expected);
		}
		expect(text).not.toContain('Échéance');
		expect(text).not.toContain('Communication structurée');
	});

	it('marks a draft and has no pay link for it', async () => {
		const customer = await makeCustomer(db, a.company.id, { locale: 'en' });
		const draft = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer,
			lines: LINES,
			state: 'draft'
		});
		const pdf = (await renderInvoicePdf(db, a.company.id, draft.id, { baseUrl: BASE }))!;
		expect(pdf.filename).toBe('draft.pdf');
		const text = pdfText(pdf.bytes);
		expect(text).toContain('Invoice');
		expect(text).toContain('DRAFT');
		expect(text).not.toContain('/pay/');
	});

	it('splits a 200-line invoice over pages, header on each, and stays small', async () => {
		const customer = await makeCustomer(db, a.company.id, { locale: 'nl' });
		const lines = Array.from({ length: 200 }, (_, i) => ({
			description:
				i % 10 === 0
					? `Regel ${i + 1}: herstelling van de voorgevel, steigerwerk en reiniging van alle dakgoten — ĳs`
					: `Regel ${i + 1}: crème brûlée`,
			quantityMilli: 1000 + i,
			unitPriceMilli: 1_000 * (i + 1),
			vat: (['21', '6', '12'] as const)[i % 3]
		}));
		const inv = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer,
			company: a.company,
			lines,
			number: '2026-0200'
		});
		const started = performance.now();
		const pdf = (await renderInvoicePdf(db, a.company.id, inv.id, { baseUrl: BASE }))!;
		const ms = performance.now() - started;
		console.log(`200-line PDF: ${pdf.bytes.length} bytes in ${ms.toFixed(0)} ms`);
		expect(pdf.bytes.length).toBeLessThan(512 * 1024);
		const pages = pdfPages(pdf.bytes);
		expect(pages).toBeGreaterThanOrEqual(5);
		const text = pdfText(pdf.bytes);
		for (let i = 1; i <= 200; i++) expect(text).toContain(`Regel ${i}:`);
		expect(text.match(/Omschrijving/g)).toHaveLength(pages);
		expect(text).toContain(`Pagina ${pages} van ${pages}`);
		const [row] = await db.select().from(invoices).where(eq(invoices.id, inv.id));
		const total = new Intl.NumberFormat('nl-BE', { style: 'currency', currency: 'EUR' })
			.format(row!.totalCents / 100)
			.replace(/[\u00a0\u202f]/g, ' ');
		expect(text).toContain(`Totaal incl. btw ${total}`);
	});
});

describe('customer PDF behind the pay link', SLOW, () => {
	it('opens finalized invoices only, in the language asked for, with the same link', async () => {
		const customer = await makeCustomer(db, a.company.id, { locale: 'nl' });
		const inv = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer,
			company: a.company,
			lines: LINES,
			number: '2026-0300'
		});
		const token = (await ensurePayToken(db, keys, a.company.id, inv.id))!;
		const nl = (await renderPayLinkPdf(db, token, { baseUrl: BASE }))!;
		expect(nl.filename).toBe('2026-0300.pdf');
		const nlText = pdfText(nl.bytes);
		expect(nlText).toContain('Factuur');
		expect(nlText.replace(/\s+/g, '')).toContain(`${BASE}/pay/${token}`);
		const en = pdfText((await renderPayLinkPdf(db, token, { baseUrl: BASE, lang: 'en' }))!.bytes);
		expect(en).toContain('Invoice');
		expect(en).toContain('Total incl. VAT €242.00');
		expect(en).toContain('2 March 2026');

		// A replaced link, a malformed token: nothing.
		await regeneratePayToken(db, keys, a.company.id, inv.id);
		expect(await renderPayLinkPdf(db, token)).toBeNull();
		expect(await renderPayLinkPdf(db, 'not-a-token')).toBeNull();
	});

	it('answers a download with the PDF headers', async () => {
		const res = pdfResponse({ filename: '2026-0042.pdf', bytes: new Uint8Array([1, 2, 3]) });
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="2026-0042.pdf"');
		expect(res.headers.get('cache-control')).toBe('private, no-store');
		expect(pdfFilename({ number: '../2026 / 7' })).toBe('2026-7.pdf');
	});
});

describe('embedded fonts', SLOW, () => {
	it('carry the real outline of every glyph used (subset records intact)', async () => {
		const customer = await makeCustomer(db, a.company.id, {
			name: 'Ĳsbrand Çağlar Ærø',
			locale: 'fr'
		});
		const inv = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer,
			company: a.company,
			lines: [{ ...LINES[0]!, description: 'àâäéèêëïîôöùûüÿçœæ ÀÉÈÇ ĳĲ €$£ 0123456789 fiﬂ' }]
		});
		const pdf = await PDFDocument.load(
			(await renderInvoicePdf(db, a.company.id, inv.id, { baseUrl: BASE }))!.bytes
		);
		const ctx = pdf.context;
		const original = {
			regular: fontkit.create((await fontBytes()).regular),
			bold: fontkit.create((await fontBytes()).bold)
		};
		let checked = 0;
		for (const [, object] of ctx.enumerateIndirectObjects()) {
			if (!(object instanceof PDFDict) || object.get(PDFName.of('Subtype')) !== PDFName.of('Type0'))
				continue;
			const base = object.lookup(PDFName.of('BaseFont'), PDFName).asString();
			const source = base.includes('Bold') ? original.bold : original.regular;
			const cidFont = object.lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict);
			const descriptor = cidFont.lookup(PDFName.of('FontDescriptor'), PDFDict);
			const file = ctx.lookup(descriptor.get(PDFName.of('FontFile2')) as PDFRef) as PDFRawStream;
			const subset = fontkit.create(decodePDFRawStream(file).decode());
			const cmap = new TextDecoder().decode(
				decodePDFRawStream(object.lookup(PDFName.of('ToUnicode')) as PDFRawStream).decode()
			);
			for (const [, cid, unicode] of cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]+)>/gi)) {
				const codePoint = String.fromCharCode(
					...unicode!.match(/.{4}/g)!.map((h) => parseInt(h, 16))
				).codePointAt(0)!;
				const expected = source.glyphForCodePoint(codePoint);
				const actual = subset.getGlyph(parseInt(cid!, 16));
				expect(actual.path.toSVG(), `${base} U+${codePoint.toString(16)}`).toBe(
					expected.path.toSVG()
				);
				checked++;
			}
		}
		expect(checked).toBeGreaterThan(60);
	});
});

// On Cloudflare the app Worker sends the document to the documents Worker (worker/documents/)
// through its DOCUMENTS service binding; here the binding is that Worker's handler itself, on
// Node. workerd runs the real pair in tests/edge/smoke.spec.ts.
describe('PDF through the documents Worker', SLOW, () => {
	it('sends the document as JSON, logo included, and gets the same PDF; refusals are errors', async () => {
		const customer = await makeCustomer(db, a.company.id, { name: 'Łukasz Şahin', locale: 'fr' });
		const inv = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer,
			company: a.company,
			lines: LINES,
			number: '2026-0077'
		});
		const doc = (await loadInvoiceDocument(db, a.company.id, inv.id))!;
		// A 1×1 PNG: it must reach the Worker byte for byte (base64 in the JSON).
		const png = Uint8Array.from(
			Buffer.from(
				'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
				'base64'
			)
		);
		const request = renderRequest({
			doc,
			payUrl: `${BASE}/pay/abc`,
			logo: { bytes: png, contentType: 'image/png' }
		});
		const fonts = await fontBytes();
		const seen: Request[] = [];
		const documents = {
			fetch: (req: Request) => {
				seen.push(req.clone());
				return serveRender(req, fonts);
			}
		};

		const bytes = await renderThrough(documents, request);
		expect(seen).toHaveLength(1);
		expect(seen[0]!.method).toBe('POST');
		expect(new URL(seen[0]!.url).pathname).toBe('/render');
		const sent = (await seen[0]!.json()) as typeof request;
		expect(Buffer.from(sent.logo!.base64, 'base64').equals(Buffer.from(png))).toBe(true);
		expect(sent.doc.buyer.name).toBe('Łukasz Şahin');
		const remote = pdfText(bytes);
		for (const expected of ['Facture', '2026-0077', 'Łukasz Şahin', 'Total TVAC 242,00 €']) {
			expect(remote).toContain(expected);
		}
		// The in-process renderer (no binding: Node) reads the same request into the same PDF.
		expect(pdfText(await renderThrough(null, request))).toBe(remote);
		// The logo is drawn: the 1×1 image (with its alpha mask) in the PDF.
		const images = execFileSync('pdfimages', ['-list', join(dir, `${files - 1}.pdf`)], {
			encoding: 'utf8'
		});
		const rows = images
			.trim()
			.split('\n')
			.slice(2)
			.map((row) => row.trim().split(/\s+/));
		// Columns: page, num, type, width, height, …
		expect(rows.filter((r) => r[2] === 'image' && r[3] === '1' && r[4] === '1')).toHaveLength(1);

		// The Worker refuses anything but POST /render with a document, and the app reports it.
		const refusals = [
			['GET', '/render', '{}', 405],
			['POST', '/', '{}', 404],
			['POST', '/render', 'not json', 400],
			['POST', '/render', '{"doc":{},"payUrl":null,"logo":null}', 400]
		] as const;
		for (const [method, path, body, status] of refusals) {
			const res = await serveRender(
				new Request(`https://documents.internal${path}`, {
					method,
					...(method === 'POST' ? { body } : {})
				}),
				fonts
			);
			expect(res.status, `${method} ${path} ${body}`).toBe(status);
		}
		const down = { fetch: async () => new Response('overloaded', { status: 503 }) };
		const failure = await renderThrough(down, request).catch((err: unknown) => err);
		expect(failure).toBeInstanceOf(DocumentsServiceError);
		expect((failure as DocumentsServiceError).status).toBe(503);
		expect((failure as Error).message).toContain('overloaded');
	});
});
