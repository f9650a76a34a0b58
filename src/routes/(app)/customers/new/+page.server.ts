import { translateErrors } from '$lib/invoicing/errorText';
import { getDb } from '$lib/server/db';
import { createCustomer, type CustomerForm } from '$lib/server/invoicing/customers';
import { lookupAfterSave } from '$lib/server/peppol/exchange';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions } from './$types';

export const actions = {
	default: async ({ request, locals }) => {
		const values = Object.fromEntries(
			[...(await request.formData())].filter(([, v]) => typeof v === 'string')
		) as Record<string, string>;
		const r = await createCustomer(getDb(), locals.company!.id, values as CustomerForm);
		if (!r.ok) return fail(400, { values, errors: translateErrors(r.errors) });
		await lookupAfterSave(getDb(), locals.company!.id, r.value.id);
		redirect(303, `/customers/${r.value.id}?saved=1`);
	}
} satisfies Actions;
