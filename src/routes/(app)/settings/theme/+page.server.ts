import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import {
	assertCanEdit,
	canEditCompany,
	getCompanySettings,
	removeCompanyImage,
	replaceCompanyImage,
	saveThemeColors
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
		theme: {
			name: company.name,
			brandColor: company.brandColor,
			accentColor: company.accentColor,
			backgroundColor: company.backgroundColor,
			logoFileId: company.logoFileId,
			backgroundFileId: company.backgroundFileId
		},
		canEdit: canEditCompany(locals.user!.role),
		backgroundMax: formatBytes(UPLOAD_LIMITS.background, getLocale())
	};
}) satisfies PageServerLoad;

type Result = {
	form: 'colors' | 'background';
	values?: Record<string, string>;
	errors?: FieldErrors;
	message?: string;
};

export const actions = {
	colors: async ({ request, locals }) => {
		assertCanEdit(locals.user);
		const result = await saveThemeColors(getDb(), locals.company!.id, await request.formData());
		if (!result.ok) {
			return fail(400, {
				form: 'colors',
				values: result.values,
				errors: result.errors
			} satisfies Result);
		}
		return { form: 'colors', message: m.settings_theme_saved() } satisfies Result;
	},
	background: async ({ request, locals }) => {
		assertCanEdit(locals.user);
		const refused = await handleUpload(request, 'background', (file) =>
			replaceCompanyImage(getDb(), locals.company!.id, 'background', file)
		);
		if (refused) return refused;
		return { form: 'background', message: m.settings_background_saved() } satisfies Result;
	},
	removeBackground: async ({ locals }) => {
		assertCanEdit(locals.user);
		await removeCompanyImage(getDb(), locals.company!.id, 'background');
		return { form: 'background', message: m.settings_background_removed() } satisfies Result;
	}
} satisfies Actions;
