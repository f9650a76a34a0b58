import { translateErrors } from '$lib/invoicing/errorText';
import { decimalInput } from '$lib/format';
import { lineToForm } from '$lib/invoicing/lineForm';
import type { VatCategory } from '$lib/domain/vat';
import { getDb } from '$lib/server/db';
import { readInvoiceForm, updateDraft, type InvoiceForm } from '$lib/server/invoicing/invoices';
import { getInvoice } from '$lib/server/invoicing/queries';
import { error, redirect } from '@sveltejs/kit';
import {
	addCustomer,
	editorOptions,
	findCustomer,
	lineActions,
	saveFailure
} from '../../editor.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
	const db = getDb();
	const doc = await getInvoice(db, locals.company!.id, params.id);
	if (!doc) error(404);
	// Finalized documents are locked: their page shows them, nothing edits them.
	if (doc.invoice.state !== 'draft') redirect(303, `/invoices/${params.id}`);
	const inv = doc.invoice;
	const values: InvoiceForm = {
		customerId: inv.customerId,
		journalId: inv.journalId,
		issueDate: inv.issueDate,
		dueDate: inv.dueDate,
		currency: inv.currency,
		reference: inv.reference,
		notes: inv.notes,
		allowZeroTotal: inv.allowZeroTotal ? 'on' : '',
		// Numbers as the user types them in their language ("147,50"); both marks are read back.
		lines: doc.lines.map((l) => {
			const f = lineToForm({ ...l, vat: l.vat as VatCategory });
			return {
				...f,
				quantity: decimalInput(f.quantity),
				price: decimalInput(f.price),
				discount: decimalInput(f.discount)
			};
		})
	};
	return {
		options: await editorOptions(db, locals.company!.id, inv.customerId),
		values,
		credit: inv.kind === 'credit_note',
		customerName: doc.customer.name,
		id: inv.id
	};
}) satisfies PageServerLoad;

export const actions = {
	save: async ({ request, locals, params }) => {
		const data = await request.formData();
		const values = readInvoiceForm(data);
		const r = await updateDraft(getDb(), locals.company!.id, params.id, values);
		if (!r) error(404);
		if (!r.ok) return saveFailure(locals, data, values, translateErrors(r.errors));
		redirect(303, `/invoices/${params.id}`);
	},
	...lineActions,
	addCustomer,
	findCustomer
} satisfies Actions;
