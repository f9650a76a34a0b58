import { env } from '$env/dynamic/private';
// PUBLIC_* variables are only visible through the public module.
import { env as publicEnv } from '$env/dynamic/public';
import { keyBytes } from './crypto';
import { MollieConfigError } from './errors';

/**
 * Everything the Mollie services need. Routes build it from the environment with
 * `mollieConfig()`; tests pass one explicitly (pointing at the local sandbox).
 */
export interface MollieConfig {
	clientId: string;
	clientSecret: string;
	redirectUri: string;
	/** API host (the SDK's serverURL); its paths carry `/v2/…`. */
	apiUrl: string;
	authorizeUrl: string;
	tokenUrl: string;
	/** Base64 of 32 random bytes: encrypts tokens at rest. */
	encryptionKey: string;
	/** Previous keys, still accepted for decryption during a rotation. */
	oldEncryptionKeys: string[];
	/** Per request; the SDK's own default is no timeout at all. */
	timeoutMs?: number;
}

export const MOLLIE_SCOPES = [
	'organizations.read',
	'profiles.read',
	'payments.read',
	'payments.write',
	'refunds.read',
	'refunds.write',
	'onboarding.read'
];

/** The SDK derives `/oauth2/tokens` from its serverURL, so the token URL's host is the server. */
export function tokenServerUrl(config: Pick<MollieConfig, 'tokenUrl'>): string {
	return config.tokenUrl.replace(/\/oauth2\/tokens\/?$/, '');
}

/** Mollie is switched on for this server when a client id is configured. */
export function mollieEnabled(): boolean {
	return Boolean(env.MOLLIE_CLIENT_ID);
}

/** Reads the configuration (env is read here, never at module scope: Workers set it per request). */
export function mollieConfig(): MollieConfig {
	const base = (publicEnv.PUBLIC_BASE_URL ?? '').replace(/\/$/, '');
	const config: MollieConfig = {
		clientId: env.MOLLIE_CLIENT_ID ?? '',
		clientSecret: env.MOLLIE_CLIENT_SECRET ?? '',
		redirectUri: env.MOLLIE_REDIRECT_URI || `${base}/apps/mollie/callback`,
		apiUrl: (env.MOLLIE_API_URL || 'https://api.mollie.com').replace(/\/$/, ''),
		authorizeUrl: env.MOLLIE_OAUTH_AUTHORIZE_URL || 'https://my.mollie.com/oauth2/authorize',
		tokenUrl: env.MOLLIE_OAUTH_TOKEN_URL || 'https://api.mollie.com/oauth2/tokens',
		encryptionKey: env.TOKEN_ENCRYPTION_KEY ?? '',
		oldEncryptionKeys: (env.TOKEN_ENCRYPTION_KEYS_OLD ?? '')
			.split(',')
			.map((k) => k.trim())
			.filter(Boolean),
		timeoutMs: 15_000
	};
	assertMollieConfig(config);
	return config;
}

/** Throws a clear error naming what's missing (never the values). */
export function assertMollieConfig(config: MollieConfig): void {
	const missing: string[] = [];
	if (!config.clientId) missing.push('MOLLIE_CLIENT_ID');
	if (!config.clientSecret) missing.push('MOLLIE_CLIENT_SECRET');
	if (!config.encryptionKey) missing.push('TOKEN_ENCRYPTION_KEY');
	if (!URL.canParse(config.redirectUri)) missing.push('MOLLIE_REDIRECT_URI (or PUBLIC_BASE_URL)');
	if (missing.length) throw new MollieConfigError(missing);
	// A key of the wrong size is as fatal as a missing one.
	for (const key of [config.encryptionKey, ...config.oldEncryptionKeys]) keyBytes(key);
}
