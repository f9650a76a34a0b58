import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { Db } from '$lib/server/db';
import type { FormFailure } from '$lib/server/forms';
import type { MollieConfig } from '$lib/server/mollie/config';
import { MollieReconnectNeeded, MollieUnavailable } from '$lib/server/mollie/errors';
import { mollieAccess } from '$lib/server/mollie/policy';
import { syncCompany } from '$lib/server/mollie/sync';

export type SyncFailure = 'not_connected' | 'reconnect' | 'unavailable' | 'failed';
/** Why the Sync action refused: the sync's own failure, or no Mollie app on this server. */
export type SyncRefusal = SyncFailure | 'not_configured';
export type SyncOutcome =
	{ ok: true; seen: number } | { ok: false; status: number; reason: SyncFailure };

/**
 * "Sync with Mollie" with its failures sorted for the owner. The connection is checked first:
 * syncCompany reports a missing connection as "unavailable", which would promise a retry that
 * can't succeed.
 */
export async function runSync(
	db: Db,
	config: MollieConfig,
	companyId: string
): Promise<SyncOutcome> {
	// A config in hand means the server has a Mollie app.
	const access = await mollieAccess(db, companyId, true);
	if (!access.ok) {
		return {
			ok: false,
			status: 409,
			reason: access.reason === 'reconnect' ? 'reconnect' : 'not_connected'
		};
	}
	try {
		const { seen } = await syncCompany(db, config, companyId);
		return { ok: true, seen };
	} catch (err) {
		if (err instanceof MollieReconnectNeeded)
			return { ok: false, status: 409, reason: 'reconnect' };
		if (err instanceof MollieUnavailable) return { ok: false, status: 503, reason: 'unavailable' };
		// A 4xx from Mollie (e.g. a profile that no longer exists): nothing a retry would fix.
		console.error('Mollie sync failed', err instanceof Error ? err.name : err);
		return { ok: false, status: 502, reason: 'failed' };
	}
}

/** The owner's words for each reason "Sync with Mollie" didn't run (one missing: no build). */
const SYNC_TEXT: Record<SyncRefusal, () => string> = {
	not_configured: m.mollie_not_available,
	not_connected: m.tx_error_not_connected,
	reconnect: m.tx_error_reconnect,
	unavailable: m.tx_error_unavailable,
	failed: m.tx_error_sync_failed
};

/** The Sync action's refusal: the page's one shape, plus the reason (which help to offer). */
export const syncRefusal = (status: number, reason: SyncRefusal) =>
	fail(status, {
		errors: { form: SYNC_TEXT[reason]() },
		sync: reason
	} satisfies FormFailure & { sync: SyncRefusal });
