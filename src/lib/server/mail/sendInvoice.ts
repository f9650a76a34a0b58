import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { companies, customers, invoices } from '../db/schema';
import { loadInvoiceDocument } from '../invoicing/document';
import { markSent } from '../invoicing/invoices';
import type { Keyring } from '../mollie/crypto';
import { ensurePayToken } from '../payments/payLinks';
import { amountDueCents, payUrl } from '../payments/share';
import { invoiceMail } from './invoiceMail';
import { getMailTransport } from './transport';

export type EmailInvoiceResult =
	| { ok: true; to: string }
	| { ok: false; reason: 'not_found' | 'not_finalized_invoice' | 'no_email' };

/** The address invoices go to: the first of the customer's comma-separated list. */
export function invoiceRecipient(emails: string): string | null {
	return (
		emails
			.split(',')
			.map((e) => e.trim())
			.find(Boolean) ?? null
	);
}

/**
 * Emails a finalized invoice to its customer with the pay link, through the mail transport (the
 * outbox), and records it as sent. Sending again is allowed (a reminder, a lost mail): each send
 * is a new message, and `sentAt` keeps the first time it went out.
 *
 * The recipient and the branding are the live ones (the address the customer uses now, the logo
 * that still exists); the invoice's own content comes from its frozen document.
 */
export async function emailInvoice(
	db: Db,
	keys: Keyring,
	input: { companyId: string; invoiceId: string; base: string }
): Promise<EmailInvoiceResult> {
	const { companyId, invoiceId, base } = input;
	const doc = await loadInvoiceDocument(db, companyId, invoiceId);
	if (!doc) return { ok: false, reason: 'not_found' };
	if (doc.kind !== 'invoice' || doc.draft) return { ok: false, reason: 'not_finalized_invoice' };

	const [live] = await db
		.select({
			emails: customers.emails,
			logoFileId: companies.logoFileId,
			brandColor: companies.brandColor
		})
		.from(invoices)
		.innerJoin(customers, eq(customers.id, invoices.customerId))
		.innerJoin(companies, eq(companies.id, invoices.companyId))
		.where(and(eq(invoices.id, invoiceId), eq(invoices.companyId, companyId)));
	const to = live && invoiceRecipient(live.emails);
	if (!to) return { ok: false, reason: 'no_email' };

	const token = await ensurePayToken(db, keys, companyId, invoiceId);
	if (!token) return { ok: false, reason: 'not_finalized_invoice' };
	const link = payUrl(base, token);
	const mail = invoiceMail({
		locale: doc.locale,
		company: {
			name: doc.seller.name,
			brandColor: live.brandColor,
			logoUrl: live.logoFileId ? `${base}/files/${live.logoFileId}` : null
		},
		customerName: doc.buyer.contactPerson || doc.buyer.name,
		number: doc.number ?? '',
		issueDate: doc.issueDate,
		dueDate: doc.dueDate,
		currency: doc.currency,
		amountDueCents: amountDueCents(doc),
		payUrl: link,
		documentUrl: `${link}/document`,
		iban: doc.seller.iban,
		ogm: doc.ogm
	});
	await getMailTransport(db).send({ ...mail, to, kind: 'invoice', companyId });
	const sent = await markSent(db, companyId, invoiceId);
	if (sent !== 'ok') return { ok: false, reason: 'not_finalized_invoice' };
	return { ok: true, to };
}
