import type { Db } from '$lib/server/db';
import { findRevokedPayToken } from '$lib/server/payments/payLinks';
import { getLocale } from '$lib/paraglide/runtime';
import { error } from '@sveltejs/kit';
import { payLang } from './lang';

/**
 * A pay link that opens nothing: the pay page's own "this link does not work" page (in
 * pay/[token]/+error.svelte), never the app's not-found page that leads to the owner's login.
 * A link the owner replaced still knows its company: the customer is told whom to ask.
 */
export async function payLinkNotFound(
	db: Db,
	token: string,
	url: URL,
	locals: App.Locals
): Promise<never> {
	const revoked = await findRevokedPayToken(db, token);
	const lang = payLang(url.searchParams.get('lang'), getLocale());
	locals.lang = lang;
	error(404, { message: 'pay_link', lang, ...(revoked ? { contact: revoked.contact } : {}) });
}
