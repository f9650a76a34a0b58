import { legalMention } from '$lib/domain/vat';
import { getDb } from '$lib/server/db';
import { loadInvoiceDocument, type InvoiceDocument } from '$lib/server/invoicing/document';
import { publicBaseUrl } from '$lib/server/mail/baseUrl';
import { findByPayToken } from '$lib/server/payments/payLinks';
import { documentQrs, payUrl } from '$lib/server/payments/share';
import { payLang, type PayLang } from '../lang';
import { payLinkNotFound } from '../notFound.server';
import type { PageServerLoad } from './$types';

// The customer's copy of the printable invoice: like the pay page, no session and no JavaScript.
export const csr = false;

/** The document with its labels and legal mentions in the language the customer picked. */
function inLanguage(doc: InvoiceDocument, lang: PayLang): InvoiceDocument {
	if (lang === doc.locale) return doc;
	const mentions = doc.breakdown
		.map((row) => legalMention(row.category, lang))
		.filter((s): s is string => s !== null);
	return { ...doc, locale: lang, mentions };
}

export const load = (async ({ params, url, locals }) => {
	const db = getDb();
	const found = await findByPayToken(db, params.token);
	if (!found) return payLinkNotFound(db, params.token, url, locals);
	const doc = await loadInvoiceDocument(db, found.companyId, found.invoiceId);
	if (!doc?.ledger) return payLinkNotFound(db, params.token, url, locals);
	const lang = payLang(url.searchParams.get('lang'), doc.locale);
	locals.lang = lang;
	const link = payUrl(publicBaseUrl(url), params.token);
	return { doc: inLanguage(doc, lang), lang, payUrl: link, ...(await documentQrs(doc, link)) };
}) satisfies PageServerLoad;
