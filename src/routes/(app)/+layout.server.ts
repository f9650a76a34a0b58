import type { LayoutServerLoad } from './$types';

export const load = (async ({ locals }) => {
	// hooks.server.ts already redirected anonymous visitors, and started reading the stamp.
	const changes = (await locals.changes) ?? null;
	return {
		user: locals.user!,
		company: locals.company!,
		changes,
		awaiting: locals.awaitingPayment === true
	};
}) satisfies LayoutServerLoad;
