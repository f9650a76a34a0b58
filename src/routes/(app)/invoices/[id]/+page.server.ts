import { isOpenPayment } from '$lib/domain/paymentSync';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { formError, formMessage, parseForm, type FormFailure } from '$lib/server/forms';
import { addressListField, idField, mailBodyField, mailSubjectField } from '$lib/server/formFields';
import { createCreditNote } from '$lib/server/invoicing/creditNotes';
import { deleteDraft, markSent } from '$lib/server/invoicing/invoices';
import { finalizeInvoice } from '$lib/server/invoicing/numbering';
import { invoiceDocumentQueries, toInvoiceDocument } from '$lib/server/invoicing/document';
import { getInvoice, invoiceDetailQueries, toInvoiceDetail } from '$lib/server/invoicing/queries';
import { publicBaseUrl } from '$lib/server/mail/baseUrl';
import { emailInvoice, invoiceRecipient, mailDraftFrom } from '$lib/server/mail/sendInvoice';
import { emailTextsQuery } from '$lib/server/mail/texts';
import { invoiceDeliveries, invoiceMessageStatus, retryMail } from '$lib/server/mail/delivery';
import { mailErrorText } from '$lib/mail/errorText';
import { resendEmailConfirmation } from '$lib/server/auth/emailConfirmation';
import { retryMinutes } from '$lib/server/auth/rateLimit';
import { inBackground } from '$lib/server/mail/background';
import { regeneratePayToken } from '$lib/server/payments/payLinks';
import { amountDueCents, payLinkFor } from '$lib/server/payments/share';
import { tokenKeyringOrNull } from '$lib/server/secrets/keyring';
import {
	invoiceMolliePaymentsQuery,
	toMolliePaymentSummary
} from '$lib/server/mollie/transactions';
import { ublBlocker, ublErrorMessage } from '$lib/server/peppol/ubl';
import { peppolEnabled } from '$lib/server/peppol/config';
import {
	accessPoint,
	peppolStateQuery,
	sendViaPeppol,
	type SendResult
} from '$lib/server/peppol/exchange';
import { qrSvg } from '$lib/server/qr';
import { error, fail, redirect } from '@sveltejs/kit';
import { shareInfo } from './share';
import { collectAction, collectPanel, refused } from './collect.server';
import * as z from 'zod/mini';
import type { ValidationIssue } from '$lib/server/peppol/accessPoint';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, params, url }) => {
	const db = getDb();
	const companyId = locals.company!.id;
	// Everything the page shows in one batch (one round trip to a remote database): the document
	// with its lines, money and credit notes, the printable document (the lines and the credited
	// invoice are the same statements, sent once), the online payments of this invoice (attempts
	// included) for the Mollie panel, and every email sent for it with its delivery state.
	const [docs, lines, money, creditNotes, credited] = invoiceDetailQueries(
		db,
		companyId,
		params.id
	);
	const [printRow, , , sums] = invoiceDocumentQueries(db, companyId, params.id);
	const r = await db.batch([
		docs,
		lines,
		money,
		creditNotes,
		credited,
		printRow,
		sums,
		invoiceMolliePaymentsQuery(db, companyId, params.id),
		invoiceDeliveries(db, companyId, params.id),
		peppolStateQuery(db, companyId, params.id),
		emailTextsQuery(db, companyId)
	]);
	const doc = toInvoiceDetail([r[0], r[1], r[2], r[3], r[4]]);
	if (!doc) error(404);
	const creditable = doc.creditableCents;
	// The EPC QR (bank-app payment of the open amount) as on the printed invoice; none for drafts,
	// credit notes, other currencies, a missing IBAN or nothing left to pay.
	const printable = toInvoiceDocument([r[5], r[1], r[4], r[6]]);
	const [mollieRows, deliveries, peppolRows, texts] = [r[7], r[8], r[9], r[10]];
	const qr = printable?.epc ? await qrSvg(printable.epc) : null;
	// The pay link exists for finalized invoices only (payLinkFor says null otherwise); its token
	// was read with the document (a write the first time only).
	const link =
		printable && (await payLinkFor(db, companyId, params.id, publicBaseUrl(url), printable));
	const email = invoiceRecipient(doc.customer.emails);
	const share =
		printable && link
			? shareInfo({
					url: link,
					locale: printable.locale,
					number: printable.number ?? '',
					company: printable.seller.name,
					amountDueCents: amountDueCents(printable),
					currency: printable.currency,
					dueDate: printable.dueDate,
					email,
					qr: await qrSvg(link)
				})
			: null;
	// Set by the redirect after "Send by email" / "New link" (post/redirect/get).
	const done = url.searchParams.get('done');
	const molliePayments =
		doc.invoice.kind === 'invoice' ? mollieRows.map(toMolliePaymentSummary) : [];
	// The e-invoice (UBL) download, or why this document cannot be one (which field to fix).
	const blocker = printable && !printable.draft ? ublBlocker(printable) : null;
	const ubl =
		printable && !printable.draft
			? {
					href: blocker ? null : `/invoices/${params.id}/ubl`,
					problem: blocker && ublErrorMessage(blocker.code)
				}
			: null;
	// Peppol: the main action for a finalized document to a customer reachable on Peppol, and
	// the latest sending's delivery state (reloaded live as the access point's webhooks land).
	const peppol = {
		sendable: peppolEnabled() && !!ubl?.href && doc.customer.peppolReachable === true,
		state: peppolRows[0] ?? null
	};
	// Sending waits for the owner's confirmed address (the link mailed at sign-up).
	const unconfirmed = locals.user!.emailConfirmedAt ? null : locals.user!.email;
	// The send form (issue 10): the subject and message it proposes, in the customer's language.
	const mail =
		printable && !printable.draft
			? {
					...mailDraftFrom(printable, texts),
					to: email,
					resend: deliveries.some((d) => d.status === 'sent')
				}
			: null;
	// A checkout still open or pending: the customer may be paying now; the shell polls fast.
	const awaitingPayment = molliePayments.some((p) => isOpenPayment(p.status));
	// Collect on the spot (issue 15): an open, finalized invoice with something due.
	const collect = share ? await collectPanel(db, companyId, params.id) : null;
	return {
		collect,
		doc,
		creditable,
		qr,
		share,
		done,
		molliePayments,
		ubl,
		deliveries,
		peppol,
		unconfirmed,
		mail,
		awaitingPayment
	};
}) satisfies PageServerLoad;

// The owner's language (the customer is standing beside them).
const collectLocale = () => getLocale();

/** Collect on a terminal: the terminal picked (left out: none, which the panel words). */
const terminalSchema = () =>
	z.object({
		terminalId: z._default(
			idField(() => m.collect_err_no_terminal()),
			''
		)
	});

/** What the send form posts; a refusal gives every field back as typed, with its error. */
const emailSchema = () =>
	z.object({
		cc: addressListField(),
		bcc: addressListField(),
		subject: mailSubjectField(),
		message: mailBodyField()
	});

/**
 * Every refusal of this page, one shape: the errors (`form` for the page's alert) and what was
 * typed; Send via Peppol adds the access point's `issues`, or `retry` when it can't be reached.
 */
type InvoiceFailure = FormFailure & { issues?: ValidationIssue[]; retry?: true };
const refuse = (status: number, failure: InvoiceFailure) => fail(status, failure);

/**
 * An unconfirmed account sends nothing: the answer says so (with the Resend button beside it).
 * Only for this company's own invoice; any other id stays a plain 404.
 */
async function unconfirmedSender(locals: App.Locals, invoiceId: string, values?: FormValues) {
	if (locals.user!.emailConfirmedAt) return null;
	if (!(await getInvoice(getDb(), locals.company!.id, invoiceId))) error(404);
	return formMessage(403, m.econf_blocked({ email: locals.user!.email }), values);
}

type FormValues = Record<string, string>;

type PeppolRefusal = Exclude<SendResult, { ok: true } | { error: 'not_found' }>;

/** Send via Peppol's refusals: status and words per error (one missing: no build). */
const PEPPOL_REFUSAL: {
	[E in PeppolRefusal['error']]: (
		r: Extract<PeppolRefusal, { error: E }>
	) => [status: number, failure: InvoiceFailure];
} = {
	ubl: (r) => [422, { errors: { form: ublErrorMessage(r.code) } }],
	invalid: (r) => [422, { errors: { form: m.pn_invalid() }, issues: r.issues }],
	refused: (r) => [422, { errors: { form: m.pn_refused({ detail: r.detail }) } }],
	already_sent: () => [409, { errors: { form: m.pn_already_sent() } }],
	unavailable: () => [503, { errors: { form: m.pn_unavailable() }, retry: true }],
	documents_unavailable: () => [
		503,
		{ errors: { form: m.pn_documents_unavailable() }, retry: true }
	]
};

function peppolRefusal(r: PeppolRefusal) {
	const text = PEPPOL_REFUSAL[r.error] as (r: PeppolRefusal) => [number, InvoiceFailure];
	return refuse(...text(r));
}

export const actions = {
	finalize: async ({ locals, params }) => {
		const r = await finalizeInvoice(getDb(), locals.company!.id, params.id);
		if (!r.ok && r.error === 'not_found') error(404);
		if (!r.ok) return formError(409, r.error);
		redirect(303, `/invoices/${params.id}`);
	},
	send: async ({ locals, params }) => {
		const blocked = await unconfirmedSender(locals, params.id);
		if (blocked) return blocked;
		const r = await markSent(getDb(), locals.company!.id, params.id);
		if (!r.ok && r.error === 'not_found') error(404);
		if (!r.ok) return formError(409, r.error);
		redirect(303, `/invoices/${params.id}`);
	},
	email: async ({ locals, params, request, url }) => {
		const form = parseForm(emailSchema(), await request.formData());
		const { values } = form;
		if (!form.ok) return refuse(422, { errors: form.errors, values });
		const blocked = await unconfirmedSender(locals, params.id, values);
		if (blocked) return blocked;
		const keys = tokenKeyringOrNull();
		if (!keys) return formMessage(503, m.share_err_unavailable(), values);
		const r = await emailInvoice(getDb(), keys, {
			companyId: locals.company!.id,
			invoiceId: params.id,
			base: publicBaseUrl(url),
			...form.data
		});
		if (!r.ok && r.error === 'not_found') error(404);
		if (!r.ok) return formError(r.error === 'no_email' ? 422 : 409, r.error, values);
		const { outcome, to } = r.value;
		if (outcome.status === 'failed') {
			const reason = mailErrorText(outcome.errorKind);
			return formMessage(502, m.mail_send_failed({ email: to, reason }), values);
		}
		redirect(303, `/invoices/${params.id}?done=emailed`);
	},
	retryMail: async ({ locals, params, request }) => {
		const form = parseForm(z.object({ message: idField() }), await request.formData());
		const db = getDb();
		// Only a message sent for this invoice of this company; anything else is not found.
		if (!form.ok) error(404);
		const id = form.data.message;
		if (!(await invoiceMessageStatus(db, locals.company!.id, params.id, id))) error(404);
		const outcome = await retryMail(db, tokenKeyringOrNull(), locals.company!.id, id);
		// Not this company's, or no longer failed (sent meanwhile): the page shows the state.
		if (!outcome || outcome.status !== 'failed') {
			redirect(303, `/invoices/${params.id}?done=${outcome?.status === 'sent' ? 'retried' : ''}`);
		}
		return formMessage(502, mailErrorText(outcome.errorKind));
	},
	peppol: async ({ locals, params, url }) => {
		if (!peppolEnabled()) return formMessage(503, m.pn_unavailable());
		const blocked = await unconfirmedSender(locals, params.id);
		if (blocked) return blocked;
		const r = await sendViaPeppol(
			getDb(),
			accessPoint(),
			locals.company!.id,
			params.id,
			publicBaseUrl(url)
		);
		if (r.ok) {
			// Handed to the network: the invoice counts as sent (as emailing it does).
			await markSent(getDb(), locals.company!.id, params.id);
			redirect(303, `/invoices/${params.id}?done=peppol`);
		}
		if (r.error === 'not_found') error(404);
		return peppolRefusal(r);
	},
	resendConfirmation: async ({ locals, params, url, platform }) => {
		const db = getDb();
		if (!(await getInvoice(db, locals.company!.id, params.id))) error(404);
		const r = await resendEmailConfirmation(
			db,
			tokenKeyringOrNull(),
			{ userId: locals.user!.id, baseUrl: publicBaseUrl(url) },
			inBackground(platform)
		);
		if (typeof r === 'object') {
			return formMessage(429, m.econf_resend_limited({ minutes: retryMinutes(r.limited) }));
		}
		redirect(303, `/invoices/${params.id}?done=${r === 'sent' ? 'confirmation' : ''}`);
	},
	collectTerminal: async ({ locals, params, request, url }) => {
		const form = parseForm(terminalSchema(), await request.formData());
		if (!form.ok) {
			// No terminal id of ours: refused as an unknown one (the panel's own shape, keeping what
			// was chosen), on this company's invoice only.
			if (!(await getInvoice(getDb(), locals.company!.id, params.id))) error(404);
			return refused(400, 'no_terminal', String(form.values.terminalId ?? ''));
		}
		return collectAction(getDb(), 'terminal', {
			companyId: locals.company!.id,
			invoiceId: params.id,
			locale: collectLocale(),
			url,
			terminalId: form.data.terminalId
		});
	},
	collectQr: async ({ locals, params, url }) =>
		collectAction(getDb(), 'qr', {
			companyId: locals.company!.id,
			invoiceId: params.id,
			locale: collectLocale(),
			url,
			terminalId: ''
		}),
	regenerateLink: async ({ locals, params }) => {
		const keys = tokenKeyringOrNull();
		if (!keys) return formMessage(503, m.share_err_unavailable());
		const token = await regeneratePayToken(getDb(), keys, locals.company!.id, params.id);
		// No token: a draft, a credit note or not this company's id; none of them has a link.
		if (!token) return formError(409, 'no_pay_link');
		redirect(303, `/invoices/${params.id}?done=link`);
	},
	delete: async ({ locals, params }) => {
		const r = await deleteDraft(getDb(), locals.company!.id, params.id);
		if (!r.ok && r.error === 'not_found') error(404);
		if (!r.ok) return formError(409, r.error);
		redirect(303, '/invoices');
	},
	creditNote: async ({ locals, params }) => {
		const r = await createCreditNote(getDb(), locals.company!.id, params.id);
		if (!r.ok && r.error === 'not_found') error(404);
		if (!r.ok) return formError(409, r.error);
		redirect(303, `/invoices/${r.value.id}/edit`);
	}
} satisfies Actions;
