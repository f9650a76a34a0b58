import { getDb } from '$lib/server/db';
import { receivedDocument } from '$lib/server/peppol/exchange';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** The received e-invoice as it arrived (UBL XML). */
export const GET = (async ({ locals, params }) => {
	const row = await receivedDocument(getDb(), locals.company!.id, params.id);
	if (!row?.xml) error(404);
	const name = (row.number ?? 'e-invoice').replace(/[^A-Za-z0-9._-]+/g, '-');
	return new Response(row.xml, {
		headers: {
			'content-type': 'application/xml; charset=utf-8',
			'content-disposition': `attachment; filename="${name}.xml"`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}) satisfies RequestHandler;
