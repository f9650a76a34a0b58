import type { LayoutServerLoad } from './$types';

export const load = (({ locals }) => {
	// hooks.server.ts already redirected anonymous visitors.
	return { user: locals.user!, company: locals.company! };
}) satisfies LayoutServerLoad;
