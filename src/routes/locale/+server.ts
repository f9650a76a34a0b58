import { cookieName, isLocale } from '$lib/paraglide/runtime';
import { error, redirect } from '@sveltejs/kit';
import { safeRedirectPath } from '$lib/server/redirect';
import type { RequestHandler } from './$types';

const ONE_YEAR = 60 * 60 * 24 * 365;

/** The language picker's form target (works without JavaScript). */
export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const data = await request.formData();
	const locale = data.get('locale');
	if (typeof locale !== 'string' || !isLocale(locale)) error(400, 'Unknown language');
	cookies.set(cookieName, locale, {
		path: '/',
		maxAge: ONE_YEAR,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		// Paraglide reads this cookie in the browser too, to render client-side in the same language.
		httpOnly: false
	});
	redirect(303, safeRedirectPath(data.get('redirectTo'), url.origin));
};
