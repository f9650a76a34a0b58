import { m } from '$lib/paraglide/messages';
import { assertCanEdit, canEditCompany } from '$lib/server/company';
import { getDb } from '$lib/server/db';
import { docQrSchema, getDocQrChoice, saveDocQrChoice } from '$lib/server/docQr';
import { parseForm } from '$lib/server/forms';
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => ({
	qrCodes: await getDocQrChoice(getDb(), locals.company!.id),
	canEdit: canEditCompany(locals.user!.role)
})) satisfies PageServerLoad;

export const actions = {
	save: async ({ request, locals }) => {
		assertCanEdit(locals.user);
		const form = parseForm(docQrSchema(), await request.formData());
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		await saveDocQrChoice(getDb(), locals.company!.id, form.data.qrCodes);
		return { values: form.values, message: m.docqr_saved() };
	}
} satisfies Actions;
