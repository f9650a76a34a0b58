import { getDb } from '$lib/server/db';
import { companies } from '$lib/server/db/schema';
import { loadInvoiceDocument } from '$lib/server/invoicing/document';
import { publicBaseUrl } from '$lib/server/mail/baseUrl';
import { latestAttempt, onlineOffer, startCheckout } from '$lib/server/mollie/checkout';
import { mollieConfig, mollieEnabled, publicConfig } from '$lib/server/mollie/config';
import { getConnectionSummary } from '$lib/server/mollie/connection';
import { findByPayToken } from '$lib/server/payments/payLinks';
import { parseForm } from '$lib/server/forms';
import { localeField } from '$lib/server/formFields';
import { qrSvg } from '$lib/server/qr';
import { fail, redirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import * as z from 'zod/mini';
import { payLang } from './lang';
import { payLinkNotFound } from './notFound.server';
import type { Actions, PageServerLoad } from './$types';

// The customer's page: server-rendered only, no JavaScript at all (the Pay button is a form).
export const csr = false;

// The customer waits at most 5 s for Mollie here, then reads a clear message (bank transfer).
const config = () => (mollieEnabled() ? publicConfig(mollieConfig()) : null);

async function resolve(token: string, url: URL, locals: App.Locals) {
	const found = await findByPayToken(getDb(), token);
	if (!found) return payLinkNotFound(getDb(), token, url, locals);
	return found;
}

export const load = (async ({ params, url, locals }) => {
	const db = getDb();
	const { companyId, invoiceId } = await resolve(params.token, url, locals);
	const returned = url.searchParams.has('return');
	// Ask Mollie first (if a payment is in flight; always right after checkout), so the document
	// below already reflects it.
	const attempt = await latestAttempt(db, config(), companyId, invoiceId, { returning: returned });
	const doc = await loadInvoiceDocument(db, companyId, invoiceId);
	if (!doc?.ledger) return payLinkNotFound(db, params.token, url, locals);
	const lang = payLang(url.searchParams.get('lang'), doc.locale);
	locals.lang = lang;
	const [theme] = await db
		.select({
			brandColor: companies.brandColor,
			accentColor: companies.accentColor,
			backgroundColor: companies.backgroundColor,
			backgroundFileId: companies.backgroundFileId,
			logoFileId: companies.logoFileId
		})
		.from(companies)
		.where(eq(companies.id, companyId));
	const offer = await onlineOffer(db, config(), companyId, invoiceId, lang);
	const connection = await getConnectionSummary(db, companyId);
	// How many times the processing page has refreshed itself (it waits longer each time).
	const n = url.searchParams.get('n') ?? '';
	const polls = /^\d{1,3}$/.test(n) ? Number(n) : 0;
	return {
		polls,
		doc,
		lang,
		theme: theme!,
		offer: offer.ok ? { ok: true as const, methods: offer.methods } : offer,
		attempt: attempt && {
			status: attempt.status,
			mode: attempt.mode,
			method: attempt.method,
			id: attempt.id,
			paidAt: attempt.paidAt,
			amountCents: attempt.amountCents,
			transfer: attempt.transferDetails
		},
		returned,
		// No real money moves: the connection is in test mode, or this payment was made in it.
		testMode:
			attempt?.mode === 'test' ||
			(connection?.status === 'connected' && connection.mode === 'test'),
		epcQr: doc.epc ? await qrSvg(doc.epc) : null
	};
}) satisfies PageServerLoad;

export const actions = {
	pay: async ({ params, request, url, locals }) => {
		const { companyId, invoiceId } = await resolve(params.token, url, locals);
		const form = parseForm(z.object({ lang: localeField() }), await request.formData());
		// A language that is none of the three is refused, in the page's language (the URL's).
		const lang = form.ok ? form.data.lang : payLang(url.searchParams.get('lang'), 'en');
		locals.lang = lang;
		if (!form.ok) return fail(400, { reason: 'lang' as const, values: form.values });
		const cfg = config();
		if (!cfg) return fail(409, { reason: 'not_connected' as const });
		const base = publicBaseUrl(url);
		const result = await startCheckout(getDb(), cfg, companyId, invoiceId, lang, {
			returnUrl: `${base}/pay/${params.token}?return=1&lang=${lang}`,
			webhookUrl: `${base}/api/webhooks/mollie`
		});
		if (result.ok) redirect(303, result.checkoutUrl);
		const status = result.reason === 'unavailable' || result.reason === 'busy' ? 503 : 409;
		return fail(status, { reason: result.reason });
	}
} satisfies Actions;
