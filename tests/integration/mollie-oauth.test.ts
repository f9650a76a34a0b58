import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../sandbox/mollie/index.ts';
import { SEED } from '../../sandbox/mollie/seed.ts';
import type { Db } from '$lib/server/db';
import { journals, mollieConnections, mollieProfiles, oauthStates } from '$lib/server/db/schema';
import type { MollieConfig } from '$lib/server/mollie/config';
import {
	activate,
	completeOAuth,
	deactivate,
	defaultProfileId,
	disconnect,
	getConnectionSummary,
	saveJournalProfiles,
	setMode
} from '$lib/server/mollie/connection';
import {
	beginOAuth,
	connect,
	connectionRow,
	control,
	createCompany,
	issueCode,
	sandboxGrants,
	useSandboxAndDb
} from '../helpers/mollie';

let sb: RunningSandbox;
let db: Db;
let config: MollieConfig;

useSandboxAndDb((env) => ({ sb, db, config } = env));

async function nothingStored(companyId: string) {
	const row = await connectionRow(db, companyId);
	expect(row?.status ?? 'installed').toBe('installed');
	expect(row?.accessToken ?? null).toBeNull();
	expect(row?.refreshToken ?? null).toBeNull();
	expect(row?.organizationId ?? null).toBeNull();
	expect(
		await db.select().from(mollieProfiles).where(eq(mollieProfiles.companyId, companyId))
	).toEqual([]);
}

describe('authorize URL', () => {
	it('asks for the scopes, a session-bound state, the locale and the redirect URI', async () => {
		const c = await createCompany(db, 'Studio Maes BV');
		const { url, state } = await beginOAuth(db, config, c);
		expect(url.origin + url.pathname).toBe(`${sb.url}/oauth2/authorize`);
		const q = url.searchParams;
		expect(q.get('client_id')).toBe('app_acquitdev000000000000');
		expect(q.get('response_type')).toBe('code');
		expect(q.get('redirect_uri')).toBe(config.redirectUri);
		expect(q.get('approval_prompt')).toBe('auto');
		expect(q.get('locale')).toBe('fr_BE');
		expect(q.get('scope')?.split(' ')).toEqual([
			'organizations.read',
			'profiles.read',
			'payments.read',
			'payments.write',
			'refunds.read',
			'refunds.write',
			'onboarding.read',
			'terminals.read'
		]);
		expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const stored = await db
			.select()
			.from(oauthStates)
			.where(eq(oauthStates.companyId, c.companyId));
		expect(stored).toHaveLength(1);
		// Only the hash is stored, bound to the session, valid about 10 minutes.
		expect(stored[0].id).not.toContain(state);
		expect(stored[0].id).toMatch(/^[0-9a-f]{64}$/);
		expect(stored[0].sessionId).toBe(c.sessionId);
		const ttl = stored[0].expiresAt.getTime() - Date.now();
		expect(ttl).toBeGreaterThan(9 * 60_000);
		expect(ttl).toBeLessThanOrEqual(10 * 60_000);
		// The sandbox accepts it as a real authorize request.
		const page = await fetch(url);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Boulangerie Dupont SRL');
	});
});

describe('callback', () => {
	it('connects: tokens encrypted, organisation, onboarding, profiles and journal defaults stored', async () => {
		const c = await createCompany(db, 'Boulangerie Dupont SRL');
		await activate(db, c.companyId);
		const outcome = await connect(db, config, sb, c, SEED.dupont);
		expect(outcome).toEqual({
			ok: true,
			organizationName: 'Boulangerie Dupont SRL',
			profileCount: 2
		});
		const row = await connectionRow(db, c.companyId);
		expect(row).toMatchObject({
			status: 'connected',
			mode: 'test',
			organizationId: SEED.dupont,
			organizationName: 'Boulangerie Dupont SRL',
			onboardingStatus: 'completed',
			canReceivePayments: true
		});
		expect(row.scope).toContain('payments.write');
		expect(row.connectedAt).toBeInstanceOf(Date);
		// At rest the tokens are ciphertext, not Mollie's `access_…`/`refresh_…` strings.
		const live = sandboxGrants(sb, SEED.dupont);
		expect(row.accessToken).toMatch(/^v1\.[0-9a-f]{8}\./);
		expect(row.refreshToken).toMatch(/^v1\.[0-9a-f]{8}\./);
		expect(row.refreshToken).not.toContain(live.grants[0].refreshToken);
		expect(row.accessToken).not.toContain('access_');
		const exp = row.accessTokenExpiresAt!.getTime() - Date.now();
		expect(exp).toBeGreaterThan(55 * 60_000);
		const profiles = await db
			.select()
			.from(mollieProfiles)
			.where(eq(mollieProfiles.companyId, c.companyId));
		expect(profiles.map((p) => p.id).sort()).toEqual([SEED.dupontShop, SEED.dupontWeb].sort());
		expect(profiles.every((p) => p.website.startsWith('https://'))).toBe(true);
		const [journal] = await db.select().from(journals).where(eq(journals.id, c.journalId));
		// "Boulangerie Dupont" matches the company "Boulangerie Dupont SRL" (legal form ignored).
		expect(journal.mollieProfileId).toBe(SEED.dupontShop);
		// The state was consumed.
		expect(
			await db.select().from(oauthStates).where(eq(oauthStates.companyId, c.companyId))
		).toEqual([]);
	});

	it('Deny at Mollie: "cancelled", nothing stored', async () => {
		const c = await createCompany(db, 'Deny SRL');
		await activate(db, c.companyId);
		const { state } = await beginOAuth(db, config, c);
		const outcome = await completeOAuth(db, config, {
			...c,
			companyName: 'Deny SRL',
			params: new URLSearchParams({
				error: 'access_denied',
				error_description: 'The user denied access to the application.',
				state
			})
		});
		expect(outcome).toEqual({ ok: false, reason: 'cancelled' });
		await nothingStored(c.companyId);
	});

	it('a forged state is refused without exchanging the code', async () => {
		const c = await createCompany(db, 'Forged SRL');
		await beginOAuth(db, config, c);
		const code = await issueCode(sb, SEED.dupont);
		const outcome = await completeOAuth(db, config, {
			...c,
			companyName: 'Forged SRL',
			params: new URLSearchParams({ code, state: 'not-the-state-we-issued' })
		});
		expect(outcome).toEqual({ ok: false, reason: 'state' });
		await nothingStored(c.companyId);
		// The code was never used, so no grant exists at Mollie.
		expect(sandboxGrants(sb, SEED.dupont).grants).toEqual([]);
		// Missing state is refused too.
		expect(
			await completeOAuth(db, config, {
				...c,
				companyName: 'Forged SRL',
				params: new URLSearchParams({ code })
			})
		).toEqual({ ok: false, reason: 'state' });
	});

	it('a state is single use', async () => {
		const c = await createCompany(db, 'Reuse SRL');
		const { state } = await beginOAuth(db, config, c);
		const first = await completeOAuth(db, config, {
			...c,
			companyName: 'Reuse SRL',
			params: new URLSearchParams({ code: await issueCode(sb, SEED.studio), state })
		});
		expect(first.ok).toBe(true);
		const again = await completeOAuth(db, config, {
			...c,
			companyName: 'Reuse SRL',
			params: new URLSearchParams({ code: await issueCode(sb, SEED.dupont), state })
		});
		expect(again).toEqual({ ok: false, reason: 'state' });
		expect((await connectionRow(db, c.companyId)).organizationId).toBe(SEED.studio);
	});

	it('a state from another session (or company) is refused', async () => {
		const c = await createCompany(db, 'Session SRL');
		const { state } = await beginOAuth(db, config, c);
		const outcome = await completeOAuth(db, config, {
			companyId: c.companyId,
			sessionId: 'someone-elses-session',
			companyName: 'Session SRL',
			params: new URLSearchParams({ code: await issueCode(sb, SEED.dupont), state })
		});
		expect(outcome).toEqual({ ok: false, reason: 'state' });
		await nothingStored(c.companyId);

		const other = await createCompany(db, 'Other SRL');
		const second = await beginOAuth(db, config, c);
		expect(
			await completeOAuth(db, config, {
				companyId: other.companyId,
				sessionId: c.sessionId,
				companyName: 'Other SRL',
				params: new URLSearchParams({ code: await issueCode(sb, SEED.dupont), state: second.state })
			})
		).toEqual({ ok: false, reason: 'state' });
		await nothingStored(other.companyId);
	});

	it('an expired state is refused', async () => {
		const c = await createCompany(db, 'Late SRL');
		const { state } = await beginOAuth(db, config, c);
		await db
			.update(oauthStates)
			.set({ expiresAt: new Date(Date.now() - 1) })
			.where(eq(oauthStates.companyId, c.companyId));
		const outcome = await completeOAuth(db, config, {
			...c,
			companyName: 'Late SRL',
			params: new URLSearchParams({ code: await issueCode(sb, SEED.dupont), state })
		});
		expect(outcome).toEqual({ ok: false, reason: 'state' });
		await nothingStored(c.companyId);
	});

	it('an expired code (30 s on the sandbox clock) → "code", nothing stored', async () => {
		const c = await createCompany(db, 'Slow SRL');
		const { state } = await beginOAuth(db, config, c);
		const code = await issueCode(sb, SEED.dupont);
		await control(sb, 'POST', '/clock/advance', { ms: 31_000 });
		const outcome = await completeOAuth(db, config, {
			...c,
			companyName: 'Slow SRL',
			params: new URLSearchParams({ code, state })
		});
		expect(outcome).toEqual({ ok: false, reason: 'code' });
		await nothingStored(c.companyId);
	});

	it('a code used before → "code"', async () => {
		const c = await createCompany(db, 'Replay SRL');
		const code = await issueCode(sb, SEED.dupont);
		const first = await beginOAuth(db, config, c);
		expect(
			(
				await completeOAuth(db, config, {
					...c,
					companyName: 'Replay SRL',
					params: new URLSearchParams({ code, state: first.state })
				})
			).ok
		).toBe(true);
		const d = await createCompany(db, 'Replay Two SRL');
		const second = await beginOAuth(db, config, d);
		const outcome = await completeOAuth(db, config, {
			...d,
			companyName: 'Replay Two SRL',
			params: new URLSearchParams({ code, state: second.state })
		});
		expect(outcome).toEqual({ ok: false, reason: 'code' });
		await nothingStored(d.companyId);
	});

	it('Mollie 503 while reading the profiles → "unavailable", nothing stored, the grant revoked', async () => {
		const c = await createCompany(db, 'Outage SRL');
		await activate(db, c.companyId);
		const { state } = await beginOAuth(db, config, c);
		const code = await issueCode(sb, SEED.dupont);
		await control(sb, 'POST', '/fail-next', { count: 1, status: 503, pathPrefix: '/v2/profiles' });
		const outcome = await completeOAuth(db, config, {
			...c,
			companyName: 'Outage SRL',
			params: new URLSearchParams({ code, state })
		});
		expect(outcome).toEqual({ ok: false, reason: 'unavailable' });
		await nothingStored(c.companyId);
		// The tokens we got but never stored don't stay alive at Mollie.
		const { grants } = sandboxGrants(sb, SEED.dupont);
		expect(grants).toHaveLength(1);
		expect(grants[0].revoked).toBe(true);
	});

	it('Mollie 503 at the token endpoint → "unavailable", nothing stored', async () => {
		const c = await createCompany(db, 'Outage Two SRL');
		const { state } = await beginOAuth(db, config, c);
		const code = await issueCode(sb, SEED.dupont);
		await control(sb, 'POST', '/fail-next', {
			count: 1,
			status: 503,
			pathPrefix: '/oauth2/tokens'
		});
		const outcome = await completeOAuth(db, config, {
			...c,
			companyName: 'Outage Two SRL',
			params: new URLSearchParams({ code, state })
		});
		expect(outcome).toEqual({ ok: false, reason: 'unavailable' });
		await nothingStored(c.companyId);
	});

	it('connecting twice replaces the tokens and revokes the old grant', async () => {
		const c = await createCompany(db, 'Twice SRL');
		await connect(db, config, sb, c, SEED.dupont);
		const before = await connectionRow(db, c.companyId);
		await connect(db, config, sb, c, SEED.studio);
		const after = await connectionRow(db, c.companyId);
		expect(after.organizationId).toBe(SEED.studio);
		expect(after.refreshToken).not.toBe(before.refreshToken);
		expect(after.tokenVersion).toBe(before.tokenVersion + 1);
		expect(sandboxGrants(sb, SEED.dupont).grants.every((g) => g.revoked)).toBe(true);
		expect(sandboxGrants(sb, SEED.studio).grants.some((g) => !g.revoked)).toBe(true);
		// Profiles are replaced; the journal moves to the new organisation's only profile.
		const profiles = await db
			.select()
			.from(mollieProfiles)
			.where(eq(mollieProfiles.companyId, c.companyId));
		expect(profiles.map((p) => p.id)).toEqual([SEED.studioProfile]);
		const [journal] = await db.select().from(journals).where(eq(journals.id, c.journalId));
		expect(journal.mollieProfileId).toBe(SEED.studioProfile);
	});

	it('two Acquit companies may connect the same organisation', async () => {
		const a = await createCompany(db, 'Same A SRL');
		const b = await createCompany(db, 'Same B SRL');
		await connect(db, config, sb, a, SEED.dupont);
		await connect(db, config, sb, b, SEED.dupont);
		expect((await connectionRow(db, a.companyId)).status).toBe('connected');
		expect((await connectionRow(db, b.companyId)).status).toBe('connected');
		const { grants } = sandboxGrants(sb, SEED.dupont);
		expect(grants).toHaveLength(2);
		expect(grants.every((g) => !g.revoked)).toBe(true);
	});

	it('an organisation without profiles connects; journals get no profile', async () => {
		const c = await createCompany(db, 'Atelier SPRL');
		const outcome = await connect(db, config, sb, c, SEED.empty);
		expect(outcome).toMatchObject({ ok: true, profileCount: 0 });
		const [journal] = await db.select().from(journals).where(eq(journals.id, c.journalId));
		expect(journal.mollieProfileId).toBeNull();
	});

	it('an organisation whose onboarding is incomplete: cannot receive payments', async () => {
		const c = await createCompany(db, 'Jonge Starter VOF');
		await connect(db, config, sb, c, SEED.pending);
		const summary = await getConnectionSummary(db, c.companyId);
		expect(summary).toMatchObject({ onboardingStatus: 'needs-data', canReceivePayments: false });
		expect(summary?.onboardingDashboardUrl).toBe(`${sb.url}/dashboard/onboarding`);
		// The summary the UI gets never holds tokens.
		expect(JSON.stringify(summary)).not.toMatch(/v1\.|access_|refresh_/);
	});
});

describe('profiles per journal, mode, disconnect', () => {
	it('defaults to the profile named like the company, else the first', () => {
		const profiles = [
			{ id: 'a', name: 'Webshop' },
			{ id: 'b', name: 'Café Élise' }
		];
		expect(defaultProfileId('Cafe Elise SRL', profiles)).toBe('b');
		expect(defaultProfileId('Someone Else BV', profiles)).toBe('a');
		expect(defaultProfileId('X', [])).toBeNull();
	});

	it("saves a profile per journal, refusing other organisations' profiles and journals", async () => {
		const c = await createCompany(db, 'Boulangerie Dupont SRL');
		const other = await createCompany(db, 'Studio Maes BV');
		await connect(db, config, sb, c, SEED.dupont);
		await connect(db, config, sb, other, SEED.studio);
		expect(
			await saveJournalProfiles(db, c.companyId, [
				{ journalId: c.journalId, profileId: SEED.dupontWeb }
			])
		).toEqual({ ok: true });
		const [j] = await db.select().from(journals).where(eq(journals.id, c.journalId));
		expect(j.mollieProfileId).toBe(SEED.dupontWeb);
		expect(
			await saveJournalProfiles(db, c.companyId, [
				{ journalId: c.journalId, profileId: SEED.studioProfile }
			])
		).toEqual({ ok: false, invalid: [c.journalId] });
		expect(
			await saveJournalProfiles(db, c.companyId, [
				{ journalId: other.journalId, profileId: SEED.dupontShop }
			])
		).toEqual({ ok: false, invalid: [other.journalId] });
		const [o] = await db.select().from(journals).where(eq(journals.id, other.journalId));
		expect(o.mollieProfileId).toBe(SEED.studioProfile);
		// No profile: the journal gets no online payment.
		expect(
			await saveJournalProfiles(db, c.companyId, [{ journalId: c.journalId, profileId: null }])
		).toEqual({ ok: true });
	});

	it('switches mode; disconnect revokes the refresh token at Mollie and forgets the tokens', async () => {
		const c = await createCompany(db, 'Bye SRL');
		await connect(db, config, sb, c, SEED.dupont);
		await setMode(db, c.companyId, 'live');
		expect((await getConnectionSummary(db, c.companyId))?.mode).toBe('live');
		expect(await disconnect(db, config, c.companyId)).toEqual({ ok: true });
		const { grants, tokens } = sandboxGrants(sb, SEED.dupont);
		expect(grants[0].revoked).toBe(true);
		expect(tokens.every((t) => t.revoked)).toBe(true);
		const row = await connectionRow(db, c.companyId);
		expect(row).toMatchObject({
			status: 'installed',
			accessToken: null,
			refreshToken: null,
			accessTokenExpiresAt: null
		});
		// History stays: the organisation it was connected to is still known.
		expect(row.organizationId).toBe(SEED.dupont);
		await deactivate(db, config, c.companyId);
		expect((await connectionRow(db, c.companyId)).status).toBe('inactive');
		await activate(db, c.companyId);
		expect((await connectionRow(db, c.companyId)).status).toBe('installed');
	});

	it('disconnect while Mollie is down changes nothing, so it can be retried', async () => {
		const c = await createCompany(db, 'Retry SRL');
		await connect(db, config, sb, c, SEED.dupont);
		await control(sb, 'POST', '/fail-next', {
			count: 1,
			status: 503,
			pathPrefix: '/oauth2/tokens'
		});
		expect(await disconnect(db, config, c.companyId)).toEqual({ ok: false, reason: 'unavailable' });
		expect((await connectionRow(db, c.companyId)).status).toBe('connected');
		expect(await disconnect(db, config, c.companyId)).toEqual({ ok: true });
		const rows = await db
			.select()
			.from(mollieConnections)
			.where(eq(mollieConnections.companyId, c.companyId));
		expect(rows[0].refreshToken).toBeNull();
	});
});
