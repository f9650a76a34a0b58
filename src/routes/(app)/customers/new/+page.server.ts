import { translateErrors } from '$lib/invoicing/errorText';
import { getDb } from '$lib/server/db';
import { createCustomer, type CustomerForm } from '$lib/server/invoicing/customers';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load = (({ url }) => ({
	returnTo: url.searchParams.get('return') === 'invoice' ? 'invoice' : ''
})) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, locals, url }) => {
		const values = Object.fromEntries(
			[...(await request.formData())].filter(([, v]) => typeof v === 'string')
		) as Record<string, string>;
		const r = await createCustomer(getDb(), locals.company!.id, values as CustomerForm);
		if (!r.ok) return fail(400, { values, errors: translateErrors(r.errors) });
		// Quick-create from the invoice editor goes straight back with the customer picked.
		if (url.searchParams.get('return') === 'invoice') {
			redirect(303, `/invoices/new?customer=${r.value.id}`);
		}
		redirect(303, `/customers/${r.value.id}?saved=1`);
	}
} satisfies Actions;
