import { and, eq } from 'drizzle-orm';
import { err, ok, type Result } from '$lib/result';
import type { Db } from '../db';
import { companies, customers, files, invoices } from '../db/schema';
import { loadInvoiceDocument, type InvoiceDocument } from '../invoicing/document';
import { onlineOffer } from '../mollie/checkout';
import { mollieConfig, mollieEnabled, publicConfig, type MollieConfig } from '../mollie/config';
import type { Keyring } from '../secrets/crypto';
import { ensurePayToken } from '../payments/payLinks';
import { amountDueCents, payUrl } from '../payments/share';
import type { DeliveryOutcome } from './delivery';
import { invoiceMail } from './invoiceMail';
import { isEmailAddress, type MailTransport } from './message';
import { emailText, fillPlaceholders, pickEmailText, type EmailText } from './texts';
import { textKindFor } from '$lib/domain/emailTexts';
import { sendMail } from './transport';
import { platformSender } from './transports';

export type EmailInvoiceResult = Result<
	{ to: string; id: string; outcome: DeliveryOutcome },
	'not_found' | 'not_finalized_invoice' | 'no_email'
>;

/** The address invoices go to: the first of the customer's comma-separated list. */
export function invoiceRecipient(emails: string): string | null {
	return (
		emails
			.split(',')
			.map((e) => e.trim())
			.find(Boolean) ?? null
	);
}

/** The inline logo's Content-ID: the file's id, so a delivery attaches exactly that image. */
export const logoCid = (fileId: string) => `logo.${fileId}@acquit`;

/** Which text a document's mail starts from (`textKindFor`). */
const textKindOf = (doc: InvoiceDocument) => textKindFor(doc.kind, amountDueCents(doc));

/** What {amount} means: still due on an invoice, the total of a paid one or of a credit note. */
function mailAmount(doc: InvoiceDocument) {
	const due = amountDueCents(doc);
	return doc.kind === 'credit_note' || due <= 0 ? Math.abs(doc.totalCents) : due;
}

/** The text the send form starts from: the company's (or the built-in) one, filled in. */
export function fillText(doc: InvoiceDocument, text: EmailText): EmailText {
	const values = {
		locale: doc.locale,
		number: doc.number ?? '',
		company: doc.seller.name,
		customer: doc.buyer.contactPerson || doc.buyer.name,
		currency: doc.currency,
		amountCents: mailAmount(doc),
		issueDate: doc.issueDate,
		dueDate: doc.dueDate
	};
	return {
		subject: fillPlaceholders(text.subject, values),
		body: fillPlaceholders(text.body, values)
	};
}

/** The subject and message proposed for a finalized document, in its customer's language. */
export async function mailDraft(db: Db, companyId: string, doc: InvoiceDocument) {
	const kind = textKindOf(doc);
	const text = await emailText(db, companyId, kind, doc.locale);
	return { ...fillText(doc, text), locale: doc.locale, kind };
}

/** `mailDraft` from texts already read (`emailTextsQuery` in the page's batch). */
export function mailDraftFrom(doc: InvoiceDocument, texts: Parameters<typeof pickEmailText>[0]) {
	const kind = textKindOf(doc);
	return { ...fillText(doc, pickEmailText(texts, kind, doc.locale)), locale: doc.locale, kind };
}

/** The Mollie configuration the pay page uses (null: online payment is off on this server). */
function payPageMollie(): MollieConfig | null {
	return mollieEnabled() ? publicConfig(mollieConfig()) : null;
}

/**
 * Emails a finalized invoice or credit note to its customer through the configured transport,
 * the PDF attached. The document becomes "sent" only once the message is accepted (see
 * delivery.ts); a failure is recorded on the message and shown on the document. Sending again is
 * allowed (a reminder, a lost mail): each send is a new message, and `sentAt` keeps the first.
 *
 * From: the platform's address under the company's name; Reply-To: the company's address.
 * The Pay button only when the pay page would offer online payment right now (same rule).
 *
 * The recipient and the branding are the live ones (the address the customer uses now, the logo
 * that still exists); the document's own content comes from its frozen snapshot.
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
		/** What the owner typed; default: the company's text for the customer's language. */
		subject?: string;
		message?: string;
		/** Default: the platform transport from configuration. */
		transport?: MailTransport;
		/** Default: the server's Mollie configuration, as the pay page reads it. */
		mollie?: MollieConfig | null;
	}
): Promise<EmailInvoiceResult> {
	const { companyId, invoiceId, base } = input;
	const doc = await loadInvoiceDocument(db, companyId, invoiceId);
	if (!doc) return err('not_found');
	if (doc.draft) return err('not_finalized_invoice');

	const [live] = await db
		.select({
			emails: customers.emails,
			logoFileId: companies.logoFileId,
			logoType: files.contentType,
			brandColor: companies.brandColor,
			companyEmail: companies.email
		})
		.from(invoices)
		.innerJoin(customers, eq(customers.id, invoices.customerId))
		.innerJoin(companies, eq(companies.id, invoices.companyId))
		.leftJoin(files, and(eq(files.id, companies.logoFileId), eq(files.companyId, companyId)))
		.where(and(eq(invoices.id, invoiceId), eq(invoices.companyId, companyId)));
	const to = live && invoiceRecipient(live.emails);
	if (!to || !isEmailAddress(to)) return err('no_email');

	let token: string | null = null;
	let pay: string | null = null;
	if (doc.kind === 'invoice') {
		token = await ensurePayToken(db, keys, companyId, invoiceId);
		if (!token) return err('not_finalized_invoice');
		const mollie = input.mollie === undefined ? payPageMollie() : input.mollie;
		const offer = await onlineOffer(db, mollie, companyId, invoiceId, doc.locale);
		if (offer.ok) pay = payUrl(base, token);
	}
	const link = token ? payUrl(base, token) : null;
	const draft = await mailDraft(db, companyId, doc);
	// The logo travels inside the message (PNG and JPEG, what every mail client shows without
	// asking to load remote images); WebP, which Outlook cannot show, by its public URL.
	const logoUrl = !live.logoFileId
		? null
		: live.logoType === 'image/png' || live.logoType === 'image/jpeg'
			? `cid:${logoCid(live.logoFileId)}`
			: `${base}/files/${live.logoFileId}`;
	const mail = invoiceMail({
		kind: doc.kind,
		locale: doc.locale,
		company: {
			name: doc.seller.name,
			brandColor: live.brandColor,
			logoUrl,
			street: doc.seller.street,
			postalCode: doc.seller.postalCode,
			city: doc.seller.city,
			vatNumber: doc.seller.vatNumber,
			email: doc.seller.email,
			phone: doc.seller.phone
		},
		customerName: doc.buyer.contactPerson || doc.buyer.name,
		number: doc.number ?? '',
		issueDate: doc.issueDate,
		dueDate: doc.dueDate,
		currency: doc.currency,
		amountDueCents: mailAmount(doc),
		payUrl: pay,
		documentUrl: link && `${link}/document`,
		iban: doc.seller.iban,
		bic: doc.seller.bic,
		ogm: doc.ogm,
		subject: input.subject ?? draft.subject,
		message: input.message ?? draft.body
	});
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
			secrets: token ? [token] : []
		},
		{ transport: input.transport }
	);
	return ok({ to, id, outcome });
}
