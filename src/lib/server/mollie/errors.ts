import {
	ClientError,
	ErrorResponse,
	ResponseValidationError,
	SDKValidationError
} from 'mollie-api-typescript/models/errors';

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

/**
 * Any other answer from the Mollie API (4xx): permanent until something changes (a setting, the
 * request). Mollie's `status`, `title`, `detail` and `field` are kept for the log and the owner.
 */
export class MollieApiError extends Error {
	constructor(
		readonly status: number,
		readonly detail: string,
		readonly title: string = '',
		readonly field: string | null = null
	) {
		super(
			`Mollie API error ${status}${title ? ` ${title}` : ''}: ${detail}${field ? ` (field ${field})` : ''}`
		);
		this.name = 'MollieApiError';
	}
}

/**
 * Mollie answered, but not in the shape the SDK expects (the OpenAPI description and the API
 * disagree, or a proxy answered). Not a reason to retry, and a bug to look at: logged loudly.
 */
export class MollieInvalidResponse extends Error {
	constructor(
		readonly status: number | undefined,
		detail: string
	) {
		super(`Mollie response failed validation${status ? ` (HTTP ${status})` : ''}: ${detail}`);
		this.name = 'MollieInvalidResponse';
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
		err instanceof MollieApiError ||
		err instanceof MollieInvalidResponse
	) {
		return err;
	}
	if (err instanceof ResponseValidationError || err instanceof SDKValidationError) {
		// Only the validator's message: the raw body may hold tokens (OAuth) or personal data.
		const status = err instanceof ResponseValidationError ? err.statusCode : undefined;
		const detail = err.cause;
		return new MollieInvalidResponse(status, describeCause(detail) ?? err.message.slice(0, 300));
	}
	if (err instanceof ClientError) {
		const status = err.statusCode;
		if (status >= 500 || status === 429) return new MollieUnavailable(`HTTP ${status}`, status);
		const oauth = oauthErrorCode(err.body);
		if (oauth) return new MollieOAuthError(oauth, status);
		if (err instanceof ErrorResponse) {
			return new MollieApiError(status, err.detail, err.title, err.field ?? null);
		}
		const parsed = problem(err.body);
		return new MollieApiError(status, parsed.detail ?? err.name, parsed.title, parsed.field);
	}
	// ConnectionError, RequestTimeoutError, RequestAbortedError, response validation failures…
	const name = err instanceof Error ? err.name : 'unknown error';
	return new MollieUnavailable(name);
}

/** Mollie's error body (`{status, title, detail, field}`), when the SDK did not parse it. */
function problem(body: string): { detail: string | null; title: string; field: string | null } {
	try {
		const p = JSON.parse(body) as { detail?: unknown; title?: unknown; field?: unknown };
		return {
			detail: typeof p.detail === 'string' ? p.detail : null,
			title: typeof p.title === 'string' ? p.title : '',
			field: typeof p.field === 'string' ? p.field : null
		};
	} catch {
		return { detail: null, title: '', field: null };
	}
}

function describeCause(cause: unknown): string | null {
	if (cause && typeof cause === 'object' && 'issues' in cause && Array.isArray(cause.issues)) {
		return (cause.issues as { path?: unknown[]; message?: string }[])
			.slice(0, 5)
			.map((i) => `${(i.path ?? []).join('.')}: ${i.message ?? ''}`)
			.join('; ');
	}
	return cause instanceof Error ? cause.message.slice(0, 300) : null;
}

/**
 * One line per Mollie failure in the server log: the operation, Mollie's status, title, detail
 * and field — never a request or response body (OAuth bodies carry tokens). Responses the SDK
 * could not validate are errors (a bug to fix); 4xx warnings; transient failures info.
 */
export function logMollieError(operation: string, err: unknown): Error {
	const e = toMollieError(err);
	if (e instanceof MollieInvalidResponse) {
		console.error(`[mollie] ${operation}: RESPONSE FAILED VALIDATION — ${e.message}`);
	} else if (e instanceof MollieApiError) {
		console.warn(
			`[mollie] ${operation}: ${e.status} ${e.title} — ${e.detail}${e.field ? ` [field ${e.field}]` : ''}`
		);
	} else if (e instanceof MollieOAuthError) {
		console.warn(`[mollie] ${operation}: OAuth ${e.status} ${e.code}`);
	} else {
		console.info(`[mollie] ${operation}: ${e.message}`);
	}
	return e;
}

/** Worth trying again shortly (5xx, 429, network); everything else is permanent. */
export function isTransient(err: unknown): boolean {
	return toMollieError(err) instanceof MollieUnavailable;
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
