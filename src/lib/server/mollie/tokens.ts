import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { mollieConnections, type MollieConnection } from '../db/schema';
import type { MollieConfig } from './config';
import {
	DecryptionError,
	decryptSecret,
	encryptSecret,
	needsReencryption
} from '../secrets/crypto';
import {
	MollieNotConnected,
	MollieOAuthError,
	MollieReconnectNeeded,
	MollieUnavailable
} from './errors';
import { refreshTokens, type TokenSet } from './oauth';

/**
 * Access tokens live one hour. They are refreshed transparently shortly before they expire, and
 * concurrent refreshes collapse into one: Mollie returns the same refresh token, but two
 * refreshes racing would still burn requests and leave two "current" access tokens. Within a
 * process a promise per company collapses them; across processes (Workers isolates) a lock row
 * does, and the losers wait for `token_version` to move.
 */

const REFRESH_MARGIN_MS = 5 * 60_000;
const LOCK_MS = 30_000;
const POLL_MS = 100;

export interface AccessGrant {
	accessToken: string;
	mode: 'test' | 'live';
	organizationId: string | null;
	/** `token_version` this token belongs to: a 401 with it means "refresh past this version". */
	version: number;
}

const inflight = new Map<string, Promise<AccessGrant>>();

/** The context bound into each encrypted token: a blob moved to another row won't decrypt. */
export const tokenContext = (companyId: string, kind: 'access' | 'refresh') =>
	`mollie:${companyId}:${kind}`;

export async function encryptTokens(config: MollieConfig, companyId: string, t: TokenSet) {
	return {
		accessToken: await encryptSecret(t.accessToken, config, tokenContext(companyId, 'access')),
		refreshToken: await encryptSecret(t.refreshToken, config, tokenContext(companyId, 'refresh')),
		accessTokenExpiresAt: t.expiresAt,
		scope: t.scope
	};
}

async function loadConnection(db: Db, companyId: string) {
	const [row] = await db
		.select()
		.from(mollieConnections)
		.where(eq(mollieConnections.companyId, companyId));
	return row;
}

function usable(row: MollieConnection | undefined): MollieConnection {
	if (row?.status === 'reconnect_needed') throw new MollieReconnectNeeded();
	if (!row || row.status !== 'connected' || !row.accessToken || !row.refreshToken) {
		throw new MollieNotConnected();
	}
	return row;
}

async function grantFrom(db: Db, config: MollieConfig, row: MollieConnection) {
	const accessToken = await decryptSecret(
		row.accessToken!,
		config,
		tokenContext(row.companyId, 'access')
	);
	if (needsReencryption(row.accessToken!, config) || needsReencryption(row.refreshToken!, config)) {
		await reencryptRow(db, config, row);
	}
	return {
		accessToken,
		mode: row.mode,
		organizationId: row.organizationId,
		version: row.tokenVersion
	} satisfies AccessGrant;
}

/** A usable access token for the company's Mollie organisation, refreshed when < 5 min remain. */
export async function getAccessToken(
	db: Db,
	companyId: string,
	config: MollieConfig,
	/** The company's connection row when the caller read it already (null: it has none). */
	loaded?: MollieConnection | null
): Promise<AccessGrant> {
	const row = usable(
		loaded === undefined ? await loadConnection(db, companyId) : (loaded ?? undefined)
	);
	const left = (row.accessTokenExpiresAt?.getTime() ?? 0) - Date.now();
	if (left > REFRESH_MARGIN_MS) {
		try {
			return await grantFrom(db, config, row);
		} catch {
			// Undecryptable (e.g. a key removed too early): a refresh may still rescue it below.
		}
	}
	try {
		return await refreshAccessToken(db, companyId, config, row.tokenVersion);
	} catch (err) {
		// Mollie's token endpoint is down but the current token still works for a while: use it.
		if (err instanceof MollieUnavailable && left > 30_000) return grantFrom(db, config, row);
		throw err;
	}
}

/**
 * Refreshes unless a newer token than `seenVersion` exists already (then returns that one).
 * Also used after a 401, with the version of the token that was refused.
 */
export function refreshAccessToken(
	db: Db,
	companyId: string,
	config: MollieConfig,
	seenVersion: number
): Promise<AccessGrant> {
	let pending = inflight.get(companyId);
	if (!pending) {
		pending = refreshOnce(db, companyId, config, seenVersion).finally(() =>
			inflight.delete(companyId)
		);
		inflight.set(companyId, pending);
	}
	return pending;
}

async function refreshOnce(
	db: Db,
	companyId: string,
	config: MollieConfig,
	seenVersion: number
): Promise<AccessGrant> {
	const giveUpAt = Date.now() + LOCK_MS + 5_000;
	for (;;) {
		const now = new Date();
		const locked = await db
			.update(mollieConnections)
			.set({ refreshLockUntil: new Date(now.getTime() + LOCK_MS) })
			.where(
				and(
					eq(mollieConnections.companyId, companyId),
					eq(mollieConnections.status, 'connected'),
					eq(mollieConnections.tokenVersion, seenVersion),
					or(
						isNull(mollieConnections.refreshLockUntil),
						lt(mollieConnections.refreshLockUntil, now)
					)
				)
			);
		if (locked.rowsAffected === 1) return refreshLocked(db, companyId, config, seenVersion);
		// Someone else holds the lock (or finished already): wait for token_version to move.
		const row = usable(await loadConnection(db, companyId));
		if (row.tokenVersion !== seenVersion) return grantFrom(db, config, row);
		if (Date.now() > giveUpAt) throw new MollieUnavailable('token refresh did not finish');
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
}

async function refreshLocked(
	db: Db,
	companyId: string,
	config: MollieConfig,
	version: number
): Promise<AccessGrant> {
	const mine = and(
		eq(mollieConnections.companyId, companyId),
		eq(mollieConnections.tokenVersion, version)
	);
	const row = usable(await loadConnection(db, companyId));
	let tokens: TokenSet;
	try {
		const refresh = await decryptSecret(
			row.refreshToken!,
			config,
			tokenContext(companyId, 'refresh')
		);
		tokens = await refreshTokens(config, refresh);
	} catch (err) {
		const revoked = err instanceof MollieOAuthError && err.code === 'invalid_grant';
		if (revoked || err instanceof DecryptionError) {
			// The owner revoked Acquit in Mollie (or our copy is unreadable): forget the tokens.
			await db
				.update(mollieConnections)
				.set({
					status: 'reconnect_needed',
					accessToken: null,
					refreshToken: null,
					accessTokenExpiresAt: null,
					refreshLockUntil: null,
					tokenVersion: sql`${mollieConnections.tokenVersion} + 1`,
					updatedAt: new Date()
				})
				.where(mine);
			throw new MollieReconnectNeeded();
		}
		await db.update(mollieConnections).set({ refreshLockUntil: null }).where(mine);
		throw err;
	}
	const sealed = await encryptTokens(config, companyId, tokens);
	await db
		.update(mollieConnections)
		.set({ ...sealed, tokenVersion: version + 1, refreshLockUntil: null, updatedAt: new Date() })
		.where(mine);
	return {
		accessToken: tokens.accessToken,
		mode: row.mode,
		organizationId: row.organizationId,
		version: version + 1
	};
}

/** Re-seals a row's tokens with the current key; a no-op if a refresh got there first. */
async function reencryptRow(db: Db, config: MollieConfig, row: MollieConnection) {
	if (!row.accessToken || !row.refreshToken) return false;
	const accessToken = await decryptSecret(
		row.accessToken,
		config,
		tokenContext(row.companyId, 'access')
	);
	const refreshToken = await decryptSecret(
		row.refreshToken,
		config,
		tokenContext(row.companyId, 'refresh')
	);
	const res = await db
		.update(mollieConnections)
		.set({
			accessToken: await encryptSecret(accessToken, config, tokenContext(row.companyId, 'access')),
			refreshToken: await encryptSecret(
				refreshToken,
				config,
				tokenContext(row.companyId, 'refresh')
			)
		})
		.where(
			and(
				eq(mollieConnections.companyId, row.companyId),
				eq(mollieConnections.tokenVersion, row.tokenVersion)
			)
		);
	return res.rowsAffected === 1;
}

/**
 * Key rotation: re-seals every stored token still on an old key. Tokens are also re-sealed
 * lazily when used, so this only hurries the stragglers before an old key is dropped.
 */
export async function reencryptAll(db: Db, config: MollieConfig): Promise<number> {
	const rows = await db.select().from(mollieConnections);
	let count = 0;
	for (const row of rows) {
		if (!row.accessToken || !row.refreshToken) continue;
		if (!needsReencryption(row.accessToken, config) && !needsReencryption(row.refreshToken, config))
			continue;
		if (await reencryptRow(db, config, row)) count += 1;
	}
	return count;
}
