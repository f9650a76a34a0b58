import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { mollieConfig, mollieEnabled } from '$lib/server/mollie/config';
import {
	canConfigureMollie,
	completeOAuth,
	type OAuthOutcome
} from '$lib/server/mollie/connection';
import type { RequestHandler } from './$types';

/**
 * Mollie Connect sends the owner back here with `code` + `state` (or `error`). Whatever
 * happens, the owner lands on a page with a message, never on a 500.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	if (!mollieEnabled() || !canConfigureMollie(locals.user?.role) || !locals.session) {
		redirect(303, '/apps?mollie=forbidden');
	}
	let outcome: OAuthOutcome;
	try {
		outcome = await completeOAuth(getDb(), mollieConfig(), {
			sessionId: locals.session.id,
			companyId: locals.company!.id,
			companyName: locals.company!.name,
			params: url.searchParams
		});
	} catch (err) {
		// Only the error's name: messages or causes could carry a token.
		console.error('Mollie callback failed:', err instanceof Error ? err.name : 'unknown');
		outcome = { ok: false, reason: 'failed' };
	}
	if (outcome.ok) redirect(303, '/apps/mollie?connected=1');
	redirect(303, `/apps?mollie=${outcome.reason}`);
};
