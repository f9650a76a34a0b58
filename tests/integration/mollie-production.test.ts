import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningSandbox } from '../../sandbox/mollie/index.ts';
import type { Db } from '../../src/lib/server/db';
import { journals, mollieConnections } from '../../src/lib/server/db/schema';
import { onlineOffer, startCheckout } from '../../src/lib/server/mollie/checkout';
import { baseUrlProblem, type MollieConfig } from '../../src/lib/server/mollie/config';
import { refreshAccount, setMode, startOAuth } from '../../src/lib/server/mollie/connection';
import { handleWebhook, refundPayment } from '../../src/lib/server/mollie/sync';
import { createTestDb } from '../helpers/db';
import { makeCompany, makeCustomer, makeInvoice } from '../helpers/invoicing-fixtures';
import { connect, connectionRow, control, sandboxConfig, startSandbox } from '../helpers/mollie';

/** Issue 11: what real Mollie does that a lenient sandbox let slip, seen from the app. */

let sb: RunningSandbox;
let config: MollieConfig;
beforeAll(async () => {
	sb = await startSandbox({ port: 0, strict: true, webhookAllow: ['127.0.0.1'] });
	config = sandboxConfig(sb, { publicBaseUrl: 'https://acquit.example' });
});
afterAll(() => sb.close());

const urls = {
	returnUrl: 'https://acquit.example/pay/x?return=1',
	webhookUrl: 'http://127.0.0.1:9/api/webhooks/mollie'
};

async function setup(db: Db, organization = 'org_dupont0001', profile = 'pfl_dupontshop1') {
	const { company, journal } = await makeCompany(db);
	await connect(db, config, sb, { companyId: company.id, sessionId: 's' }, organization);
	await db.update(journals).set({ mollieProfileId: profile }).where(eq(journals.id, journal.id));
	const customer = await makeCustomer(db, company.id);
	const invoice = await makeInvoice(db, {
		companyId: company.id,
		journalId: journal.id,
		customer,
		company,
		lines: [{ quantityMilli: 1000, unitPriceMilli: 100_000, vat: '21' }]
	});
	return { companyId: company.id, invoiceId: invoice.id };
}

describe('1. webhook reachability and PUBLIC_BASE_URL', () => {
	it('names what is wrong with PUBLIC_BASE_URL', () => {
		expect(baseUrlProblem(undefined)).toBe('missing');
		expect(baseUrlProblem('')).toBe('missing');
		expect(baseUrlProblem('http://acquit.example')).toBe('not_https');
		expect(baseUrlProblem('https://127.0.0.1:8787')).toBe('private');
		expect(baseUrlProblem('https://192.168.0.10')).toBe('private');
		expect(baseUrlProblem('https://acquit.local')).toBe('private');
		expect(baseUrlProblem('https://localhost')).toBe('private');
		expect(baseUrlProblem('https://acquit.example.com/')).toBeNull();
	});

	it('live mode: no Pay button without a public https PUBLIC_BASE_URL, and the log says which variable', async () => {
		const { db } = await createTestDb();
		const { companyId, invoiceId } = await setup(db);
		await setMode(db, companyId, 'live');
		await control(sb, 'POST', '/profiles/pfl_dupontshop1/methods', { methods: 'all' });
		const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		const local = { ...config, publicBaseUrl: 'http://127.0.0.1:8787' };
		expect(await onlineOffer(db, local, companyId, invoiceId, 'en')).toEqual({
			ok: false,
			reason: 'misconfigured'
		});
		expect(log.mock.calls.flat().join(' ')).toContain('PUBLIC_BASE_URL');
		log.mockRestore();
		expect((await onlineOffer(db, config, companyId, invoiceId, 'en')).ok).toBe(true);
	});

	it('Mollie refuses an unreachable webhookUrl: a neutral "refused" for the customer, status/title/detail/field in the log', async () => {
		const { db } = await createTestDb();
		const { companyId, invoiceId } = await setup(db);
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		const r = await startCheckout(db, config, companyId, invoiceId, 'en', {
			...urls,
			webhookUrl: 'http://localhost:5173/api/webhooks/mollie'
		});
		expect(r).toEqual({ ok: false, reason: 'refused' });
		const line = warn.mock.calls.flat().join(' ');
		warn.mockRestore();
		expect(line).toContain('422 Unprocessable Entity');
		expect(line).toContain('unreachable');
		expect(line).toContain('[field webhookUrl]');
		expect(line).not.toMatch(/access_|refresh_/);
	});
});

describe('3. methods', () => {
	it('live mode offers Pay only once methods are activated at Mollie', async () => {
		const { db } = await createTestDb();
		const { companyId, invoiceId } = await setup(db, 'org_studiomaes1', 'pfl_studiomaes1');
		await setMode(db, companyId, 'live');
		expect(await onlineOffer(db, config, companyId, invoiceId, 'fr')).toEqual({
			ok: false,
			reason: 'no_methods'
		});
		await control(sb, 'POST', '/profiles/pfl_studiomaes1/methods', { methods: ['bancontact'] });
		// Another amount/locale is another cache entry: what Mollie says now.
		const offer = await onlineOffer(db, config, companyId, invoiceId, 'nl');
		expect(offer.ok && offer.methods.map((m) => m.id)).toEqual(['bancontact']);
	});
});

describe('5. refunds: duplicates and idempotency', () => {
	async function paid(db: Db) {
		const { companyId, invoiceId } = await setup(db);
		const r = await startCheckout(db, config, companyId, invoiceId, 'fr', urls);
		if (!r.ok) throw new Error(r.reason);
		const id = r.checkoutUrl.split('/').pop()!;
		await control(sb, 'POST', `/payments/${id}/status`, { status: 'paid' });
		await handleWebhook(db, config, id);
		return { companyId, id };
	}

	it('the same form nonce refunds once; a second refund of the same amount within an hour is a duplicate', async () => {
		const { db } = await createTestDb();
		const { companyId, id } = await paid(db);
		const a = await refundPayment(db, config, companyId, id, 1_000, 'x', 'nonce-aaaaaaaaaaaaaaaa');
		// The owner resubmits the same (timed-out) form: Mollie replays the first answer.
		const b = await refundPayment(db, config, companyId, id, 1_000, 'x', 'nonce-aaaaaaaaaaaaaaaa');
		expect(a.ok && b.ok && a.refundId === b.refundId).toBe(true);
		expect(Object.values(sb.store.state.refunds).filter((r) => r.paymentId === id)).toHaveLength(1);
		// A new form (new nonce), same amount, within the hour: Mollie's 409.
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		expect(
			await refundPayment(db, config, companyId, id, 1_000, 'x', 'nonce-bbbbbbbbbbbbbbbb')
		).toEqual({ ok: false, reason: 'duplicate' });
		warn.mockRestore();
	});
});

describe('7. onboarding and profiles re-read', () => {
	it('at most once a minute, and the connection follows Mollie onboarding', async () => {
		const { db } = await createTestDb();
		const { company } = await makeCompany(db);
		await connect(db, config, sb, { companyId: company.id, sessionId: 's' }, 'org_onboarding1');
		expect(await connectionRow(db, company.id)).toMatchObject({
			onboardingStatus: 'needs-data',
			canReceivePayments: false
		});
		await control(sb, 'POST', '/organizations/org_onboarding1/onboarding', { status: 'completed' });
		expect(await refreshAccount(db, config, company.id)).toBe(true);
		expect(await connectionRow(db, company.id)).toMatchObject({
			onboardingStatus: 'completed',
			canReceivePayments: true
		});
		// Within the minute: no second read.
		await control(sb, 'POST', '/organizations/org_onboarding1/onboarding', {
			status: 'needs-data'
		});
		expect(await refreshAccount(db, config, company.id)).toBe(false);
		const [row] = await db
			.select({ s: mollieConnections.onboardingStatus })
			.from(mollieConnections)
			.where(eq(mollieConnections.companyId, company.id));
		expect(row!.s).toBe('completed');
	});
});

describe('8. Create a Mollie account', () => {
	it('is the same OAuth flow starting on the sign-up page', async () => {
		const { db } = await createTestDb();
		const { company } = await makeCompany(db);
		const url = new URL(
			await startOAuth(db, config, {
				companyId: company.id,
				sessionId: 's',
				locale: 'nl',
				signup: true
			})
		);
		expect(url.searchParams.get('landing_page')).toBe('signup');
		expect(url.searchParams.get('locale')).toBe('nl_BE');
		const plain = new URL(
			await startOAuth(db, config, { companyId: company.id, sessionId: 's', locale: 'nl' })
		);
		expect(plain.searchParams.has('landing_page')).toBe(false);
	});
});
