import { getDb } from '$lib/server/db';
import { formError, formValues } from '$lib/server/forms';
import { createCreditNote } from '$lib/server/invoicing/creditNotes';
import { creditableCents, getInvoice } from '$lib/server/invoicing/queries';
import { error, redirect } from '@sveltejs/kit';
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
		// `pick_<line>` ticks a line, `qty_<line>` is how much of it (checked by the service).
		const values = formValues(await request.formData());
		const pick = Object.fromEntries(
			Object.entries(values).flatMap(([k, v]) =>
				k.startsWith('qty_') && values[`pick_${k.slice(4)}`] ? [[k.slice(4), v]] : []
			)
		);
		const r = await createCreditNote(getDb(), locals.company!.id, params.id, pick);
		if (!r.ok && r.error === 'not_found') error(404);
		// Refused: the lines come back ticked and typed as they were.
		if (!r.ok) return formError(400, r.error, values);
		redirect(303, `/invoices/${r.value.id}/edit`);
	}
} satisfies Actions;
