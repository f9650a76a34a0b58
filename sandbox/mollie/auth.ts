import type { Ctx } from './http.ts';
import { bool } from './http.ts';
import { MollieError } from './errors.ts';
import type { Sandbox } from './core.ts';
import type { Mode, Organization, Profile } from './types.ts';

export const ALL_SCOPES = [
	'apikeys.read',
	'apikeys.write',
	'balances.read',
	'clients.read',
	'clients.write',
	'customers.read',
	'customers.write',
	'events.read',
	'invoices.read',
	'mandates.read',
	'mandates.write',
	'onboarding.read',
	'onboarding.write',
	'orders.read',
	'orders.write',
	'organizations.read',
	'organizations.write',
	'payment-links.read',
	'payment-links.write',
	'payments.read',
	'payments.write',
	'profiles.read',
	'profiles.write',
	'refunds.read',
	'refunds.write',
	'settlements.read',
	'shipments.read',
	'shipments.write',
	'subscriptions.read',
	'subscriptions.write',
	'terminals.read',
	'terminals.write',
	'webhooks.read',
	'webhooks.write'
] as const;

/** What an API key may do: payment-level resources, not organization-level ones. */
const API_KEY_SCOPES = new Set([
	'payments.read',
	'payments.write',
	'refunds.read',
	'refunds.write',
	'customers.read',
	'customers.write',
	'mandates.read',
	'mandates.write',
	'subscriptions.read',
	'subscriptions.write',
	'payment-links.read',
	'payment-links.write',
	'terminals.read'
]);

export interface Auth {
	kind: 'apikey' | 'oauth';
	organization: Organization;
	/** The key's own profile for API keys; null for OAuth tokens. */
	keyProfile: Profile | null;
	/** Fixed mode for API keys; null for OAuth (mode comes from `testmode`). */
	keyMode: Mode | null;
	scopes: Set<string>;
	credential: string;
}

const UNAUTHORIZED = 'Missing authentication, or failed to authenticate';

export function authenticate(sb: Sandbox, ctx: Ctx): Auth {
	const header = ctx.headers.authorization ?? '';
	const match = /^Bearer\s+(\S+)$/i.exec(header);
	if (!match) throw new MollieError(401, UNAUTHORIZED);
	const token = match[1];
	const state = sb.store.state;
	if (token.startsWith('test_') || token.startsWith('live_')) {
		const key = state.apiKeys.find((k) => k.key === token);
		const org = key && state.organizations.find((o) => o.id === key.organizationId);
		const profile = key && state.profiles.find((p) => p.id === key.profileId);
		if (!key || !org || !profile) throw new MollieError(401, UNAUTHORIZED);
		return {
			kind: 'apikey',
			organization: org,
			keyProfile: profile,
			keyMode: key.mode,
			scopes: API_KEY_SCOPES,
			credential: token
		};
	}
	if (token.startsWith('access_')) {
		const at = state.accessTokens[token];
		const grant = at && state.grants[at.grantId];
		if (!at || !grant || at.revoked || grant.revoked) throw new MollieError(401, UNAUTHORIZED);
		if (at.expiresAt <= sb.now()) {
			throw new MollieError(401, 'The access token has expired.');
		}
		const org = state.organizations.find((o) => o.id === grant.organizationId);
		if (!org) throw new MollieError(401, UNAUTHORIZED);
		return {
			kind: 'oauth',
			organization: org,
			keyProfile: null,
			keyMode: null,
			scopes: new Set(grant.scopes),
			credential: token
		};
	}
	throw new MollieError(401, UNAUTHORIZED);
}

export function requireScope(auth: Auth, scope: string): void {
	if (auth.scopes.has(scope)) return;
	if (auth.kind === 'apikey') {
		throw new MollieError(
			403,
			'This endpoint cannot be accessed with an API key. Use an OAuth access token.'
		);
	}
	throw new MollieError(403, `The access token is missing the required scope '${scope}'.`);
}

/** Test or live: fixed for API keys; from `testmode` (body for writes, query for reads) for OAuth. */
export function modeFor(auth: Auth, ctx: Ctx): Mode {
	if (auth.keyMode) return auth.keyMode;
	const fromBody = ctx.body.testmode;
	const fromQuery = ctx.url.searchParams.get('testmode');
	return bool(fromBody) || bool(fromQuery) ? 'test' : 'live';
}

/**
 * The profile a create or list call works on. OAuth: `profileId` is required and must belong to
 * the organization. API keys: `profileId` must not be sent; the key's profile is used.
 */
export function profileFor(auth: Auth, sb: Sandbox, value: unknown): Profile {
	if (auth.kind === 'apikey') {
		if (value !== undefined && value !== null && value !== '') {
			throw new MollieError(
				422,
				"The 'profileId' parameter is not allowed when using an API key.",
				'profileId'
			);
		}
		return auth.keyProfile as Profile;
	}
	if (value === undefined || value === null || value === '') {
		throw new MollieError(
			422,
			"The 'profileId' parameter is required when using an OAuth access token.",
			'profileId'
		);
	}
	const profile = sb.store.state.profiles.find(
		(p) => p.id === value && p.organizationId === auth.organization.id
	);
	if (!profile) {
		throw new MollieError(422, `The profile '${String(value)}' is invalid.`, 'profileId');
	}
	return profile;
}

/** Can this credential see an entity? (same organization, same mode, key's own profile). */
export function canSee(
	auth: Auth,
	mode: Mode,
	entity: { organizationId: string; profileId: string; mode: Mode }
): boolean {
	if (entity.organizationId !== auth.organization.id || entity.mode !== mode) return false;
	if (auth.keyProfile && entity.profileId !== auth.keyProfile.id) return false;
	return true;
}
