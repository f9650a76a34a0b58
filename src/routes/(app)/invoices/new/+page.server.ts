import { emptyLine } from '$lib/invoicing/lineForm';
import { translateErrors } from '$lib/invoicing/errorText';
import { getDb } from '$lib/server/db';
import { todayInBrussels } from '$lib/server/invoicing/common';
import { createDraft, readInvoiceForm, type InvoiceForm } from '$lib/server/invoicing/invoices';
import { redirect } from '@sveltejs/kit';
import {
	addCustomer,
	editorOptions,
	findCustomer,
	lineActions,
	saveFailure
} from '../editor.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const picked = url.searchParams.get('customer') ?? '';
	const options = await editorOptions(getDb(), locals.company!.id, picked);
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
		const data = await request.formData();
		const values = readInvoiceForm(data);
		const r = await createDraft(getDb(), locals.company!.id, values);
		if (!r.ok) return saveFailure(locals, data, values, translateErrors(r.errors));
		redirect(303, `/invoices/${r.value.id}`);
	},
	...lineActions,
	addCustomer,
	findCustomer
} satisfies Actions;
