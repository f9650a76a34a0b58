import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import {
	assertCanEdit,
	canEditCompany,
	COUNTRIES,
	getCompanySettings,
	removeCompanyImage,
	replaceCompanyImage,
	saveCompanyDetails
} from '$lib/server/company';
import { getDb } from '$lib/server/db';
import { formatBytes, handleUpload, UPLOAD_LIMITS } from '$lib/server/files';
import type { FieldErrors } from '$lib/server/forms';
import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	const company = await getCompanySettings(getDb(), locals.company!.id);
	if (!company) error(404);
	return {
		company,
		canEdit: canEditCompany(locals.user!.role),
		countries: [...COUNTRIES],
		logoMax: formatBytes(UPLOAD_LIMITS.logo, getLocale())
	};
}) satisfies PageServerLoad;

/** One shape for every action's result, so the page can tell which form it belongs to. */
type Result = {
	form: 'company' | 'logo';
	values?: Record<string, string>;
	errors?: FieldErrors;
	message?: string;
};

export const actions = {
	company: async ({ request, locals }) => {
		assertCanEdit(locals.user);
		const result = await saveCompanyDetails(getDb(), locals.company!.id, await request.formData());
		if (!result.ok) {
			return fail(400, {
				form: 'company',
				values: result.values,
				errors: result.errors
			} satisfies Result);
		}
		// The shell's layout data is read from locals after this action: keep its name current.
		locals.company!.name = result.data.name;
		locals.company!.defaultLocale = result.data.defaultLocale;
		return { form: 'company', message: m.settings_saved() } satisfies Result;
	},
	logo: async ({ request, locals }) => {
		assertCanEdit(locals.user);
		const refused = await handleUpload(request, 'logo', (file) =>
			replaceCompanyImage(getDb(), locals.company!.id, 'logo', file)
		);
		if (refused) return refused;
		return { form: 'logo', message: m.settings_logo_saved() } satisfies Result;
	},
	removeLogo: async ({ locals }) => {
		assertCanEdit(locals.user);
		await removeCompanyImage(getDb(), locals.company!.id, 'logo');
		return { form: 'logo', message: m.settings_logo_removed() } satisfies Result;
	}
} satisfies Actions;
