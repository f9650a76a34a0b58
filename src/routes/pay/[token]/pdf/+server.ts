import { getDb } from '$lib/server/db';
import { publicBaseUrl } from '$lib/server/mail/baseUrl';
import { pdfResponse, renderPayLinkPdf } from '$lib/server/pdf';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

// The customer's download from the pay page: no session, only finalized invoices behind a live
// pay link, in the language picked there (?lang=).
export const GET: RequestHandler = async ({ params, url }) => {
	const pdf = await renderPayLinkPdf(getDb(), params.token, {
		baseUrl: publicBaseUrl(url),
		lang: url.searchParams.get('lang')
	});
	if (!pdf) error(404, { message: 'pay_link' });
	return pdfResponse(pdf);
};
