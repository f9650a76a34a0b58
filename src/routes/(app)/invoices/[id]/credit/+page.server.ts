import { translateErrors } from '$lib/invoicing/errorText';
import { getDb } from '$lib/server/db';
import { createCreditNote } from '$lib/server/invoicing/creditNotes';
import { creditableCents, getInvoice } from '$lib/server/invoicing/queries';
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

/** Partial credit note: pick lines and how much of each to credit. */
export const load = (async ({ locals, params }) => {
	const db = getDb();
	const doc = await getInvoice(db, locals.company!.id, params.id);
	if (!doc) error(404);
	if (doc.invoice.kind !== 'invoice' || doc.invoice.state !== 'finalized') {
		redirect(303, `/invoices/${params.id}`);
	}
	return { doc, creditable: await creditableCents(db, locals.company!.id, params.id) };
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, locals, params }) => {
		const data = await request.formData();
		const pick: Record<string, string> = {};
		for (const [k, v] of data) {
			if (k.startsWith('qty_') && typeof v === 'string' && data.get(`pick_${k.slice(4)}`)) {
				pick[k.slice(4)] = v;
			}
		}
		const r = await createCreditNote(getDb(), locals.company!.id, params.id, pick);
		if (!r) error(404);
		if (!r.ok) return fail(400, { errors: translateErrors(r.errors) });
		redirect(303, `/invoices/${r.value.id}/edit`);
	}
} satisfies Actions;
