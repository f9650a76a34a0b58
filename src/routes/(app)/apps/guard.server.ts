import { error } from '@sveltejs/kit';
import { canConfigureMollie } from '$lib/server/mollie/connection';

/** Only the company's owner or an admin may change connections; others get a 403. */
export function requireConfigurer(locals: App.Locals) {
	if (!locals.user || !locals.company || !locals.session) error(401);
	if (!canConfigureMollie(locals.user.role)) error(403, 'Only the owner or an admin can do this.');
	return { user: locals.user, company: locals.company, session: locals.session };
}
