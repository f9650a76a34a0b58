import { ClientError } from 'mollie-api-typescript/models/errors';

/** Mollie is configured on this server but a required secret is missing. */
export class MollieConfigError extends Error {
	constructor(missing: string[]) {
		super(
			`Mollie is enabled (MOLLIE_CLIENT_ID is set) but ${missing.join(', ')} ${
				missing.length > 1 ? 'are' : 'is'
			} missing. See docs/mollie.md.`
		);
		this.name = 'MollieConfigError';
	}
}

/** The company has no usable Mollie connection (never connected, or disconnected). */
export class MollieNotConnected extends Error {
	constructor() {
		super('This company has no Mollie connection.');
		this.name = 'MollieNotConnected';
	}
}

/** Mollie refused our refresh token (the owner revoked Acquit): the owner must reconnect. */
export class MollieReconnectNeeded extends Error {
	constructor() {
		super('The Mollie authorisation was revoked; the owner must reconnect.');
		this.name = 'MollieReconnectNeeded';
	}
}

/** Mollie could not be reached or answered 5xx/429: worth a retry later, nothing is wrong locally. */
export class MollieUnavailable extends Error {
	constructor(
		detail: string,
		readonly status?: number
	) {
		super(`Mollie is unavailable: ${detail}`);
		this.name = 'MollieUnavailable';
	}
}

/** Mollie's OAuth endpoint refused a request (`invalid_grant`, `invalid_client`, …). */
export class MollieOAuthError extends Error {
	constructor(
		readonly code: string,
		readonly status: number,
		description?: string
	) {
		super(`Mollie OAuth error ${code}${description ? `: ${description}` : ''}`);
		this.name = 'MollieOAuthError';
	}
}

/** Any other answer from the Mollie API (4xx): the HTTP status is kept for callers. */
export class MollieApiError extends Error {
	constructor(
		readonly status: number,
		detail: string
	) {
		super(`Mollie API error ${status}: ${detail}`);
		this.name = 'MollieApiError';
	}
}

/** HTTP status of an SDK error, if it carried a response. */
export function errorStatus(err: unknown): number | undefined {
	if (err instanceof ClientError) return err.statusCode;
	if (err instanceof MollieApiError || err instanceof MollieOAuthError) return err.status;
	return undefined;
}

/**
 * Turns an SDK failure into one of our typed errors. Bodies are never included in messages:
 * an OAuth response body can hold tokens, and messages end up in logs.
 */
export function toMollieError(err: unknown): Error {
	if (
		err instanceof MollieReconnectNeeded ||
		err instanceof MollieUnavailable ||
		err instanceof MollieOAuthError ||
		err instanceof MollieApiError
	) {
		return err;
	}
	if (err instanceof ClientError) {
		const status = err.statusCode;
		if (status >= 500 || status === 429) return new MollieUnavailable(`HTTP ${status}`, status);
		const oauth = oauthErrorCode(err.body);
		if (oauth) return new MollieOAuthError(oauth, status);
		return new MollieApiError(status, err.name);
	}
	// ConnectionError, RequestTimeoutError, RequestAbortedError, response validation failures…
	const name = err instanceof Error ? err.name : 'unknown error';
	return new MollieUnavailable(name);
}

function oauthErrorCode(body: string): string | null {
	try {
		const parsed = JSON.parse(body) as { error?: unknown };
		return typeof parsed.error === 'string' ? parsed.error : null;
	} catch {
		return null;
	}
}

/** Unwraps a standalone SDK function's `Result`, throwing a typed error on failure. */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
	if (result.ok) return result.value;
	throw toMollieError(result.error);
}
