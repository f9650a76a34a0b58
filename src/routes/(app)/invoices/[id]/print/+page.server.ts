import { getDb } from '$lib/server/db';
import { loadInvoiceDocument } from '$lib/server/invoicing/document';
import { publicBaseUrl } from '$lib/server/mail/baseUrl';
import { amountDueCents, documentQrs, payLinkFor } from '$lib/server/payments/share';
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// The page resets to the root layout (+page@.svelte) so no app shell is printed; it keeps its
// `/(app)` route id, so the session guard in hooks.server.ts still applies.
export const load = (async ({ locals, params, url }) => {
	const db = getDb();
	const companyId = locals.company!.id;
	const doc = await loadInvoiceDocument(db, companyId, params.id);
	if (!doc) error(404);
	// Printing an invoice that is still owed creates its pay link, so the paper can carry it.
	const payUrl =
		amountDueCents(doc) > 0 ? await payLinkFor(db, companyId, params.id, publicBaseUrl(url)) : null;
	return { doc, payUrl, ...(await documentQrs(doc, payUrl)) };
}) satisfies PageServerLoad;
