import { getDb } from '$lib/server/db';
import { embeddedPdf, receivedDocument } from '$lib/server/peppol/exchange';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** The PDF the supplier embedded in its e-invoice, opened in the browser. */
export const GET = (async ({ locals, params }) => {
	const row = await receivedDocument(getDb(), locals.company!.id, params.id);
	const pdf = row?.xml ? embeddedPdf(row.xml) : null;
	if (!pdf) error(404);
	return new Response(pdf.bytes as BodyInit, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `inline; filename="${pdf.filename}"`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}) satisfies RequestHandler;
