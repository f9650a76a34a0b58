import { errorText, translateErrors } from '$lib/invoicing/errorText';
import { getDb } from '$lib/server/db';
import {
	customerHasInvoices,
	deleteCustomer,
	getCustomer,
	setCustomerArchived,
	updateCustomer,
	type CustomerForm
} from '$lib/server/invoicing/customers';
import { peppolEnabled } from '$lib/server/peppol/config';
import { lookupAfterSave } from '$lib/server/peppol/exchange';
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, params, url }) => {
	const db = getDb();
	const customer = await getCustomer(db, locals.company!.id, params.id);
	if (!customer) error(404);
	return {
		customer,
		hasInvoices: await customerHasInvoices(db, locals.company!.id, params.id),
		saved: url.searchParams.has('saved'),
		peppol: peppolEnabled()
	};
}) satisfies PageServerLoad;

export const actions = {
	save: async ({ request, locals, params }) => {
		const values = Object.fromEntries(
			[...(await request.formData())].filter(([, v]) => typeof v === 'string')
		) as Record<string, string>;
		const r = await updateCustomer(getDb(), locals.company!.id, params.id, values as CustomerForm);
		if (!r) error(404);
		if (!r.ok) return fail(400, { values, errors: translateErrors(r.errors) });
		await lookupAfterSave(getDb(), locals.company!.id, params.id);
		redirect(303, `/customers/${params.id}?saved=1`);
	},
	peppol: async ({ locals, params }) => {
		if (!(await getCustomer(getDb(), locals.company!.id, params.id))) error(404);
		await lookupAfterSave(getDb(), locals.company!.id, params.id);
		redirect(303, `/customers/${params.id}`);
	},
	archive: async ({ locals, params }) => {
		if (!(await setCustomerArchived(getDb(), locals.company!.id, params.id, true))) error(404);
		redirect(303, `/customers/${params.id}`);
	},
	unarchive: async ({ locals, params }) => {
		if (!(await setCustomerArchived(getDb(), locals.company!.id, params.id, false))) error(404);
		redirect(303, `/customers/${params.id}`);
	},
	delete: async ({ locals, params }) => {
		const r = await deleteCustomer(getDb(), locals.company!.id, params.id);
		if (r === 'not_found') error(404);
		if (r === 'has_invoices') {
			return fail(409, { values: undefined, errors: { form: errorText('has_invoices') } });
		}
		redirect(303, '/customers');
	}
} satisfies Actions;
