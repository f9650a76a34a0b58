import { confirmEmail, confirmationLinkState } from '$lib/server/auth/emailConfirmation';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

// Opening the link only shows a button; the POST confirms. Mail scanners that fetch every link
// would otherwise use it up (harmless here, but the user would never see it happen).
export const load = (async ({ params, setHeaders }) => {
	// The token is in the URL: keep it out of the Referer sent to other sites (see reset-password).
	setHeaders({ 'referrer-policy': 'same-origin' });
	return { state: await confirmationLinkState(getDb(), params.token) };
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ params }) => {
		// Confirming twice is harmless: a used link of a confirmed address reads 'confirmed'.
		return { state: await confirmEmail(getDb(), params.token) };
	}
} satisfies Actions;
