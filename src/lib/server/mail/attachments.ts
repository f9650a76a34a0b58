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
		// ⟶ SEAM: the invoice's PDF is attached here once src/lib/server/pdf/ lands:
		//   const pdf = await renderInvoicePdf(db, message.companyId, message.invoiceId);
		//   return [{ filename: pdf.filename, contentType: 'application/pdf', content: pdf.bytes }];
		void db;
		return [];
	}
	return [];
}
