import { describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server.ts';
import {
	BASIC,
	CALLBACK,
	DEV_CLIENT_ID,
	SEED,
	authorize,
	connect,
	raw,
	control,
	oauthClient,
	rejects,
	tokenClient,
	useSandbox
} from './helpers.ts';

let sb: RunningSandbox;
useSandbox((s) => (sb = s));

describe('authorize page', () => {
	it('shows app name, scopes and an organization picker, accessibly and without JS', async () => {
		const q = new URLSearchParams({
			client_id: DEV_CLIENT_ID,
			redirect_uri: CALLBACK,
			state: 's1',
			scope: 'payments.read organizations.read',
			response_type: 'code',
			approval_prompt: 'auto',
			locale: 'fr_BE'
		});
		const res = await fetch(`${sb.url}/oauth2/authorize?${q}`);
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain('<html lang="fr">');
		expect(html).toContain('Acquit (development)');
		expect(html).toContain('payments.read');
		expect(html).toContain('organizations.read');
		for (const name of [
			'Boulangerie Dupont SRL',
			'Studio Maes BV',
			'Atelier Sans Profil SPRL',
			'Jonge Starter VOF'
		]) {
			expect(html).toContain(name);
		}
		expect(html).toContain('2 profiles: Boulangerie Dupont, Dupont Webshop');
		expect(html).toContain('no website profiles');
		expect(html).toContain('cannot receive payments yet');
		expect(html).toMatch(/<label for="org-org_dupont0001">/);
		expect(html).toContain('<legend>Organization</legend>');
		expect(html).toMatch(/<button type="submit" name="decision" value="approve">Approve<\/button>/);
		expect(html).toMatch(/<button[^>]*value="deny"[^>]*>Deny<\/button>/);
		expect(html).toContain('<form method="post"');
		expect(html).not.toContain('<script');
	});

	it('Deny redirects with error=access_denied and the state', async () => {
		const url = await authorize(sb, { decision: 'deny', state: 'st-9' });
		expect(url.origin + url.pathname).toBe(CALLBACK);
		expect(url.searchParams.get('error')).toBe('access_denied');
		expect(url.searchParams.get('state')).toBe('st-9');
		expect(url.searchParams.get('code')).toBeNull();
	});

	it('Approve redirects with a code and the state', async () => {
		const url = await authorize(sb, { state: 'st-1' });
		expect(url.searchParams.get('code')).toMatch(/^auth_/);
		expect(url.searchParams.get('state')).toBe('st-1');
	});

	it('accepts any local /apps/mollie/callback port for the dev app, rejects foreign redirects', async () => {
		const url = await authorize(sb, { redirectUri: 'http://localhost:41234/apps/mollie/callback' });
		expect(url.host).toBe('localhost:41234');
		const bad = await fetch(
			`${sb.url}/oauth2/authorize?client_id=${DEV_CLIENT_ID}&state=x&scope=payments.read&response_type=code&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`
		);
		expect(bad.status).toBe(400);
		const unknown = await fetch(
			`${sb.url}/oauth2/authorize?client_id=app_nope&state=x&scope=payments.read&response_type=code`
		);
		expect(unknown.status).toBe(400);
	});

	it('reports a missing state, unknown scope or response_type to the redirect URI', async () => {
		const base = `${sb.url}/oauth2/authorize?client_id=${DEV_CLIENT_ID}&redirect_uri=${encodeURIComponent(CALLBACK)}`;
		const noState = await fetch(`${base}&scope=payments.read&response_type=code`, {
			redirect: 'manual'
		});
		expect(new URL(noState.headers.get('location') as string).searchParams.get('error')).toBe(
			'invalid_request'
		);
		const badScope = await fetch(`${base}&state=a&scope=payments.fly&response_type=code`, {
			redirect: 'manual'
		});
		expect(new URL(badScope.headers.get('location') as string).searchParams.get('error')).toBe(
			'invalid_scope'
		);
		const badType = await fetch(`${base}&state=a&scope=payments.read&response_type=token`, {
			redirect: 'manual'
		});
		expect(new URL(badType.headers.get('location') as string).searchParams.get('error')).toBe(
			'unsupported_response_type'
		);
	});
});

describe('POST /oauth2/tokens', () => {
	it('exchanges a code (SDK, JSON body) and the access token works', async () => {
		const url = await authorize(sb);
		const t = await tokenClient(sb).oauth.generate(BASIC, {
			requestBody: {
				grantType: 'authorization_code',
				code: url.searchParams.get('code') as string,
				redirectUri: CALLBACK
			}
		});
		expect(t.accessToken).toMatch(/^access_/);
		expect(t.refreshToken).toMatch(/^refresh_/);
		expect(t.expiresIn).toBe(3600);
		expect(t.tokenType).toBe('bearer');
		expect(t.scope?.split(' ')).toContain('payments.write');
		const org = await oauthClient(sb, t.accessToken as string).organizations.getCurrent();
		expect(org.id).toBe(SEED.dupont);
	});

	it('accepts form-encoded bodies too', async () => {
		const url = await authorize(sb);
		const res = await fetch(`${sb.url}/oauth2/tokens`, {
			method: 'POST',
			headers: {
				Authorization: `Basic ${Buffer.from(`${BASIC.username}:${BASIC.password}`).toString('base64')}`,
				'Content-Type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({
				grant_type: 'authorization_code',
				code: url.searchParams.get('code') as string,
				redirect_uri: CALLBACK
			}).toString()
		});
		expect(res.status).toBe(200);
		const body = (await res.json()) as { access_token: string };
		expect(body.access_token).toMatch(/^access_/);
	});

	it('codes are single-use', async () => {
		const code = (await authorize(sb)).searchParams.get('code') as string;
		const req = {
			requestBody: { grantType: 'authorization_code' as const, code, redirectUri: CALLBACK }
		};
		await tokenClient(sb).oauth.generate(BASIC, req);
		const err = await rejects(() => tokenClient(sb).oauth.generate(BASIC, req), 400);
		expect(JSON.parse(err.body).error).toBe('invalid_grant');
	});

	it('codes expire after 30 s of sandbox time', async () => {
		const code = (await authorize(sb)).searchParams.get('code') as string;
		sb.clock.advance(30_001);
		const err = await rejects(
			() =>
				tokenClient(sb).oauth.generate(BASIC, {
					requestBody: { grantType: 'authorization_code', code, redirectUri: CALLBACK }
				}),
			400
		);
		expect(JSON.parse(err.body)).toMatchObject({ error: 'invalid_grant' });
	});

	it('redirect_uri must match the authorization request', async () => {
		const code = (await authorize(sb)).searchParams.get('code') as string;
		const err = await rejects(
			() =>
				tokenClient(sb).oauth.generate(BASIC, {
					requestBody: {
						grantType: 'authorization_code',
						code,
						redirectUri: 'http://127.0.0.1:4173/apps/mollie/callback'
					}
				}),
			400
		);
		expect(JSON.parse(err.body).error).toBe('invalid_grant');
	});

	it('rejects a wrong client secret with 401 invalid_client', async () => {
		const code = (await authorize(sb)).searchParams.get('code') as string;
		const err = await rejects(
			() =>
				tokenClient(sb).oauth.generate(
					{ username: DEV_CLIENT_ID, password: 'wrong' },
					{ requestBody: { grantType: 'authorization_code', code, redirectUri: CALLBACK } }
				),
			401
		);
		expect(JSON.parse(err.body).error).toBe('invalid_client');
	});

	it('refresh_token grant issues a new access token; access tokens expire after 1 h', async () => {
		const { accessToken, refreshToken } = await connect(sb);
		sb.clock.advance(3_600_000);
		await rejects(() => oauthClient(sb, accessToken).organizations.getCurrent(), 401);
		const t = await tokenClient(sb).oauth.generate(BASIC, {
			requestBody: { grantType: 'refresh_token', refreshToken, redirectUri: CALLBACK }
		});
		expect(t.accessToken).not.toBe(accessToken);
		expect(t.refreshToken).toBe(refreshToken);
		const org = await oauthClient(sb, t.accessToken as string).organizations.getCurrent();
		expect(org.name).toBe('Boulangerie Dupont SRL');
	});

	it('revoking an organization makes refresh fail with invalid_grant', async () => {
		const { accessToken, refreshToken } = await connect(sb);
		expect((await control(sb, 'POST', `/organizations/${SEED.dupont}/revoke`, {})).status).toBe(
			200
		);
		const err = await rejects(
			() =>
				tokenClient(sb).oauth.generate(BASIC, {
					requestBody: { grantType: 'refresh_token', refreshToken, redirectUri: CALLBACK }
				}),
			400
		);
		expect(JSON.parse(err.body).error).toBe('invalid_grant');
		await rejects(() => oauthClient(sb, accessToken).organizations.getCurrent(), 401);
	});

	it('unsupported grant types and missing parameters are 400', async () => {
		const res = await fetch(`${sb.url}/oauth2/tokens`, {
			method: 'POST',
			headers: {
				Authorization: `Basic ${Buffer.from(`${BASIC.username}:${BASIC.password}`).toString('base64')}`,
				'Content-Type': 'application/json'
			},
			body: JSON.stringify({ grant_type: 'client_credentials' })
		});
		expect(res.status).toBe(400);
		expect(((await res.json()) as { error: string }).error).toBe('unsupported_grant_type');
		const err = await rejects(
			() =>
				tokenClient(sb).oauth.generate(BASIC, { requestBody: { grantType: 'authorization_code' } }),
			400
		);
		expect(JSON.parse(err.body).error).toBe('invalid_request');
	});
});

describe('DELETE /oauth2/tokens', () => {
	it('revokes an access token', async () => {
		const { accessToken } = await connect(sb);
		await tokenClient(sb).oauth.revoke(BASIC, {
			requestBody: { tokenTypeHint: 'access_token', token: accessToken }
		});
		await rejects(() => oauthClient(sb, accessToken).organizations.getCurrent(), 401);
	});

	it('revoking the refresh token revokes its access tokens', async () => {
		const { accessToken, refreshToken } = await connect(sb);
		await tokenClient(sb).oauth.revoke(BASIC, {
			requestBody: { tokenTypeHint: 'refresh_token', token: refreshToken }
		});
		await rejects(() => oauthClient(sb, accessToken).organizations.getCurrent(), 401);
		const err = await rejects(
			() =>
				tokenClient(sb).oauth.generate(BASIC, {
					requestBody: { grantType: 'refresh_token', refreshToken, redirectUri: CALLBACK }
				}),
			400
		);
		expect(JSON.parse(err.body).error).toBe('invalid_grant');
	});

	it('requires token_type_hint (400), and then revokes nothing', async () => {
		const { accessToken } = await connect(sb);
		const auth = `Basic ${Buffer.from(`${BASIC.username}:${BASIC.password}`).toString('base64')}`;
		const res = await fetch(`${sb.url}/oauth2/tokens`, {
			method: 'DELETE',
			headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ token: accessToken }).toString()
		});
		expect(res.status).toBe(400);
		expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
		expect((await oauthClient(sb, accessToken).organizations.getCurrent()).id).toBe(SEED.dupont);
	});

	it('approval_prompt=force revokes earlier authorisations of that organization', async () => {
		const first = await connect(sb);
		const q = new URLSearchParams({
			client_id: DEV_CLIENT_ID,
			redirect_uri: CALLBACK,
			state: 'f',
			scope: 'payments.read',
			response_type: 'code',
			approval_prompt: 'force',
			organization: SEED.dupont,
			decision: 'approve'
		});
		const res = await fetch(`${sb.url}/oauth2/authorize`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: q.toString(),
			redirect: 'manual'
		});
		expect(res.status).toBe(302);
		await rejects(() => oauthClient(sb, first.accessToken).organizations.getCurrent(), 401);
	});
});

describe('organization endpoints with OAuth', () => {
	it('organizations/me, onboarding/me and paginated profiles per seeded organization', async () => {
		const dupont = oauthClient(sb, (await connect(sb)).accessToken);
		const org = await dupont.organizations.getCurrent();
		expect(org).toMatchObject({
			resource: 'organization',
			id: SEED.dupont,
			vatNumber: 'BE0712345678'
		});
		expect(org.address?.country).toBe('BE');
		const onboarding = await dupont.onboarding.get();
		expect(onboarding).toMatchObject({ status: 'completed', canReceivePayments: true });

		const page1 = await dupont.profiles.list({ limit: 1 });
		expect(page1.result.count).toBe(1);
		expect(page1.result.embedded.profiles[0].name).toBe('Boulangerie Dupont');
		const page2 = await page1.next();
		expect(page2?.result.embedded.profiles[0].name).toBe('Dupont Webshop');
		expect(page2?.result.links.next).toBeNull();
		expect(page2?.result.links.previous?.href).toContain('from=');
		const profile = await dupont.profiles.get({ profileId: SEED.dupontWeb });
		expect(profile.website).toBe('https://shop.boulangerie-dupont.be');

		const empty = oauthClient(sb, (await connect(sb, { organization: SEED.empty })).accessToken);
		expect((await empty.profiles.list({})).result.count).toBe(0);

		const pending = oauthClient(
			sb,
			(await connect(sb, { organization: SEED.pending })).accessToken
		);
		expect(await pending.onboarding.get()).toMatchObject({
			status: 'needs-data',
			canReceivePayments: false,
			canReceiveSettlements: false
		});
	});

	it('enforces scopes with 403', async () => {
		const c = oauthClient(sb, (await connect(sb, { scopes: ['payments.read'] })).accessToken, {
			profileId: SEED.dupontShop,
			testmode: true
		});
		const e1 = await rejects(() => c.organizations.getCurrent(), 403);
		expect(e1.body).toContain('organizations.read');
		await rejects(() => c.profiles.list({}), 403);
		await rejects(() => c.onboarding.get(), 403);
		await rejects(
			() =>
				c.payments.create({
					paymentRequest: {
						amount: { currency: 'EUR', value: '1.00' },
						description: 'x',
						redirectUrl: 'https://a.example/'
					}
				}),
			403
		);
		await c.payments.list({});
	});

	it('API keys cannot read organization-level endpoints (403)', async () => {
		// The SDK doesn't even send an API key to these operations; a raw call gets 403.
		const res = await raw(sb, 'GET', '/v2/organizations/me', undefined, SEED.testKey);
		expect(res.status).toBe(403);
		expect(res.body).toMatchObject({ status: 403, title: 'Forbidden' });
	});

	it('wrong or missing credentials are 401 with Mollie error shape', async () => {
		const err = await rejects(
			() => oauthClient(sb, 'access_doesnotexist').organizations.getCurrent(),
			401
		);
		const body = JSON.parse(err.body);
		expect(body).toMatchObject({ status: 401, title: 'Unauthorized Request' });
		expect(body._links.documentation.href).toMatch(/^https:\/\/docs\.mollie\.com/);
		const res = await fetch(`${sb.url}/v2/organizations/me`);
		expect(res.status).toBe(401);
		expect(res.headers.get('content-type')).toBe('application/hal+json');
	});
});
