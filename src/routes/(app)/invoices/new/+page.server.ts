import { emptyLine } from '$lib/invoicing/lineForm';
import { translateErrors } from '$lib/invoicing/errorText';
import { getDb } from '$lib/server/db';
import { todayInBrussels } from '$lib/server/invoicing/common';
import { createDraft, readInvoiceForm, type InvoiceForm } from '$lib/server/invoicing/invoices';
import { fail, redirect } from '@sveltejs/kit';
import { addCustomer, editorOptions, lineActions } from '../editor.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const options = await editorOptions(getDb(), locals.company!.id);
	const picked = url.searchParams.get('customer') ?? '';
	const values: InvoiceForm = {
		customerId: options.customers.some((c) => c.id === picked) ? picked : '',
		journalId: options.journals[0]?.id ?? '',
		issueDate: todayInBrussels(),
		dueDate: '',
		currency: 'EUR',
		reference: '',
		notes: '',
		allowZeroTotal: '',
		lines: [emptyLine()]
	};
	return { options, values };
}) satisfies PageServerLoad;

export const actions = {
	save: async ({ request, locals }) => {
		const values = readInvoiceForm(await request.formData());
		const r = await createDraft(getDb(), locals.company!.id, values);
		if (!r.ok) return fail(400, { values, errors: translateErrors(r.errors) });
		redirect(303, `/invoices/${r.value.id}`);
	},
	...lineActions,
	addCustomer
} satisfies Actions;
