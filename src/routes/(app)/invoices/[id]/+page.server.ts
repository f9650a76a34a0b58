import { errorText } from '$lib/invoicing/errorText';
import { getDb } from '$lib/server/db';
import { createCreditNote } from '$lib/server/invoicing/creditNotes';
import { deleteDraft, markSent } from '$lib/server/invoicing/invoices';
import { finalizeInvoice } from '$lib/server/invoicing/numbering';
import { loadInvoiceDocument } from '$lib/server/invoicing/document';
import { creditableCents, getInvoice } from '$lib/server/invoicing/queries';
import { qrSvg } from '$lib/server/qr';
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
	const db = getDb();
	const doc = await getInvoice(db, locals.company!.id, params.id);
	if (!doc) error(404);
	const creditable =
		doc.invoice.kind === 'invoice' ? await creditableCents(db, locals.company!.id, params.id) : 0;
	// The EPC QR (bank-app payment of the open amount) as on the printed invoice; none for drafts,
	// credit notes, other currencies, a missing IBAN or nothing left to pay.
	const printable = await loadInvoiceDocument(db, locals.company!.id, params.id);
	const qr = printable?.epc ? await qrSvg(printable.epc) : null;
	return { doc, creditable, qr };
}) satisfies PageServerLoad;

const formError = (status: number, key: string) =>
	fail(status, { errors: { form: errorText(key) } as Record<string, string> });

export const actions = {
	finalize: async ({ locals, params }) => {
		const r = await finalizeInvoice(getDb(), locals.company!.id, params.id);
		if (!r.ok && r.errors.form === 'not_found') error(404);
		if (!r.ok) return formError(409, r.errors.form ?? 'retry');
		redirect(303, `/invoices/${params.id}`);
	},
	send: async ({ locals, params }) => {
		const r = await markSent(getDb(), locals.company!.id, params.id);
		if (r === 'not_found') error(404);
		if (r !== 'ok') return formError(409, r);
		redirect(303, `/invoices/${params.id}`);
	},
	delete: async ({ locals, params }) => {
		const r = await deleteDraft(getDb(), locals.company!.id, params.id);
		if (r === 'not_found') error(404);
		if (r !== 'deleted') return formError(409, r);
		redirect(303, '/invoices');
	},
	creditNote: async ({ locals, params }) => {
		const r = await createCreditNote(getDb(), locals.company!.id, params.id);
		if (!r) error(404);
		if (!r.ok) return formError(409, Object.values(r.errors)[0] ?? 'invalid');
		redirect(303, `/invoices/${r.value.id}/edit`);
	}
} satisfies Actions;
