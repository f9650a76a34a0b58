import { OAuth2Client } from 'arctic';
import { ClientCore } from 'mollie-api-typescript/core.js';
import { oauthGenerate } from 'mollie-api-typescript/funcs/oauthGenerate.js';
import { oauthRevoke } from 'mollie-api-typescript/funcs/oauthRevoke.js';
import { MOLLIE_SCOPES, tokenServerUrl, type MollieConfig } from './config';
import { MollieOAuthError, toMollieError, unwrap } from './errors';

/** Mollie Connect (OAuth 2.0): the authorize URL, and the token endpoint through Mollie's SDK. */

const LOCALES: Record<string, string> = { fr: 'fr_BE', nl: 'nl_BE', en: 'en_US' };

export function authorizationUrl(
	config: MollieConfig,
	state: string,
	locale: string,
	/** `signup`: Mollie's sign-up page first, for owners without a Mollie account yet. */
	landing: 'login' | 'signup' = 'login'
): string {
	const client = new OAuth2Client(config.clientId, config.clientSecret, config.redirectUri);
	const url = client.createAuthorizationURL(config.authorizeUrl, state, MOLLIE_SCOPES);
	// `force` would revoke every earlier grant of the organisation, including another Acquit
	// company's that connected the same organisation.
	url.searchParams.set('approval_prompt', 'auto');
	url.searchParams.set('locale', LOCALES[locale] ?? 'en_US');
	if (landing === 'signup') url.searchParams.set('landing_page', 'signup');
	return url.href;
}

export interface TokenSet {
	accessToken: string;
	refreshToken: string;
	expiresAt: Date;
	scope: string;
}

function tokenClient(config: MollieConfig) {
	// No SDK retries: a retried code exchange would replay a single-use code (and Mollie would
	// then revoke the grant); callers decide what to retry.
	return new ClientCore({
		serverURL: tokenServerUrl(config),
		retryConfig: { strategy: 'none' },
		timeoutMs: config.timeoutMs
	});
}

const basic = (config: MollieConfig) => ({
	username: config.clientId,
	password: config.clientSecret
});

async function generate(
	config: MollieConfig,
	body: { grantType: 'authorization_code' | 'refresh_token'; code?: string; refreshToken?: string }
): Promise<TokenSet> {
	const requested = Date.now();
	const result = await oauthGenerate(tokenClient(config), basic(config), {
		requestBody: { ...body, redirectUri: config.redirectUri }
	});
	const t = unwrap(result);
	if (!t.accessToken || !t.refreshToken) {
		throw new MollieOAuthError('invalid_response', 200, 'token response without tokens');
	}
	return {
		accessToken: t.accessToken,
		refreshToken: t.refreshToken,
		// Counted from when we asked, so clock skew and latency only make us refresh earlier.
		expiresAt: new Date(requested + (t.expiresIn ?? 3600) * 1000),
		scope: t.scope ?? ''
	};
}

export function exchangeCode(config: MollieConfig, code: string): Promise<TokenSet> {
	return generate(config, { grantType: 'authorization_code', code });
}

export function refreshTokens(config: MollieConfig, refreshToken: string): Promise<TokenSet> {
	return generate(config, { grantType: 'refresh_token', refreshToken });
}

/** `DELETE /oauth2/tokens`: revoking the refresh token also revokes its access tokens. */
export async function revokeToken(
	config: MollieConfig,
	token: string,
	hint: 'refresh_token' | 'access_token' = 'refresh_token'
): Promise<void> {
	const result = await oauthRevoke(tokenClient(config), basic(config), {
		requestBody: { tokenTypeHint: hint, token }
	});
	if (!result.ok) throw toMollieError(result.error);
}
