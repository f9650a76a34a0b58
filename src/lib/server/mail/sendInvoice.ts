import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { companies, customers, invoices } from '../db/schema';
import { loadInvoiceDocument } from '../invoicing/document';
import type { Keyring } from '../mollie/crypto';
import { ensurePayToken } from '../payments/payLinks';
import { amountDueCents, payUrl } from '../payments/share';
import type { DeliveryOutcome } from './delivery';
import { invoiceMail } from './invoiceMail';
import { isEmailAddress, type MailTransport } from './message';
import { sendMail } from './transport';
import { platformSender } from './transports';

export type EmailInvoiceResult =
	| { ok: true; to: string; id: string; outcome: DeliveryOutcome }
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
 * Emails a finalized invoice to its customer with the pay link through the configured transport.
 * The invoice becomes "sent" only once the message is accepted (see delivery.ts); a failure is
 * recorded on the message and shown on the invoice. Sending again is allowed (a reminder, a lost
 * mail): each send is a new message, and `sentAt` keeps the first time it went out.
 *
 * From: the platform's address under the company's name; Reply-To: the company's address.
 *
 * The recipient and the branding are the live ones (the address the customer uses now, the logo
 * that still exists); the invoice's own content comes from its frozen document.
 */
export async function emailInvoice(
	db: Db,
	keys: Keyring,
	input: {
		companyId: string;
		invoiceId: string;
		base: string;
		cc?: string[];
		bcc?: string[];
		/** Default: the platform transport from configuration. */
		transport?: MailTransport;
	}
): Promise<EmailInvoiceResult> {
	const { companyId, invoiceId, base } = input;
	const doc = await loadInvoiceDocument(db, companyId, invoiceId);
	if (!doc) return { ok: false, reason: 'not_found' };
	if (doc.kind !== 'invoice' || doc.draft) return { ok: false, reason: 'not_finalized_invoice' };

	const [live] = await db
		.select({
			emails: customers.emails,
			logoFileId: companies.logoFileId,
			brandColor: companies.brandColor,
			companyEmail: companies.email
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
	if (!isEmailAddress(to)) return { ok: false, reason: 'no_email' };
	const replyTo = isEmailAddress(live.companyEmail.trim()) ? live.companyEmail.trim() : null;
	const { id, outcome } = await sendMail(
		db,
		keys,
		{
			...mail,
			companyId,
			invoiceId,
			kind: 'invoice',
			from: { email: platformSender().email, name: doc.seller.name },
			...(replyTo ? { replyTo: { email: replyTo, name: doc.seller.name } } : {}),
			to: [to],
			cc: input.cc ?? [],
			bcc: input.bcc ?? [],
			locale: doc.locale,
			// The pay link's token: hidden in the stored copy, sealed for retries.
			secrets: [token]
		},
		{ transport: input.transport }
	);
	return { ok: true, to, id, outcome };
}
