import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import {
	assertCanEdit,
	canEditCompany,
	formatBytes,
	getCompanySettings,
	removeCompanyImage,
	replaceCompanyImage,
	saveThemeColors,
	uploadError
} from '$lib/server/company';
import { getDb } from '$lib/server/db';
import { bodyTooLarge, UPLOAD_LIMITS } from '$lib/server/files';
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

const backgroundError = (reason: 'missing' | 'too_large' | 'type') =>
	fail(reason === 'too_large' ? 413 : 400, {
		form: 'background',
		errors: { background: uploadError(reason, UPLOAD_LIMITS.background, getLocale()) }
	} satisfies Result);

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
		if (bodyTooLarge(request)) return backgroundError('too_large');
		const form = await request.formData();
		const result = await replaceCompanyImage(
			getDb(),
			locals.company!.id,
			'background',
			form.get('background')
		);
		if (!result.ok) return backgroundError(result.reason);
		return { form: 'background', message: m.settings_background_saved() } satisfies Result;
	},
	removeBackground: async ({ locals }) => {
		assertCanEdit(locals.user);
		await removeCompanyImage(getDb(), locals.company!.id, 'background');
		return { form: 'background', message: m.settings_background_removed() } satisfies Result;
	}
} satisfies Actions;
