import { translateErrors } from '$lib/invoicing/errorText';
import { getDb } from '$lib/server/db';
import { createJournal, type JournalForm } from '$lib/server/invoicing/journals';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions } from './$types';

export const actions = {
	default: async ({ request, locals }) => {
		const values = Object.fromEntries(
			[...(await request.formData())].filter(([, v]) => typeof v === 'string')
		) as Record<string, string>;
		const r = await createJournal(getDb(), locals.company!.id, values as JournalForm);
		if (!r.ok) return fail(400, { values, errors: translateErrors(r.errors) });
		redirect(303, '/settings/journals');
	}
} satisfies Actions;
