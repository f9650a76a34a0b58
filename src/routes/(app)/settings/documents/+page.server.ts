import { m } from '$lib/paraglide/messages';
import { assertCanEdit, canEditCompany } from '$lib/server/company';
import { getDb } from '$lib/server/db';
import { getDocQrChoice, saveDocQrChoice } from '$lib/server/docQr';
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => ({
	qrCodes: await getDocQrChoice(getDb(), locals.company!.id),
	canEdit: canEditCompany(locals.user!.role)
})) satisfies PageServerLoad;

export const actions = {
	save: async ({ request, locals }) => {
		assertCanEdit(locals.user);
		const result = await saveDocQrChoice(getDb(), locals.company!.id, await request.formData());
		if (!result.ok) {
			return fail(400, { value: result.value, errors: { qrCodes: m.docqr_error_choice() } });
		}
		return { value: result.choice, message: m.docqr_saved() };
	}
} satisfies Actions;
