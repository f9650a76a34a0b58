import { ClientCore } from 'mollie-api-typescript/core.js';
import { version } from '../../../../package.json';
import type { Db } from '../db';
import type { MollieConfig } from './config';
import { errorStatus, MollieUnavailable, toMollieError } from './errors';
import { getAccessToken, refreshAccessToken, type AccessGrant } from './tokens';

/**
 * SDK clients for Mollie's standalone functions (`paymentsCreate(client, …)` etc. from
 * `mollie-api-typescript/funcs/*.js`: small Worker bundles). A client is built per call from one
 * company's token, so company A's actions can never run with company B's token.
 */

export function mollieClient(
	config: MollieConfig,
	accessToken: string,
	mode: 'test' | 'live'
): ClientCore {
	return new ClientCore({
		serverURL: config.apiUrl,
		security: { oAuth: accessToken },
		// With an OAuth token the mode is chosen per request; the SDK adds it where allowed.
		testmode: mode === 'test',
		retryConfig: { strategy: 'none' },
		timeoutMs: config.timeoutMs,
		// Mollie asks integrators to identify themselves; the SDK appends this to its own.
		customUserAgent: USER_AGENT
	});
}

/** `Acquit/<version>` (package.json's version, inlined at build time). */
export const USER_AGENT = `Acquit/${version}`;

export interface CompanyMollie {
	client: ClientCore;
	mode: 'test' | 'live';
	organizationId: string | null;
}

/** The company's Mollie client, with a fresh-enough token. */
export async function mollieFor(
	db: Db,
	companyId: string,
	config: MollieConfig
): Promise<CompanyMollie> {
	const grant = await getAccessToken(db, companyId, config);
	return toCompanyMollie(config, grant);
}

function toCompanyMollie(
	config: MollieConfig,
	grant: AccessGrant,
	mode: 'test' | 'live' = grant.mode
): CompanyMollie {
	return {
		client: mollieClient(config, grant.accessToken, mode),
		mode,
		organizationId: grant.organizationId
	};
}

/**
 * Runs `fn` with the company's client; after a 401 (token revoked or expired early at Mollie)
 * refreshes once and retries once. `fn` may throw SDK errors or our typed ones.
 * `mode` overrides the connection's current mode: a test payment stays a test payment (and is
 * only readable with `testmode`) after the owner switches to live.
 */
export async function withMollie<T>(
	db: Db,
	companyId: string,
	config: MollieConfig,
	fn: (mollie: CompanyMollie) => Promise<T>,
	mode?: 'test' | 'live'
): Promise<T> {
	const grant = await getAccessToken(db, companyId, config);
	try {
		return await retryOnce(() => fn(toCompanyMollie(config, grant, mode)));
	} catch (err) {
		if (errorStatus(err) !== 401) throw err;
		const fresh = await refreshAccessToken(db, companyId, config, grant.version);
		return retryOnce(() => fn(toCompanyMollie(config, fresh, mode)));
	}
}

const RETRY_AFTER_MS = 400;

/**
 * A transient answer (5xx, 429) is tried once more after a short pause. Not a timeout: on the
 * public pages that would double the customer's wait. Creating calls carry an Idempotency-Key
 * chosen by the caller, so the retry can't create twice.
 */
async function retryOnce<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (err) {
		const e = toMollieError(err);
		if (!(e instanceof MollieUnavailable) || e.status === undefined) throw err;
		await new Promise((r) => setTimeout(r, RETRY_AFTER_MS));
		return fn();
	}
}
