import { encodeBase64urlNoPadding } from '@oslojs/encoding';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import {
	journals,
	mollieConnections,
	mollieProfiles,
	oauthStates,
	type MollieConnection
} from '../db/schema';
import { fetchAccount, type MollieAccount } from './account';
import type { MollieConfig } from './config';
import { decryptSecret } from '../secrets/crypto';
import { hashToken } from '../secrets/tokens';
import { MollieOAuthError, MollieUnavailable, logMollieError } from './errors';
import { authorizationUrl, exchangeCode, revokeToken, type TokenSet } from './oauth';
import { encryptTokens, getAccessToken, tokenContext } from './tokens';

const STATE_TTL_MS = 10 * 60_000;

/** Who may set up or change the Mollie connection. */
export const canConfigureMollie = (role: string | undefined) =>
	role === 'owner' || role === 'admin';

export type ConnectionSummary = Pick<
	MollieConnection,
	| 'status'
	| 'mode'
	| 'organizationId'
	| 'organizationName'
	| 'onboardingStatus'
	| 'canReceivePayments'
	| 'onboardingDashboardUrl'
	| 'connectedAt'
	| 'lastWebhookAt'
	| 'lastRefusal'
	| 'scope'
>;

/** The connection as the UI may see it: never the tokens. */
export async function getConnectionSummary(
	db: Db,
	companyId: string
): Promise<ConnectionSummary | null> {
	const [row] = await db
		.select({
			status: mollieConnections.status,
			mode: mollieConnections.mode,
			organizationId: mollieConnections.organizationId,
			organizationName: mollieConnections.organizationName,
			onboardingStatus: mollieConnections.onboardingStatus,
			canReceivePayments: mollieConnections.canReceivePayments,
			onboardingDashboardUrl: mollieConnections.onboardingDashboardUrl,
			connectedAt: mollieConnections.connectedAt,
			lastWebhookAt: mollieConnections.lastWebhookAt,
			lastRefusal: mollieConnections.lastRefusal,
			scope: mollieConnections.scope
		})
		.from(mollieConnections)
		.where(eq(mollieConnections.companyId, companyId));
	return row ?? null;
}

/** For the dashboard banner: true when Mollie refused our tokens and the owner must reconnect. */
export async function mollieNeedsReconnect(db: Db, companyId: string): Promise<boolean> {
	return (await getConnectionSummary(db, companyId))?.status === 'reconnect_needed';
}

export async function activate(db: Db, companyId: string): Promise<void> {
	const existing = await getConnectionSummary(db, companyId);
	if (!existing) {
		await db
			.insert(mollieConnections)
			.values({ companyId, status: 'installed', updatedAt: new Date() });
	} else if (existing.status === 'inactive') {
		await db
			.update(mollieConnections)
			.set({ status: 'installed', updatedAt: new Date() })
			.where(eq(mollieConnections.companyId, companyId));
	}
}

export type DisconnectResult = { ok: true } | { ok: false; reason: 'unavailable' };

/**
 * Revokes the grant at Mollie (`DELETE /oauth2/tokens` with the refresh token, which also kills
 * its access tokens), then forgets the tokens. Payments already recorded stay as they are.
 * If Mollie can't be reached nothing changes, so the owner can retry rather than leave a live
 * grant behind.
 */
export async function disconnect(
	db: Db,
	config: MollieConfig,
	companyId: string,
	nextStatus: 'installed' | 'inactive' = 'installed'
): Promise<DisconnectResult> {
	const [row] = await db
		.select()
		.from(mollieConnections)
		.where(eq(mollieConnections.companyId, companyId));
	if (!row) return { ok: true };
	if (row.refreshToken) {
		try {
			const refresh = await decryptSecret(
				row.refreshToken,
				config,
				tokenContext(companyId, 'refresh')
			);
			await revokeToken(config, refresh, 'refresh_token');
		} catch (err) {
			if (err instanceof MollieUnavailable) return { ok: false, reason: 'unavailable' };
			// Already revoked at Mollie or unreadable here: nothing left to revoke.
		}
	}
	await db
		.update(mollieConnections)
		.set({
			status: nextStatus,
			accessToken: null,
			refreshToken: null,
			accessTokenExpiresAt: null,
			refreshLockUntil: null,
			scope: null,
			connectedAt: null,
			tokenVersion: sql`${mollieConnections.tokenVersion} + 1`,
			updatedAt: new Date()
		})
		.where(eq(mollieConnections.companyId, companyId));
	return { ok: true };
}

export function deactivate(db: Db, config: MollieConfig, companyId: string) {
	return disconnect(db, config, companyId, 'inactive');
}

export async function setMode(db: Db, companyId: string, mode: 'test' | 'live'): Promise<void> {
	await db
		.update(mollieConnections)
		.set({ mode, updatedAt: new Date() })
		.where(eq(mollieConnections.companyId, companyId));
}

/**
 * Starts Mollie Connect: a random `state` (only its hash is stored) bound to this session and
 * company, valid 10 minutes, and the authorize URL to send the owner to.
 */
export async function startOAuth(
	db: Db,
	config: MollieConfig,
	opts: { sessionId: string; companyId: string; locale: string; signup?: boolean }
): Promise<string> {
	const state = encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(32)));
	const now = Date.now();
	await db.batch([
		db.delete(oauthStates).where(lt(oauthStates.expiresAt, new Date(now))),
		db.insert(oauthStates).values({
			id: hashToken(state),
			sessionId: opts.sessionId,
			companyId: opts.companyId,
			expiresAt: new Date(now + STATE_TTL_MS)
		})
	]);
	return authorizationUrl(config, state, opts.locale, opts.signup ? 'signup' : 'login');
}

export type OAuthFailure = 'cancelled' | 'state' | 'code' | 'unavailable' | 'failed';
export type OAuthOutcome =
	| { ok: true; organizationName: string; profileCount: number }
	| { ok: false; reason: OAuthFailure };

/**
 * The callback: checks the state (exists, not expired, same session and company, single use),
 * exchanges the code, reads the organisation, onboarding and profiles, and only then stores
 * everything in one batch, so a failure anywhere leaves no half-configured connection.
 */
export async function completeOAuth(
	db: Db,
	config: MollieConfig,
	opts: { sessionId: string; companyId: string; companyName: string; params: URLSearchParams }
): Promise<OAuthOutcome> {
	const { params, companyId } = opts;
	const state = params.get('state');
	if (!state) return { ok: false, reason: 'state' };
	// Deleting first makes the state single-use even when two callbacks race.
	const [stored] = await db
		.delete(oauthStates)
		.where(eq(oauthStates.id, hashToken(state)))
		.returning();
	if (
		!stored ||
		stored.expiresAt.getTime() < Date.now() ||
		stored.sessionId !== opts.sessionId ||
		stored.companyId !== companyId
	) {
		return { ok: false, reason: 'state' };
	}
	const error = params.get('error');
	if (error) return { ok: false, reason: error === 'access_denied' ? 'cancelled' : 'failed' };
	const code = params.get('code');
	if (!code) return { ok: false, reason: 'failed' };

	let tokens: TokenSet;
	try {
		tokens = await exchangeCode(config, code);
	} catch (err) {
		if (err instanceof MollieOAuthError && err.code === 'invalid_grant') {
			return { ok: false, reason: 'code' };
		}
		return { ok: false, reason: err instanceof MollieUnavailable ? 'unavailable' : 'failed' };
	}

	let account: MollieAccount;
	try {
		account = await fetchAccount(config, tokens.accessToken);
	} catch (err) {
		// Don't leave an orphan grant at Mollie for a connection we never stored.
		await revokeToken(config, tokens.refreshToken).catch(() => undefined);
		return { ok: false, reason: err instanceof MollieUnavailable ? 'unavailable' : 'failed' };
	}

	const [previous] = await db
		.select()
		.from(mollieConnections)
		.where(eq(mollieConnections.companyId, companyId));
	await storeConnection(db, config, companyId, opts.companyName, tokens, account);

	// Connecting twice replaces the tokens; the grant they belonged to is no longer needed.
	if (previous?.refreshToken) {
		try {
			const old = await decryptSecret(
				previous.refreshToken,
				config,
				tokenContext(companyId, 'refresh')
			);
			if (old !== tokens.refreshToken) await revokeToken(config, old);
		} catch {
			// Best effort: the new connection is stored and works either way.
		}
	}
	return {
		ok: true,
		organizationName: account.organization.name,
		profileCount: account.profiles.length
	};
}

/** Comparable company/profile names: case, accents, punctuation and legal forms ignored. */
function normalizeName(name: string): string {
	return name
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase()
		.replace(/\b(srl|sprl|sa|nv|bv|bvba|vof|scomm|commv|sc|cv|asbl|vzw)\b/g, '')
		.replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Default profile for a journal: the one named like the company, else the first. */
export function defaultProfileId(
	companyName: string,
	profiles: { id: string; name: string }[]
): string | null {
	const wanted = normalizeName(companyName);
	return profiles.find((p) => normalizeName(p.name) === wanted)?.id ?? profiles[0]?.id ?? null;
}

async function storeConnection(
	db: Db,
	config: MollieConfig,
	companyId: string,
	companyName: string,
	tokens: TokenSet,
	account: MollieAccount
) {
	const now = new Date();
	const sealed = await encryptTokens(config, companyId, tokens);
	const connection = {
		...sealed,
		status: 'connected' as const,
		organizationId: account.organization.id,
		organizationName: account.organization.name,
		onboardingStatus: account.onboarding.status,
		canReceivePayments: account.onboarding.canReceivePayments,
		onboardingDashboardUrl: account.onboarding.dashboardUrl,
		refreshLockUntil: null,
		connectedAt: now,
		updatedAt: now
	};
	const ids = new Set(account.profiles.map((p) => p.id));
	const fallback = defaultProfileId(companyName, account.profiles);
	const companyJournals = await db
		.select({ id: journals.id, profileId: journals.mollieProfileId })
		.from(journals)
		.where(eq(journals.companyId, companyId));
	await db.batch([
		db
			.insert(mollieConnections)
			.values({ companyId, ...connection })
			.onConflictDoUpdate({
				target: mollieConnections.companyId,
				// A new version makes any refresh still running for the old tokens lose its race.
				set: { ...connection, tokenVersion: sql`${mollieConnections.tokenVersion} + 1` }
			}),
		db.delete(mollieProfiles).where(eq(mollieProfiles.companyId, companyId)),
		...account.profiles.map((p) =>
			db.insert(mollieProfiles).values({ companyId, ...p, updatedAt: now })
		),
		// Journals keep a profile that still exists; others get the default (none without profiles).
		...companyJournals
			.filter((j) => !j.profileId || !ids.has(j.profileId))
			.map((j) =>
				db
					.update(journals)
					.set({ mollieProfileId: fallback })
					.where(and(eq(journals.id, j.id), eq(journals.companyId, companyId)))
			)
	]);
}

export async function listCachedProfiles(db: Db, companyId: string) {
	return db
		.select({
			id: mollieProfiles.id,
			name: mollieProfiles.name,
			website: mollieProfiles.website,
			status: mollieProfiles.status
		})
		.from(mollieProfiles)
		.where(eq(mollieProfiles.companyId, companyId))
		.orderBy(mollieProfiles.name);
}

export type ProfileAssignmentResult = { ok: true } | { ok: false; invalid: string[] };

/**
 * Saves the profile of each journal (null: no online payment for that journal). Every profile
 * must be one of the company's cached profiles; every journal one of the company's journals.
 */
export async function saveJournalProfiles(
	db: Db,
	companyId: string,
	assignments: { journalId: string; profileId: string | null }[]
): Promise<ProfileAssignmentResult> {
	const profiles = new Set((await listCachedProfiles(db, companyId)).map((p) => p.id));
	const own = new Set(
		(
			await db.select({ id: journals.id }).from(journals).where(eq(journals.companyId, companyId))
		).map((j) => j.id)
	);
	const invalid = assignments
		.filter((a) => !own.has(a.journalId) || (a.profileId !== null && !profiles.has(a.profileId)))
		.map((a) => a.journalId);
	if (invalid.length) return { ok: false, invalid };
	const updates = assignments.map((a) =>
		db
			.update(journals)
			.set({ mollieProfileId: a.profileId })
			.where(and(eq(journals.id, a.journalId), eq(journals.companyId, companyId)))
	);
	if (updates.length) await db.batch(updates as [(typeof updates)[0], ...typeof updates]);
	return { ok: true };
}

const ACCOUNT_EVERY_MS = 60_000;
const accountReadAt = new Map<string, number>();

/**
 * Onboarding (needs data → in review → completed) and profiles change over days at Mollie: when
 * the owner opens Apps & connections or the Mollie page, organisation, onboarding and profiles
 * are read again — at most once a minute per company — so the card stops saying "cannot receive
 * payments" once Mollie has approved. Journals keep their profile; a failure changes nothing.
 */
export async function refreshAccount(
	db: Db,
	config: MollieConfig,
	companyId: string
): Promise<boolean> {
	const now = Date.now();
	const last = accountReadAt.get(companyId);
	if (last !== undefined && now - last < ACCOUNT_EVERY_MS) return false;
	accountReadAt.set(companyId, now);
	if (accountReadAt.size > 10_000) accountReadAt.clear();
	const summary = await getConnectionSummary(db, companyId);
	if (summary?.status !== 'connected') return false;
	try {
		const grant = await getAccessToken(db, companyId, config);
		const account = await fetchAccount(config, grant.accessToken);
		const at = new Date();
		await db.batch([
			db
				.update(mollieConnections)
				.set({
					organizationName: account.organization.name,
					onboardingStatus: account.onboarding.status,
					canReceivePayments: account.onboarding.canReceivePayments,
					onboardingDashboardUrl: account.onboarding.dashboardUrl,
					updatedAt: at
				})
				.where(eq(mollieConnections.companyId, companyId)),
			db.delete(mollieProfiles).where(eq(mollieProfiles.companyId, companyId)),
			...account.profiles.map((p) =>
				db.insert(mollieProfiles).values({ companyId, ...p, updatedAt: at })
			)
		]);
		return true;
	} catch (err) {
		logMollieError('refresh organisation, onboarding and profiles', err);
		return false;
	}
}
