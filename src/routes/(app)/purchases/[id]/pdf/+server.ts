import { getDb } from '$lib/server/db';
import { fileResponse, PDF } from '$lib/server/download';
import { embeddedPdf, receivedDocument } from '$lib/server/peppol/exchange';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** The PDF the supplier embedded in its e-invoice, opened in the browser. */
export const GET = (async ({ locals, params }) => {
	const row = await receivedDocument(getDb(), locals.company!.id, params.id);
	const pdf = row?.xml ? embeddedPdf(row.xml) : null;
	if (!pdf) error(404);
	return fileResponse(pdf.bytes, { contentType: PDF, filename: pdf.filename, inline: true });
}) satisfies RequestHandler;
