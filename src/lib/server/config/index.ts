// PUBLIC_-prefixed variables are exactly the ones `$env/dynamic/private` leaves out, so the
// public module is the one that carries PUBLIC_BASE_URL (it is not a secret either).
import { env as privateEnv } from '$env/dynamic/private';
import { env as publicEnv } from '$env/dynamic/public';

/**
 * Everything read from the environment, in one place. Every function reads when it is called,
 * never at module scope: on Workers the environment exists only inside a request.
 */

/** The whole configuration as one record (private variables plus PUBLIC_BASE_URL). */
export function serverEnv(): Record<string, string | undefined> {
	return { ...privateEnv, PUBLIC_BASE_URL: publicEnv.PUBLIC_BASE_URL };
}

/** PUBLIC_BASE_URL trimmed and without a trailing slash, or '' when unset. */
export function publicBaseUrlSetting(): string {
	return (publicEnv.PUBLIC_BASE_URL ?? '').trim().replace(/\/+$/, '');
}

export function databaseSettings(): { url: string; authToken: string | undefined } {
	return {
		url: privateEnv.DATABASE_URL || 'file:data/acquit.db',
		authToken: privateEnv.DATABASE_AUTH_TOKEN || undefined
	};
}

/** TOKEN_ENCRYPTION_KEY and the previous keys still accepted during a rotation. */
export function tokenKeySettings(): { encryptionKey: string; oldEncryptionKeys: string[] } {
	return {
		encryptionKey: privateEnv.TOKEN_ENCRYPTION_KEY ?? '',
		oldEncryptionKeys: (privateEnv.TOKEN_ENCRYPTION_KEYS_OLD ?? '')
			.split(',')
			.map((k) => k.trim())
			.filter(Boolean)
	};
}

/** The Mollie app's settings as configured (defaults are Mollie's production hosts). */
export function mollieSettings() {
	return {
		clientId: privateEnv.MOLLIE_CLIENT_ID ?? '',
		clientSecret: privateEnv.MOLLIE_CLIENT_SECRET ?? '',
		redirectUri: privateEnv.MOLLIE_REDIRECT_URI ?? '',
		apiUrl: (privateEnv.MOLLIE_API_URL || 'https://api.mollie.com').replace(/\/$/, ''),
		authorizeUrl: privateEnv.MOLLIE_OAUTH_AUTHORIZE_URL || 'https://my.mollie.com/oauth2/authorize',
		tokenUrl: privateEnv.MOLLIE_OAUTH_TOKEN_URL || 'https://api.mollie.com/oauth2/tokens',
		/** Where the customer's browser is sent to pay (the CSP must allow it), if not the API's. */
		checkoutUrl: privateEnv.MOLLIE_CHECKOUT_URL ?? ''
	};
}

export function peppolSettings() {
	return {
		apiUrl: (privateEnv.PEPPOL_API_URL || 'https://api.e-invoice.be').replace(/\/$/, ''),
		apiKey: privateEnv.PEPPOL_API_KEY ?? '',
		webhookSecret: privateEnv.PEPPOL_WEBHOOK_SECRET ?? ''
	};
}

export function signupLimitSetting(): string | undefined {
	return privateEnv.SIGNUP_LIMIT_PER_HOUR;
}

/**
 * A Cloudflare binding (a service binding, the email binding, …) by name, or null when there is
 * none. Bindings are objects, not strings, so they are not in `$env`: workerd exposes them through
 * `cloudflare:workers`. That module exists only in workerd, so on Node (development, `vite
 * preview`, Vitest) there are no bindings and this is null.
 */
export async function platformBinding<T>(name: string): Promise<T | null> {
	// A variable specifier keeps Vite and Node from resolving a module only workerd has.
	const specifier = 'cloudflare:workers';
	let workers: { env?: Record<string, unknown> };
	try {
		workers = (await import(/* @vite-ignore */ specifier)) as typeof workers;
	} catch {
		return null;
	}
	return (workers.env?.[name] as T | undefined) ?? null;
}
