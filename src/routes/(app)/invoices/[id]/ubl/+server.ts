import { getDb } from '$lib/server/db';
import { fileResponse, XML } from '$lib/server/download';
import { publicBaseUrl } from '$lib/server/mail/baseUrl';
import { invoiceUbl } from '$lib/server/peppol/document';
import { UblError, ublErrorMessage } from '$lib/server/peppol/ubl';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** "Download e-invoice (UBL)": the Peppol BIS 3.0 XML of one of the company's documents. */
export const GET = (async ({ locals, params, url }) => {
	let ubl;
	try {
		ubl = await invoiceUbl(getDb(), locals.company!.id, params.id, { base: publicBaseUrl(url) });
	} catch (e) {
		// The invoice page offers the link only when the document can be built; reaching here
		// means it changed in between: say what to fix rather than a bare failure.
		if (e instanceof UblError) {
			error(409, ublErrorMessage(e.code));
		}
		throw e;
	}
	if (!ubl) error(404);
	return fileResponse(ubl.xml, { contentType: XML, filename: ubl.filename });
}) satisfies RequestHandler;
