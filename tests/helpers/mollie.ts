import { encodeBase64 } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/mollie/index.ts';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET, SEED } from '../../sandbox/mollie/seed.ts';
import type { Db } from '../../src/lib/server/db';
import { companies, journals, mollieConnections } from '../../src/lib/server/db/schema';
import { randomId } from '../../src/lib/server/secrets/ids';
import { MOLLIE_SCOPES, type MollieConfig } from '../../src/lib/server/mollie/config';
import { completeOAuth, startOAuth } from '../../src/lib/server/mollie/connection';
import { createTestDb } from './db';
import { makeCompany, makeCustomer, makeOneLineInvoice } from './invoicing-fixtures';

export const CALLBACK = 'http://127.0.0.1:5173/apps/mollie/callback';

export function randomKey(): string {
	return encodeBase64(crypto.getRandomValues(new Uint8Array(32)));
}

/** The services' configuration pointing at a running sandbox (as e2e-server.ts does by env). */
export function sandboxConfig(sb: RunningSandbox, extra: Partial<MollieConfig> = {}): MollieConfig {
	return {
		clientId: DEV_CLIENT_ID,
		clientSecret: DEV_CLIENT_SECRET,
		redirectUri: CALLBACK,
		apiUrl: sb.url,
		authorizeUrl: `${sb.url}/oauth2/authorize`,
		tokenUrl: `${sb.url}/oauth2/tokens`,
		encryptionKey: randomKey(),
		oldEncryptionKeys: [],
		timeoutMs: 5_000,
		...extra
	};
}

export { startSandbox };

export interface SandboxAndDb {
	sb: RunningSandbox;
	db: Db;
	config: MollieConfig;
}

/**
 * The hooks of a Mollie integration test file: a sandbox on a free port, a fresh migrated
 * database and the config pointing at that sandbox, shared by the whole file and handed to
 * `ready` before the first test; the sandbox's data back to its seed before each test; the
 * sandbox closed at the end. A callback rather than a return value, so the file can keep plain
 * `sb`, `db` and `config` variables.
 */
export function useSandboxAndDb(ready: (env: SandboxAndDb) => void) {
	let sb: RunningSandbox;
	beforeAll(async () => {
		// Strict like Mollie; these tests' webhook URLs are on 127.0.0.1, allowed explicitly.
		sb = await startSandbox({ port: 0, strict: true, webhookAllow: ['127.0.0.1'] });
		const db = (await createTestDb()).db as Db;
		ready({ sb, db, config: sandboxConfig(sb) });
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.store.reset(sb.clock.now()));
}

export async function control<T = unknown>(
	sb: RunningSandbox,
	method: string,
	path: string,
	body?: unknown
): Promise<T> {
	const res = await fetch(`${sb.url}/_sandbox${path}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
	const text = await res.text();
	return (text ? JSON.parse(text) : null) as T;
}

/** A company with one journal, as sign-up creates it. */
export async function createCompany(db: Db, name: string) {
	const companyId = randomId();
	const journalId = randomId();
	await db.insert(companies).values({ id: companyId, name });
	await db.insert(journals).values({ id: journalId, companyId, name: 'Ventes' });
	return { companyId, journalId, sessionId: randomId() };
}

/** Starts the flow and returns the state the authorize URL carries. */
export async function beginOAuth(
	db: Db,
	config: MollieConfig,
	c: { companyId: string; sessionId: string }
) {
	const url = new URL(
		await startOAuth(db, config, { companyId: c.companyId, sessionId: c.sessionId, locale: 'fr' })
	);
	return { url, state: url.searchParams.get('state')! };
}

/** A code for an organisation, issued by the sandbox without a browser. */
export async function issueCode(
	sb: RunningSandbox,
	organizationId: string,
	scope = MOLLIE_SCOPES.join(' ')
) {
	const { code } = await control<{ code: string }>(sb, 'POST', '/oauth/code', {
		organizationId,
		scope,
		redirectUri: CALLBACK
	});
	return code;
}

/** The whole happy path: start, "approve" at the sandbox, callback. */
export async function connect(
	db: Db,
	config: MollieConfig,
	sb: RunningSandbox,
	c: { companyId: string; sessionId: string },
	organizationId: string,
	companyName = 'Boulangerie Dupont SRL',
	/** The scopes granted (default: all Acquit asks for); older connections had fewer. */
	scope?: string
) {
	const { state } = await beginOAuth(db, config, c);
	const code = await issueCode(sb, organizationId, scope);
	const outcome = await completeOAuth(db, config, {
		sessionId: c.sessionId,
		companyId: c.companyId,
		companyName,
		params: new URLSearchParams({ code, state })
	});
	if (!outcome.ok) throw new Error(`connect failed: ${outcome.reason}`);
	return outcome;
}

export async function connectionRow(db: Db, companyId: string) {
	const [row] = await db
		.select()
		.from(mollieConnections)
		.where(eq(mollieConnections.companyId, companyId));
	return row;
}

/** Pretends our side's clock moved on: the stored access token is past its expiry. */
export async function expireStoredToken(db: Db, companyId: string) {
	await db
		.update(mollieConnections)
		.set({ accessTokenExpiresAt: new Date(Date.now() - 1000) })
		.where(eq(mollieConnections.companyId, companyId));
}

/** Grants and access tokens the sandbox issued for an organisation. */
export function sandboxGrants(sb: RunningSandbox, organizationId: string) {
	const state = sb.store.state;
	const grants = Object.values(state.grants).filter((g) => g.organizationId === organizationId);
	const ids = new Set(grants.map((g) => g.id));
	const tokens = Object.values(state.accessTokens).filter((t) => ids.has(t.grantId));
	return { grants, tokens };
}

/**
 * Dupont connected in test mode (every scope, or those given), its shop profile on the journal,
 * and one finalized invoice of `unitCents` (default €100.00) + 21 %: what collecting on the spot
 * and the payment pages start from.
 */
export async function connectedInvoice(
	{ sb, db, config }: SandboxAndDb,
	opts: { unitCents?: number; scope?: string } = {}
) {
	const { company, journal } = await makeCompany(db);
	await connect(
		db,
		config,
		sb,
		{ companyId: company.id, sessionId: 's' },
		SEED.dupont,
		undefined,
		opts.scope
	);
	await db
		.update(journals)
		.set({ mollieProfileId: 'pfl_dupontshop1' })
		.where(eq(journals.id, journal.id));
	const customer = await makeCustomer(db, company.id);
	const invoice = await makeOneLineInvoice(
		db,
		{ company, journal, customer },
		{ lines: [{ quantityMilli: 1000, unitPriceMilli: (opts.unitCents ?? 10_000) * 10, vat: '21' }] }
	);
	return { companyId: company.id, journalId: journal.id, invoiceId: invoice.id };
}
