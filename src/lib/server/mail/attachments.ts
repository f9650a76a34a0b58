import { env } from '$env/dynamic/public';
import type { Db } from '../db';
import type { MailAttachment } from './message';

/**
 * The files a stored message carries, produced again at every delivery attempt instead of being
 * stored with the message: the invoice's PDF shows the pay link's QR code, a secret the outbox
 * must not keep (issue 10), and regenerating it means a retry sends the current document.
 */
export async function attachmentsFor(
	db: Db,
	message: { kind: string; companyId: string | null; invoiceId: string | null }
): Promise<MailAttachment[]> {
	if (message.kind === 'invoice' && message.companyId && message.invoiceId) {
		// Loaded only when an invoice mail leaves: pdf-lib and the fonts stay out of every other
		// request. The pay link (and its QR) needs the public origin; a retry from the pump has
		// no request of its own, so it comes from PUBLIC_BASE_URL (required in production).
		const { renderInvoicePdf } = await import('../pdf');
		const baseUrl = env.PUBLIC_BASE_URL?.trim().replace(/\/+$/, '') || null;
		const pdf = await renderInvoicePdf(db, message.companyId, message.invoiceId, { baseUrl });
		if (!pdf) return [];
		return [{ filename: pdf.filename, contentType: 'application/pdf', content: pdf.bytes }];
	}
	return [];
}
