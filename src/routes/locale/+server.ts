import { cookieName } from '$lib/paraglide/runtime';
import { error, redirect } from '@sveltejs/kit';
import { parseForm } from '$lib/server/forms';
import { localeField, text } from '$lib/server/formFields';
import { safeRedirectPath } from '$lib/server/redirect';
import * as z from 'zod/mini';
import type { RequestHandler } from './$types';

const ONE_YEAR = 60 * 60 * 24 * 365;

/** The picker's fields: the language chosen, and the page to go back to (checked on use). */
const localeSchema = z.object({ locale: localeField(), redirectTo: text() });

/** The language picker's form target (works without JavaScript). */
export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const form = parseForm(localeSchema, await request.formData());
	if (!form.ok) error(400, form.errors.locale ?? form.errors.form!);
	const { locale, redirectTo } = form.data;
	cookies.set(cookieName, locale, {
		path: '/',
		maxAge: ONE_YEAR,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		// Paraglide reads this cookie in the browser too, to render client-side in the same language.
		httpOnly: false
	});
	redirect(303, safeRedirectPath(redirectTo, url.origin));
};
