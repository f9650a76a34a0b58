import { errorText, translateErrors } from '$lib/invoicing/errorText';
import { getDb } from '$lib/server/db';
import {
	getJournal,
	setJournalArchived,
	updateJournal,
	type JournalForm
} from '$lib/server/invoicing/journals';
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
	const journal = await getJournal(getDb(), locals.company!.id, params.id);
	if (!journal) error(404);
	return { journal };
}) satisfies PageServerLoad;

async function archive(companyId: string, id: string, archived: boolean) {
	const r = await setJournalArchived(getDb(), companyId, id, archived);
	if (r === 'not_found') error(404);
	if (r === 'last_active') {
		return fail(409, { values: undefined, errors: { form: errorText('last_active') } });
	}
	redirect(303, `/settings/journals/${id}`);
}

export const actions = {
	save: async ({ request, locals, params }) => {
		const values = Object.fromEntries(
			[...(await request.formData())].filter(([, v]) => typeof v === 'string')
		) as Record<string, string>;
		const r = await updateJournal(getDb(), locals.company!.id, params.id, values as JournalForm);
		if (!r) error(404);
		if (!r.ok) return fail(400, { values, errors: translateErrors(r.errors) });
		redirect(303, '/settings/journals');
	},
	archive: ({ locals, params }) => archive(locals.company!.id, params.id, true),
	unarchive: ({ locals, params }) => archive(locals.company!.id, params.id, false)
} satisfies Actions;
