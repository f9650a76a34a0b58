import { mollieSettings, publicBaseUrlSetting, tokenKeySettings } from '../config';
import { keyBytes } from '../secrets/crypto';
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
	/** PUBLIC_BASE_URL as configured ('' when unset): Mollie must reach webhooks there. */
	publicBaseUrl?: string;
}

export const MOLLIE_SCOPES = [
	'organizations.read',
	'profiles.read',
	'payments.read',
	'payments.write',
	'refunds.read',
	'refunds.write',
	'onboarding.read',
	// Point of sale (issue 15): the journal profile's terminals for Pay at terminal.
	'terminals.read'
];

/** Whether the granted scopes (space-separated, as stored on the connection) include `scope`. */
export const hasScope = (granted: string | null | undefined, scope: string) =>
	(granted ?? '').split(/\s+/).includes(scope);

/** The SDK derives `/oauth2/tokens` from its serverURL, so the token URL's host is the server. */
export function tokenServerUrl(config: Pick<MollieConfig, 'tokenUrl'>): string {
	return config.tokenUrl.replace(/\/oauth2\/tokens\/?$/, '');
}

/** Mollie is switched on for this server when a client id is configured. */
export function mollieEnabled(): boolean {
	return Boolean(mollieSettings().clientId);
}

/** Reads the configuration (env is read here, never at module scope: Workers set it per request). */
export function mollieConfig(): MollieConfig {
	const base = publicBaseUrlSetting();
	const { clientId, clientSecret, redirectUri, apiUrl, authorizeUrl, tokenUrl } = mollieSettings();
	const config: MollieConfig = {
		clientId,
		clientSecret,
		redirectUri: redirectUri || `${base}/apps/mollie/callback`,
		apiUrl,
		authorizeUrl,
		tokenUrl,
		...tokenKeySettings(),
		timeoutMs: 15_000,
		publicBaseUrl: base
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

/** Public pages (pay page, Pay button, return) wait at most this long for Mollie. */
export const PUBLIC_TIMEOUT_MS = 5_000;

/** The same configuration with the short timeout of the customer's pages. */
export function publicConfig(config: MollieConfig): MollieConfig {
	return {
		...config,
		timeoutMs: Math.min(config.timeoutMs ?? PUBLIC_TIMEOUT_MS, PUBLIC_TIMEOUT_MS)
	};
}

export type BaseUrlProblem = 'missing' | 'not_https' | 'private';

/**
 * Why Mollie could not call Acquit's webhook at PUBLIC_BASE_URL, or null when it can. Mollie
 * refuses to create a live payment whose webhookUrl it can't reach (422 on `webhookUrl`), and a
 * live payment nobody is told about is money the books never see: so live mode needs a public
 * https address.
 */
export function baseUrlProblem(value: string | undefined): BaseUrlProblem | null {
	const raw = (value ?? '').trim();
	if (!raw || !URL.canParse(raw)) return 'missing';
	const url = new URL(raw);
	if (url.protocol !== 'https:') return 'not_https';
	return privateHost(url.hostname) ? 'private' : null;
}

/** Loopback, private, link-local and local-only names: unreachable from Mollie's servers. */
export function privateHost(hostname: string): boolean {
	const h = hostname
		.toLowerCase()
		.replace(/^\[|\]$/g, '')
		.replace(/\.$/, '');
	if (h === 'localhost' || h.endsWith('.localhost')) return true;
	if (/\.(local|test|internal|lan|home\.arpa)$/.test(h)) return true;
	if (!h.includes('.') && !h.includes(':')) return true;
	if (h.includes(':')) return h === '::1' || h === '::' || /^f[cd]/.test(h) || h.startsWith('fe80');
	return [
		/^127\./,
		/^10\./,
		/^192\.168\./,
		/^172\.(1[6-9]|2\d|3[01])\./,
		/^169\.254\./,
		/^0\./,
		/^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./
	].some((r) => r.test(h));
}

/** The server log line naming the variable to set (no value is secret here). */
export function baseUrlMessage(problem: BaseUrlProblem): string {
	const why =
		problem === 'missing'
			? 'is not set'
			: problem === 'not_https'
				? 'is not an https:// address'
				: 'points at a loopback, private or local-only host';
	return `PUBLIC_BASE_URL ${why}: Mollie cannot reach the webhook there, so online payment is off in live mode. Set PUBLIC_BASE_URL to the public https:// address of Acquit (e.g. https://acquit.example.com).`;
}
