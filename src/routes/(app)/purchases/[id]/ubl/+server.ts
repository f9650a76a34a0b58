import { getDb } from '$lib/server/db';
import { fileResponse, XML } from '$lib/server/download';
import { receivedDocument } from '$lib/server/peppol/exchange';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** The received e-invoice as it arrived (UBL XML). */
export const GET = (async ({ locals, params }) => {
	const row = await receivedDocument(getDb(), locals.company!.id, params.id);
	if (!row?.xml) error(404);
	const name = (row.number ?? 'e-invoice').replace(/[^A-Za-z0-9._-]+/g, '-');
	return fileResponse(row.xml, { contentType: XML, filename: `${name}.xml` });
}) satisfies RequestHandler;
