import type { Db } from '../db';
import { loadInvoiceDocument } from '../invoicing/document';
import { amountDueCents, payLinkFor } from '../payments/share';
import { renderDocumentPdf } from '../pdf';
import type { PeppolId } from '$lib/domain/peppolId';
import type { UblDocument } from './ubl';

export interface InvoiceUblOptions {
	/** Public base URL for the pay link (`PUBLIC_BASE_URL` or the request's origin). */
	base: string;
	buyerEndpoint?: PeppolId | null;
}

/**
 * The e-invoice of one of the company's finalized invoices or credit notes, from its frozen
 * snapshot, with the pay link while something is left to pay and the document's PDF (the same
 * one the owner downloads, pay link included) embedded as an AdditionalDocumentReference. Null
 * when the id is not the company's; a UblError when the document cannot be an e-invoice (the
 * reason names the field).
 */
export async function invoiceUbl(
	db: Db,
	companyId: string,
	invoiceId: string,
	options: InvoiceUblOptions
): Promise<UblDocument | null> {
	const doc = await loadInvoiceDocument(db, companyId, invoiceId);
	if (!doc) return null;
	// Loaded here, not at the top: a Worker that never builds an e-invoice never pays for it.
	const { generateUbl, ublBlocker } = await import('./ubl');
	const blocker = ublBlocker(doc);
	if (blocker) throw blocker;
	const payUrl =
		amountDueCents(doc) > 0 ? await payLinkFor(db, companyId, invoiceId, options.base) : null;
	const pdf = await renderDocumentPdf(db, companyId, doc, payUrl);
	return generateUbl(doc, {
		payUrl,
		pdf: { data: pdf.bytes, filename: pdf.filename },
		buyerEndpoint: options.buyerEndpoint
	});
}
