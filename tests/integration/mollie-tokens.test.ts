import { eq } from 'drizzle-orm';
import { organizationsGetCurrent } from 'mollie-api-typescript/funcs/organizationsGetCurrent.js';
import { profilesList } from 'mollie-api-typescript/funcs/profilesList.js';
import { describe, expect, it, vi } from 'vitest';
import type { RunningSandbox } from '../../sandbox/mollie/index.ts';
import { HOUR } from '../../sandbox/mollie/index.ts';
import { SEED } from '../../sandbox/mollie/seed.ts';
import type { Db } from '$lib/server/db';
import { mollieConnections } from '$lib/server/db/schema';
import { mollieFor, withMollie } from '$lib/server/mollie/client';
import type { MollieConfig } from '$lib/server/mollie/config';
import { mollieNeedsReconnect } from '$lib/server/mollie/connection';
import { MollieNotConnected, MollieReconnectNeeded, unwrap } from '$lib/server/mollie/errors';
import { getAccessToken } from '$lib/server/mollie/tokens';
import {
	connect,
	connectionRow,
	control,
	createCompany,
	expireStoredToken,
	sandboxGrants,
	useSandboxAndDb
} from '../helpers/mollie';

let sb: RunningSandbox;
let db: Db;
let config: MollieConfig;

useSandboxAndDb((env) => ({ sb, db, config } = env));

const currentOrg = (companyId: string) =>
	withMollie(db, companyId, config, async ({ client }) =>
		unwrap(await organizationsGetCurrent(client))
	);

describe('access tokens', () => {
	it('uses the stored token while it has more than 5 minutes left', async () => {
		const c = await createCompany(db, 'Fresh SRL');
		await connect(db, config, sb, c, SEED.dupont);
		const a = await getAccessToken(db, c.companyId, config);
		const b = await getAccessToken(db, c.companyId, config);
		expect(a.accessToken).toMatch(/^access_/);
		expect(b.accessToken).toBe(a.accessToken);
		expect(a.mode).toBe('test');
		expect(sandboxGrants(sb, SEED.dupont).tokens).toHaveLength(1);
	});

	it('refreshes transparently after expiry (sandbox clock + 1 h)', async () => {
		const c = await createCompany(db, 'Hour SRL');
		await connect(db, config, sb, c, SEED.dupont);
		const before = await connectionRow(db, c.companyId);
		const first = await getAccessToken(db, c.companyId, config);
		await control(sb, 'POST', '/clock/advance', { ms: HOUR + 1000 });
		await expireStoredToken(db, c.companyId);
		const org = await currentOrg(c.companyId);
		expect(org.id).toBe(SEED.dupont);
		const after = await connectionRow(db, c.companyId);
		expect(after.tokenVersion).toBe(before.tokenVersion + 1);
		expect(after.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 55 * 60_000);
		expect(after.refreshLockUntil).toBeNull();
		const second = await getAccessToken(db, c.companyId, config);
		expect(second.accessToken).not.toBe(first.accessToken);
		expect(sandboxGrants(sb, SEED.dupont).tokens).toHaveLength(2);
	});

	it('after a 401 (token expired at Mollie first) refreshes once and retries once', async () => {
		const c = await createCompany(db, 'Skew SRL');
		await connect(db, config, sb, c, SEED.dupont);
		// Our clock still says the token is good; Mollie's says it has expired.
		await control(sb, 'POST', '/clock/advance', { ms: HOUR + 1000 });
		const calls: string[] = [];
		const org = await withMollie(db, c.companyId, config, async ({ client }) => {
			calls.push('call');
			return unwrap(await organizationsGetCurrent(client));
		});
		expect(org.id).toBe(SEED.dupont);
		expect(calls).toHaveLength(2);
		expect(sandboxGrants(sb, SEED.dupont).tokens).toHaveLength(2);
	});

	it('10 parallel requests after expiry make exactly one refresh at Mollie', async () => {
		const c = await createCompany(db, 'Rush SRL');
		await connect(db, config, sb, c, SEED.dupont);
		await control(sb, 'POST', '/clock/advance', { ms: HOUR + 1000 });
		await expireStoredToken(db, c.companyId);
		const grants = await Promise.all(
			Array.from({ length: 10 }, () => getAccessToken(db, c.companyId, config))
		);
		expect(new Set(grants.map((g) => g.accessToken)).size).toBe(1);
		// One token from the code exchange, one from the single refresh.
		expect(sandboxGrants(sb, SEED.dupont).tokens).toHaveLength(2);
		expect((await connectionRow(db, c.companyId)).refreshLockUntil).toBeNull();
	});

	it('across processes, the database lock collapses refreshes too', async () => {
		const c = await createCompany(db, 'Isolates SRL');
		await connect(db, config, sb, c, SEED.dupont);
		await control(sb, 'POST', '/clock/advance', { ms: HOUR + 1000 });
		await expireStoredToken(db, c.companyId);
		// Two fresh copies of the module = two processes with their own in-memory maps.
		vi.resetModules();
		const one = await import('$lib/server/mollie/tokens');
		vi.resetModules();
		const two = await import('$lib/server/mollie/tokens');
		expect(one.getAccessToken).not.toBe(two.getAccessToken);
		const grants = await Promise.all(
			Array.from({ length: 10 }, (_, i) =>
				(i % 2 ? one : two).getAccessToken(db, c.companyId, config)
			)
		);
		expect(new Set(grants.map((g) => g.accessToken)).size).toBe(1);
		expect(sandboxGrants(sb, SEED.dupont).tokens).toHaveLength(2);
	});

	it('a refresh refused with invalid_grant (revoked in Mollie) → "Reconnect needed", tokens forgotten', async () => {
		const c = await createCompany(db, 'Revoked SRL');
		await connect(db, config, sb, c, SEED.dupont);
		await control(sb, 'POST', `/organizations/${SEED.dupont}/revoke`, {});
		await expireStoredToken(db, c.companyId);
		await expect(getAccessToken(db, c.companyId, config)).rejects.toBeInstanceOf(
			MollieReconnectNeeded
		);
		const row = await connectionRow(db, c.companyId);
		expect(row).toMatchObject({
			status: 'reconnect_needed',
			accessToken: null,
			refreshToken: null,
			refreshLockUntil: null
		});
		expect(await mollieNeedsReconnect(db, c.companyId)).toBe(true);
		// Later calls fail fast without asking Mollie.
		await expect(getAccessToken(db, c.companyId, config)).rejects.toBeInstanceOf(
			MollieReconnectNeeded
		);
		// Reconnecting restores the connection.
		await connect(db, config, sb, c, SEED.dupont);
		expect(await mollieNeedsReconnect(db, c.companyId)).toBe(false);
		expect((await currentOrg(c.companyId)).id).toBe(SEED.dupont);
	});

	it('a revoked token met mid-flight (401, then invalid_grant) → "Reconnect needed"', async () => {
		const c = await createCompany(db, 'Midflight SRL');
		await connect(db, config, sb, c, SEED.studio);
		await control(sb, 'POST', `/organizations/${SEED.studio}/revoke`, {});
		await expect(currentOrg(c.companyId)).rejects.toBeInstanceOf(MollieReconnectNeeded);
		expect((await connectionRow(db, c.companyId)).status).toBe('reconnect_needed');
	});

	it('a transient outage at refresh time keeps the connection (and the still-valid token)', async () => {
		const c = await createCompany(db, 'Blip SRL');
		await connect(db, config, sb, c, SEED.dupont);
		const first = await getAccessToken(db, c.companyId, config);
		// 2 minutes left: inside the refresh margin, but still usable.
		await db
			.update(mollieConnections)
			.set({ accessTokenExpiresAt: new Date(Date.now() + 2 * 60_000) })
			.where(eq(mollieConnections.companyId, c.companyId));
		await control(sb, 'POST', '/fail-next', {
			count: 1,
			status: 503,
			pathPrefix: '/oauth2/tokens'
		});
		const grant = await getAccessToken(db, c.companyId, config);
		expect(grant.accessToken).toBe(first.accessToken);
		const row = await connectionRow(db, c.companyId);
		expect(row.status).toBe('connected');
		expect(row.refreshLockUntil).toBeNull();
	});

	it('a company never connected has no client', async () => {
		const c = await createCompany(db, 'Nobody SRL');
		await expect(mollieFor(db, c.companyId, config)).rejects.toBeInstanceOf(MollieNotConnected);
	});
});

describe('company isolation', () => {
	it("company A's calls use A's token and see only A's organisation; B likewise", async () => {
		const a = await createCompany(db, 'Boulangerie Dupont SRL');
		const b = await createCompany(db, 'Studio Maes BV');
		await connect(db, config, sb, a, SEED.dupont);
		await connect(db, config, sb, b, SEED.studio);
		const ma = await mollieFor(db, a.companyId, config);
		const mb = await mollieFor(db, b.companyId, config);
		expect(ma.organizationId).toBe(SEED.dupont);
		expect(mb.organizationId).toBe(SEED.studio);
		const tokenA = (await getAccessToken(db, a.companyId, config)).accessToken;
		const tokenB = (await getAccessToken(db, b.companyId, config)).accessToken;
		expect(tokenA).not.toBe(tokenB);
		// At the sandbox each token belongs to its own organisation's grant.
		const state = sb.store.state;
		expect(state.grants[state.accessTokens[tokenA].grantId].organizationId).toBe(SEED.dupont);
		expect(state.grants[state.accessTokens[tokenB].grantId].organizationId).toBe(SEED.studio);
		expect((await currentOrg(a.companyId)).id).toBe(SEED.dupont);
		expect((await currentOrg(b.companyId)).id).toBe(SEED.studio);
		const profilesOf = async (companyId: string) =>
			withMollie(db, companyId, config, async ({ client }) => {
				const page = unwrap(await profilesList(client, {}));
				return page.result.embedded.profiles.map((p) => p.id).sort();
			});
		expect(await profilesOf(a.companyId)).toEqual([SEED.dupontShop, SEED.dupontWeb].sort());
		expect(await profilesOf(b.companyId)).toEqual([SEED.studioProfile]);
		// Revoking A at Mollie leaves B untouched.
		await control(sb, 'POST', `/organizations/${SEED.dupont}/revoke`, {});
		await expect(currentOrg(a.companyId)).rejects.toBeInstanceOf(MollieReconnectNeeded);
		expect((await currentOrg(b.companyId)).id).toBe(SEED.studio);
		expect((await connectionRow(db, b.companyId)).status).toBe('connected');
	});
});
