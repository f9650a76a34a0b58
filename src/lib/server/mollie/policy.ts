import type { Db } from '../db';
import { getConnectionSummary, type ConnectionSummary } from './connection';

/** Why Mollie can't be asked for a company. */
export type MollieBlock = 'not_configured' | 'not_connected' | 'reconnect';
export type MollieAccess =
	{ ok: true; connection: ConnectionSummary } | { ok: false; reason: MollieBlock };

/**
 * "Can Mollie be asked?", the one rule for the pay page's checkout, "Sync with Mollie" and the
 * payment page's actions: the server has a Mollie app (`configured`), the company's connection
 * exists and is `connected`; a connection whose tokens Mollie refused must be reconnected first.
 * An installed but not connected app (`installed`) or a deactivated one is not connected.
 */
export async function mollieAccess(
	db: Db,
	companyId: string,
	configured: boolean
): Promise<MollieAccess> {
	if (!configured) return { ok: false, reason: 'not_configured' };
	const connection = await getConnectionSummary(db, companyId);
	if (connection?.status === 'reconnect_needed') return { ok: false, reason: 'reconnect' };
	if (connection?.status !== 'connected') return { ok: false, reason: 'not_connected' };
	return { ok: true, connection };
}
