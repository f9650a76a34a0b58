import { ClientCore } from 'mollie-api-typescript/core.js';
import { SDKHooks } from 'mollie-api-typescript/hooks/hooks.js';
import type { AfterSuccessContext, AfterSuccessHook } from 'mollie-api-typescript/hooks/types.js';
import type { SDKOptions } from 'mollie-api-typescript/lib/config.js';
import { version } from '../../../../package.json';
import type { Db } from '../db';
import type { MollieConnection } from '../db/schema';
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
	const hooks = new SDKHooks();
	hooks.registerAfterSuccessHook(keepEmbedded);
	// `hooks` is not in SDKOptions' type, but the SDK takes an SDKHooks instance from it
	// (ClientSDK's constructor) and keeps its own Mollie hooks in it (initHooks).
	const options: SDKOptions & { hooks: SDKHooks } = {
		hooks,
		serverURL: config.apiUrl,
		security: { oAuth: accessToken },
		// With an OAuth token the mode is chosen per request; the SDK adds it where allowed.
		testmode: mode === 'test',
		retryConfig: { strategy: 'none' },
		timeoutMs: config.timeoutMs,
		// Mollie asks integrators to identify themselves; the SDK appends this to its own.
		customUserAgent: USER_AGENT
	};
	return new ClientCore(options);
}

/**
 * The SDK parses a payment with a schema that has no `_embedded`, so `embed=refunds,chargebacks`
 * would be fetched and then dropped. For the operations listed here this hook reads the body
 * once more before the SDK parses it, keeps `_embedded` beside the Response the SDK goes on
 * with, and `embeddedOf(response)` (with the APICall of `$inspect()`) finds it again.
 */
const EMBEDDING_OPERATIONS = new Set(['get-payment']);
const embedded = new WeakMap<Response, unknown>();

const keepEmbedded: AfterSuccessHook = {
	async afterSuccess(ctx: AfterSuccessContext, response: Response) {
		if (!EMBEDDING_OPERATIONS.has(ctx.operationID) || !response.ok) return response;
		const text = await response.text();
		const copy = new Response(text, response);
		try {
			const body = JSON.parse(text) as { _embedded?: unknown } | null;
			if (body && typeof body === 'object' && body._embedded) embedded.set(copy, body._embedded);
		} catch {
			// Not JSON: the SDK reports it as it would have.
		}
		return copy;
	}
};

/** The `_embedded` object of a response seen by `keepEmbedded`, if it had one. */
export function embeddedOf(response: Response | undefined): unknown {
	return response ? embedded.get(response) : undefined;
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
	mode?: 'test' | 'live',
	/** The company's connection row, when the caller read it already (saves a round trip). */
	connection?: MollieConnection | null
): Promise<T> {
	const grant = await getAccessToken(db, companyId, config, connection);
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
