import { legalMention } from '$lib/domain/vat';
import { fileResponse, PDF } from '../download';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { files } from '../db/schema';
import { loadInvoiceDocument, type DocLocale, type InvoiceDocument } from '../invoicing/document';
import { findByPayToken } from '../payments/payLinks';
import { amountDueCents, payLinkFor, payUrl } from '../payments/share';
import { platformBinding } from '../config';
import {
	DOCUMENTS_BINDING,
	DocumentsServiceError,
	documentsRequest,
	type ServiceBinding
} from './documents';
import { fontBytes } from './fonts';
import type { PdfLogo } from './render';
import { readRenderRequest, RENDER_PATH, renderRequest, type RenderRequest } from './wire';

/**
 * The PDF of an invoice or credit note: what the printed document shows (seller and buyer as
 * frozen at finalization, lines, VAT breakdown, totals, legal mentions, structured
 * communication, the EPC and pay-link QR codes), in the customer's language.
 *
 * This module gathers what goes on the document (database, company, logo, pay link); the drawing
 * is ./render.ts, a pure function. Where it runs is the deployment's choice, read from its
 * bindings (`renderBytes` below):
 * - on Cloudflare, the app Worker has a service binding DOCUMENTS to the `acquit-documents`
 *   Worker (worker/documents/), which holds pdf-lib, fontkit and the fonts (about 550 KB gzip
 *   kept out of the app Worker, README → Worker bundle). The app Worker's build has pdf-lib and
 *   fontkit replaced by a module that throws (wrangler.toml `[alias]`);
 * - on Node (development, `vite preview`, Vitest) there are no bindings: ./render.ts is imported
 *   here, dynamically, only when a PDF is made, and the fonts are static assets read at the same
 *   time (./fonts.ts; imported statically from here because SvelteKit only lists the assets of a
 *   route's static imports as readable by `read`, find_server_assets).
 */

export { DOCUMENTS_BINDING, DocumentsServiceError, type ServiceBinding } from './documents';

export interface InvoicePdf {
	/** `<number>.pdf` (`draft.pdf` for a draft), safe to put in a Content-Disposition header. */
	filename: string;
	bytes: Uint8Array;
}

export interface PdfOptions {
	/**
	 * The app's public origin (e.g. `publicBaseUrl(url)`), for the pay link and its QR code.
	 * Without it the PDF has no pay link; the bank-transfer details and EPC QR are always there.
	 */
	baseUrl?: string | null;
}

/** A file name from the document number: letters, digits, dot, dash and underscore only. */
export function pdfFilename(doc: Pick<InvoiceDocument, 'number'>): string {
	const base = (doc.number ?? '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
	return `${base || 'draft'}.pdf`;
}

/** The company's logo when it is a PNG or JPEG (the formats a PDF can carry as they are). */
async function logoOf(db: Db, companyId: string, fileId: string | null): Promise<PdfLogo | null> {
	if (!fileId) return null;
	const [row] = await db
		.select({ data: files.data, contentType: files.contentType })
		.from(files)
		.where(and(eq(files.id, fileId), eq(files.companyId, companyId)));
	if (!row || (row.contentType !== 'image/png' && row.contentType !== 'image/jpeg')) return null;
	return { bytes: new Uint8Array(row.data), contentType: row.contentType };
}

/**
 * The PDF of a document already loaded (e.g. for the e-invoice's embedded attachment), with the
 * given pay link while something is left to pay.
 */
export async function renderDocumentPdf(
	db: Db,
	companyId: string,
	doc: InvoiceDocument,
	link: string | null
): Promise<InvoicePdf> {
	return render(db, companyId, doc, link);
}

async function render(
	db: Db,
	companyId: string,
	doc: InvoiceDocument,
	link: string | null
): Promise<InvoicePdf> {
	const logo = await logoOf(db, companyId, doc.seller.logoFileId);
	const bytes = await renderBytes(
		renderRequest({ doc, payUrl: amountDueCents(doc) > 0 ? link : null, logo })
	);
	return { filename: pdfFilename(doc), bytes };
}

/**
 * The PDF's bytes: from the documents Worker when the DOCUMENTS binding is there, otherwise from
 * the renderer in this process. Both read the same JSON request.
 */
async function renderBytes(request: RenderRequest): Promise<Uint8Array> {
	return renderThrough(await platformBinding<ServiceBinding>(DOCUMENTS_BINDING), request);
}

/** `renderBytes` with the binding given (null: in this process). Exported for the tests. */
export async function renderThrough(
	documents: ServiceBinding | null,
	request: RenderRequest
): Promise<Uint8Array> {
	if (documents) {
		const res = await documents.fetch(documentsRequest(RENDER_PATH, request));
		if (!res.ok || res.headers.get('content-type') !== 'application/pdf') {
			throw new DocumentsServiceError(res.status, await res.text());
		}
		return new Uint8Array(await res.arrayBuffer());
	}
	const [{ renderPdf }, fonts] = await Promise.all([import('./inProcess'), fontBytes()]);
	return renderPdf({ ...readRenderRequest(JSON.parse(JSON.stringify(request))), fonts });
}

/**
 * The owner's PDF of one of the company's invoices or credit notes (drafts included, marked as
 * such), or null when the id is unknown or belongs to another company. For an invoice with
 * something left to pay and a `baseUrl`, its pay link is created on first use, as printing does.
 *
 * @example
 * const pdf = await renderInvoicePdf(db, company.id, invoice.id, { baseUrl: publicBaseUrl(url) });
 * if (pdf) attach(pdf.filename, pdf.bytes); // application/pdf
 */
export async function renderInvoicePdf(
	db: Db,
	companyId: string,
	invoiceId: string,
	options: PdfOptions = {}
): Promise<InvoicePdf | null> {
	const doc = await loadInvoiceDocument(db, companyId, invoiceId);
	if (!doc) return null;
	const link =
		options.baseUrl && amountDueCents(doc) > 0
			? await payLinkFor(db, companyId, invoiceId, options.baseUrl)
			: null;
	return render(db, companyId, doc, link);
}

/** The document with its labels and legal mentions in another of the three languages. */
function inLanguage(doc: InvoiceDocument, lang: DocLocale): InvoiceDocument {
	if (lang === doc.locale) return doc;
	const mentions = doc.breakdown
		.map((row) => legalMention(row.category, lang))
		.filter((s): s is string => s !== null);
	return { ...doc, locale: lang, mentions };
}

/**
 * The customer's PDF behind a public pay link, or null for an unknown or replaced token. Pay
 * tokens only ever open finalized invoices, so a customer never gets a draft. `lang` is the
 * language picked on the pay page (fr/nl/en); anything else means the customer's own.
 */
export async function renderPayLinkPdf(
	db: Db,
	token: string,
	options: PdfOptions & { lang?: string | null } = {}
): Promise<InvoicePdf | null> {
	const found = await findByPayToken(db, token);
	if (!found) return null;
	const doc = await loadInvoiceDocument(db, found.companyId, found.invoiceId);
	if (!doc?.ledger || doc.draft) return null;
	const lang = options.lang;
	const localized = lang === 'fr' || lang === 'nl' || lang === 'en' ? inLanguage(doc, lang) : doc;
	const link = options.baseUrl ? payUrl(options.baseUrl, token) : null;
	return render(db, found.companyId, localized, link);
}

/** The download response: never cached (it is personal), saved under the document's number. */
export function pdfResponse(pdf: InvoicePdf): Response {
	return fileResponse(pdf.bytes, { contentType: PDF, filename: pdf.filename });
}
