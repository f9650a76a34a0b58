import { and, eq } from 'drizzle-orm';
import { publicBaseUrlSetting } from '../config';
import type { Db } from '../db';
import { files } from '../db/schema';
import type { MailAttachment } from './message';

// Kept in step with sendInvoice.ts's logoCid (not imported: that module pulls in Mollie).
const LOGO_CID = /cid:(logo\.([a-z0-9]+)@acquit)/;

/**
 * The files a stored message carries, produced again at every delivery attempt instead of being
 * stored with the message: the invoice's PDF shows the pay link's QR code, a secret the outbox
 * must not keep (issue 10), and regenerating it means a retry sends the current document. The
 * company's logo, when the HTML shows it inline (`cid:`), is attached from the company's files.
 */
export async function attachmentsFor(
	db: Db,
	message: {
		kind: string;
		companyId: string | null;
		invoiceId: string | null;
		html?: string | null;
	}
): Promise<MailAttachment[]> {
	const out: MailAttachment[] = [];
	const logo = message.companyId && LOGO_CID.exec(message.html ?? '');
	if (logo && message.companyId) {
		const [file] = await db
			.select({ contentType: files.contentType, data: files.data })
			.from(files)
			.where(and(eq(files.id, logo[2]), eq(files.companyId, message.companyId)));
		if (file && (file.contentType === 'image/png' || file.contentType === 'image/jpeg')) {
			out.push({
				filename: `logo.${file.contentType === 'image/png' ? 'png' : 'jpg'}`,
				contentType: file.contentType,
				content: new Uint8Array(file.data),
				contentId: logo[1]
			});
		}
	}
	if (message.kind === 'invoice' && message.companyId && message.invoiceId) {
		// Loaded only when an invoice mail leaves: pdf-lib and the fonts stay out of every other
		// request. The pay link (and its QR) needs the public origin; a retry from the pump has
		// no request of its own, so it comes from PUBLIC_BASE_URL (required in production).
		const { renderInvoicePdf } = await import('../pdf');
		const baseUrl = publicBaseUrlSetting() || null;
		const pdf = await renderInvoicePdf(db, message.companyId, message.invoiceId, { baseUrl });
		if (pdf) {
			out.push({ filename: pdf.filename, contentType: 'application/pdf', content: pdf.bytes });
		}
	}
	return out;
}
