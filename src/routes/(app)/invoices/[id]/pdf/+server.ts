import { getDb } from '$lib/server/db';
import { publicBaseUrl } from '$lib/server/mail/baseUrl';
import { pdfResponse, renderInvoicePdf } from '$lib/server/pdf';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

// The owner's download (a plain link on the invoice page); another company's id is a 404.
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const pdf = await renderInvoicePdf(getDb(), locals.company!.id, params.id, {
		baseUrl: publicBaseUrl(url)
	});
	if (!pdf) error(404);
	return pdfResponse(pdf);
};
