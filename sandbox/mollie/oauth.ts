import type { Ctx, Reply } from './http.ts';
import { escapeHtml, html, json, noContent, redirect } from './http.ts';
import { OAuthError } from './errors.ts';
import { ALL_SCOPES } from './auth.ts';
import type { Sandbox } from './core.ts';
import { randomId } from './store.ts';
import { HOUR } from './clock.ts';
import type { AppConfig, Grant, Organization } from './types.ts';
import { page } from './layout.ts';

export const CODE_TTL_MS = 30_000;
export const ACCESS_TTL_MS = HOUR;
const LOCAL_CALLBACK = /^http:\/\/(127\.0\.0\.1|localhost):\d{1,5}\/apps\/mollie\/callback$/;

export function findApp(sb: Sandbox, clientId: string | null): AppConfig | undefined {
	return sb.store.state.apps.find((a) => a.id === clientId);
}

/** A Mollie app registers exactly one redirect URI; strict mode accepts nothing else. */
export function redirectAllowed(app: AppConfig, uri: string, strict = false): boolean {
	if (app.redirectUris.includes(uri)) return true;
	return !strict && Boolean(app.allowLocalCallbacks) && LOCAL_CALLBACK.test(uri);
}

function withParams(uri: string, params: Record<string, string>): string {
	const u = new URL(uri);
	for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
	return u.href;
}

interface AuthorizeRequest {
	app: AppConfig;
	redirectUri: string;
	/** The redirect_uri exactly as sent (null when omitted). */
	sentRedirectUri: string | null;
	state: string;
	scopes: string[];
	approvalPrompt: string;
	locale: string;
}

/** Validates the authorize query; returns an error page or a redirect for problems Mollie reports. */
function parseAuthorize(sb: Sandbox, params: URLSearchParams): AuthorizeRequest | Reply {
	const app = findApp(sb, params.get('client_id'));
	if (!app) return errorPage(400, 'Unknown client_id', 'The application is not registered.');
	const sent = params.get('redirect_uri');
	const redirectUri = sent ?? app.redirectUris[0];
	if (!redirectUri || !redirectAllowed(app, redirectUri, sb.strict)) {
		return errorPage(
			400,
			'Invalid redirect_uri',
			'The redirect_uri does not match the application.'
		);
	}
	const state = params.get('state');
	if (!state) {
		return redirect(
			withParams(redirectUri, {
				error: 'invalid_request',
				error_description: 'The state parameter is required.'
			}),
			302
		);
	}
	if (params.get('response_type') !== 'code') {
		return redirect(
			withParams(redirectUri, {
				error: 'unsupported_response_type',
				error_description: 'response_type must be code',
				state
			}),
			302
		);
	}
	const scopes = (params.get('scope') ?? '').split(/[\s+]+/).filter(Boolean);
	const known: readonly string[] = ALL_SCOPES;
	if (scopes.length === 0 || scopes.some((s) => !known.includes(s))) {
		return redirect(
			withParams(redirectUri, {
				error: 'invalid_scope',
				error_description: 'Unknown or missing scope.',
				state
			}),
			302
		);
	}
	return {
		app,
		redirectUri,
		sentRedirectUri: sent,
		state,
		scopes,
		approvalPrompt: params.get('approval_prompt') === 'force' ? 'force' : 'auto',
		locale: params.get('locale') ?? 'en_US'
	};
}

function errorPage(status: number, title: string, detail: string): Reply {
	return html(
		status,
		page('en', title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>`)
	);
}

const SCOPE_LABELS: Record<string, string> = {
	'organizations.read': 'View your organization details',
	'profiles.read': 'View your website profiles',
	'payments.read': 'View your payments, payment methods and chargebacks',
	'payments.write': 'Create and manage payments',
	'refunds.read': 'View your refunds',
	'refunds.write': 'Create and cancel refunds',
	'onboarding.read': 'View your onboarding status',
	'balances.read': 'View your balances',
	'settlements.read': 'View your settlements',
	'webhooks.read': 'View your webhooks',
	'webhooks.write': 'Manage your webhooks',
	'events.read': 'View webhook events'
};

function orgDescription(sb: Sandbox, o: Organization): string {
	const profiles = sb.store.state.profiles.filter((p) => p.organizationId === o.id);
	const parts = [
		profiles.length === 0
			? 'no website profiles'
			: `${profiles.length} profile${profiles.length > 1 ? 's' : ''}: ${profiles.map((p) => p.name).join(', ')}`
	];
	if (!o.canReceivePayments) parts.push('onboarding not complete — cannot receive payments yet');
	return parts.join(' · ');
}

/** GET /oauth2/authorize — Mollie Connect consent screen with an organization picker. */
export function authorizePage(sb: Sandbox, ctx: Ctx): Reply {
	const parsed = parseAuthorize(sb, ctx.url.searchParams);
	if (!('app' in parsed)) return parsed;
	const orgs = sb.store.state.organizations;
	const hidden = [...ctx.url.searchParams]
		.map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
		.join('');
	const scopes = parsed.scopes
		.map((s) => `<li><code>${escapeHtml(s)}</code> — ${escapeHtml(SCOPE_LABELS[s] ?? s)}</li>`)
		.join('');
	const choices = orgs
		.map(
			(o, i) =>
				`<div class="choice"><input type="radio" name="organization" id="org-${o.id}" value="${o.id}"${i === 0 ? ' checked' : ''} aria-describedby="org-${o.id}-desc"><label for="org-${o.id}">${escapeHtml(o.name)}</label><p class="hint" id="org-${o.id}-desc">${escapeHtml(orgDescription(sb, o))}</p></div>`
		)
		.join('');
	const body = `<h1>Connect ${escapeHtml(parsed.app.name)} to Mollie</h1>
<p><strong>${escapeHtml(parsed.app.name)}</strong> would like to access your Mollie account. This is the local Mollie sandbox: no real account is involved.</p>
<h2>Requested permissions</h2><ul>${scopes}</ul>
<form method="post" action="/oauth2/authorize">${hidden}
<fieldset><legend>Organization</legend>${choices}</fieldset>
<div class="actions"><button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button></div>
</form>`;
	return html(200, page(parsed.locale.slice(0, 2), `Connect ${parsed.app.name}`, body));
}

/** POST /oauth2/authorize — Approve issues a code; Deny redirects with error=access_denied. */
export function authorizeSubmit(sb: Sandbox, ctx: Ctx): Reply {
	const params = new URLSearchParams();
	for (const [k, v] of Object.entries(ctx.body)) if (typeof v === 'string') params.set(k, v);
	const parsed = parseAuthorize(sb, params);
	if (!('app' in parsed)) return parsed;
	if (params.get('decision') !== 'approve') {
		return redirect(
			withParams(parsed.redirectUri, {
				error: 'access_denied',
				error_description: 'The user denied access to the application.',
				state: parsed.state
			}),
			302
		);
	}
	const org = sb.store.state.organizations.find((o) => o.id === params.get('organization'));
	if (!org) return errorPage(400, 'Choose an organization', 'No organization was selected.');
	const code = issueCode(
		sb,
		parsed.app,
		org.id,
		parsed.scopes,
		parsed.sentRedirectUri,
		parsed.approvalPrompt === 'force'
	);
	return redirect(withParams(parsed.redirectUri, { code, state: parsed.state }), 302);
}

/** Creates an authorization code (also used by the control API for browserless tests). */
export function issueCode(
	sb: Sandbox,
	app: AppConfig,
	organizationId: string,
	scopes: string[],
	redirectUri: string | null,
	force = false
): string {
	const state = sb.store.state;
	if (force) revokeGrants(sb, (g) => g.clientId === app.id && g.organizationId === organizationId);
	const code = randomId('auth_', 30);
	state.authCodes[code] = {
		code,
		clientId: app.id,
		organizationId,
		scopes,
		redirectUri,
		expiresAt: sb.now() + CODE_TTL_MS,
		used: false,
		grantId: null
	};
	return code;
}

export function revokeGrants(sb: Sandbox, match: (g: Grant) => boolean): number {
	let n = 0;
	for (const g of Object.values(sb.store.state.grants)) {
		if (!g.revoked && match(g)) {
			g.revoked = true;
			n += 1;
		}
	}
	for (const t of Object.values(sb.store.state.accessTokens)) {
		if (sb.store.state.grants[t.grantId]?.revoked) t.revoked = true;
	}
	return n;
}

function clientFromBasic(sb: Sandbox, ctx: Ctx): AppConfig {
	const m = /^Basic\s+(\S+)$/i.exec(ctx.headers.authorization ?? '');
	if (!m)
		throw new OAuthError(
			401,
			'invalid_client',
			'Client authentication failed (HTTP Basic required).'
		);
	const decoded = Buffer.from(m[1], 'base64').toString('utf8');
	const i = decoded.indexOf(':');
	const id = decodeURIComponent(decoded.slice(0, i));
	const secret = decodeURIComponent(decoded.slice(i + 1));
	const app = findApp(sb, id);
	if (i < 0 || !app || app.secret !== secret) {
		throw new OAuthError(401, 'invalid_client', 'Client authentication failed.');
	}
	return app;
}

function str(v: unknown): string | null {
	return typeof v === 'string' && v !== '' ? v : null;
}

function issueAccessToken(sb: Sandbox, grant: Grant): Reply {
	const token = randomId('access_', 40);
	sb.store.state.accessTokens[token] = {
		token,
		grantId: grant.id,
		expiresAt: sb.now() + ACCESS_TTL_MS,
		revoked: false
	};
	return json(200, {
		access_token: token,
		refresh_token: grant.refreshToken,
		expires_in: ACCESS_TTL_MS / 1000,
		token_type: 'bearer',
		scope: grant.scopes.join(' ')
	});
}

/** POST /oauth2/tokens — authorization_code and refresh_token grants (JSON or form body). */
export function tokens(sb: Sandbox, ctx: Ctx): Reply {
	const app = clientFromBasic(sb, ctx);
	const b = ctx.body;
	const grantType = str(b.grant_type);
	const state = sb.store.state;
	if (grantType === 'authorization_code') {
		const codeValue = str(b.code);
		if (!codeValue) throw new OAuthError(400, 'invalid_request', 'The code parameter is missing.');
		const code = state.authCodes[codeValue];
		if (!code || code.clientId !== app.id) {
			throw new OAuthError(400, 'invalid_grant', 'The authorization code is invalid.');
		}
		if (code.used) {
			// A replayed code revokes what it produced (RFC 6749 §4.1.2).
			if (code.grantId) revokeGrants(sb, (g) => g.id === code.grantId);
			throw new OAuthError(400, 'invalid_grant', 'The authorization code has already been used.');
		}
		if (code.expiresAt <= sb.now()) {
			throw new OAuthError(400, 'invalid_grant', 'The authorization code has expired.');
		}
		const redirectUri = str(b.redirect_uri);
		if (code.redirectUri !== null && redirectUri !== code.redirectUri) {
			throw new OAuthError(
				400,
				'invalid_grant',
				'The redirect_uri does not match the authorization request.'
			);
		}
		code.used = true;
		const grant: Grant = {
			id: randomId('grant_'),
			clientId: app.id,
			organizationId: code.organizationId,
			scopes: code.scopes,
			refreshToken: randomId('refresh_', 40),
			// What the exchange sent: a refresh must then send it again (Mollie's OpenAPI description).
			redirectUri,
			revoked: false,
			createdAt: sb.now()
		};
		state.grants[grant.id] = grant;
		code.grantId = grant.id;
		return issueAccessToken(sb, grant);
	}
	if (grantType === 'refresh_token') {
		const refresh = str(b.refresh_token);
		if (!refresh)
			throw new OAuthError(400, 'invalid_request', 'The refresh_token parameter is missing.');
		const grant = Object.values(state.grants).find((g) => g.refreshToken === refresh);
		if (!grant || grant.clientId !== app.id || grant.revoked) {
			throw new OAuthError(
				400,
				'invalid_grant',
				'The refresh token is invalid or has been revoked.'
			);
		}
		const redirectUri = str(b.redirect_uri);
		// "Required only if the initial authorization code grant request also contained a
		// redirect_uri" — and then it must be the same one.
		if (grant.redirectUri !== null && redirectUri === null) {
			throw new OAuthError(
				400,
				'invalid_request',
				'The redirect_uri parameter is missing: the authorization code grant sent one.'
			);
		}
		if (redirectUri !== null && grant.redirectUri !== null && redirectUri !== grant.redirectUri) {
			throw new OAuthError(
				400,
				'invalid_grant',
				'The redirect_uri does not match the authorization request.'
			);
		}
		return issueAccessToken(sb, grant);
	}
	if (!grantType)
		throw new OAuthError(400, 'invalid_request', 'The grant_type parameter is missing.');
	throw new OAuthError(
		400,
		'unsupported_grant_type',
		`The grant type '${grantType}' is not supported.`
	);
}

/** DELETE /oauth2/tokens — revoke an access token, or a refresh token and its access tokens. */
export function revokeToken(sb: Sandbox, ctx: Ctx): Reply {
	const app = clientFromBasic(sb, ctx);
	const token = str(ctx.body.token);
	const hint = str(ctx.body.token_type_hint);
	if (!token) throw new OAuthError(400, 'invalid_request', 'The token parameter is missing.');
	// Mollie's revoke endpoint requires the hint (`access_token` or `refresh_token`).
	if (hint === null) {
		throw new OAuthError(400, 'invalid_request', 'The token_type_hint parameter is missing.');
	}
	if (hint !== 'access_token' && hint !== 'refresh_token') {
		throw new OAuthError(400, 'unsupported_token_type', `Unknown token_type_hint '${hint}'.`);
	}
	const state = sb.store.state;
	const access = state.accessTokens[token];
	if (access && state.grants[access.grantId]?.clientId === app.id) access.revoked = true;
	revokeGrants(sb, (g) => g.refreshToken === token && g.clientId === app.id);
	return noContent();
}
