import { getDb } from '$lib/server/db';
import { loadInvoiceDocument } from '$lib/server/invoicing/document';
import { qrSvg } from '$lib/server/qr';
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// The page resets to the root layout (+page@.svelte) so no app shell is printed; it keeps its
// `/(app)` route id, so the session guard in hooks.server.ts still applies.
export const load = (async ({ locals, params }) => {
	const doc = await loadInvoiceDocument(getDb(), locals.company!.id, params.id);
	if (!doc) error(404);
	return { doc, qr: doc.epc ? await qrSvg(doc.epc) : null };
}) satisfies PageServerLoad;
