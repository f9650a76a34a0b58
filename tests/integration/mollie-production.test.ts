import { eq } from 'drizzle-orm';
import { paymentsGet } from 'mollie-api-typescript/funcs/paymentsGet.js';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { render } from 'svelte/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningSandbox } from '../../sandbox/mollie/index.ts';
import type { Db } from '../../src/lib/server/db';
import { journals, mollieConnections } from '../../src/lib/server/db/schema';
import { loadInvoiceDocument } from '../../src/lib/server/invoicing/document';
import { mollieClient, USER_AGENT } from '../../src/lib/server/mollie/client';
import pkg from '../../package.json';
import { latestAttempt, onlineOffer, startCheckout } from '../../src/lib/server/mollie/checkout';
import {
	baseUrlProblem,
	publicConfig,
	type MollieConfig
} from '../../src/lib/server/mollie/config';
import {
	getConnectionSummary,
	refreshAccount,
	setMode,
	startOAuth
} from '../../src/lib/server/mollie/connection';
import MollieCard from '../../src/routes/(app)/apps/MollieCard.svelte';

// The pay page reads its token from Kit's `page` state; outside a Kit request the test hands one in.
vi.mock('$app/state', () => ({ page: { params: { token: 'tok' } } }));
const { default: PayPage } = await import('../../src/routes/pay/[token]/+page.svelte');
import { handleWebhook, refundPayment } from '../../src/lib/server/mollie/sync';
import { createTestDb } from '../helpers/db';
import { makeCompany, makeCustomer, makeOneLineInvoice } from '../helpers/invoicing-fixtures';
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
	const invoice = await makeOneLineInvoice(db, { company, journal, customer });
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

/** Visible text of server-rendered markup. */
const text = (html: string) =>
	html
		.replace(/<!--[^>]*-->/g, '')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&amp;/g, '&')
		.replace(/&#39;|&apos;/g, "'")
		.replace(/\s+/g, ' ');

/** The customer's pay page as the server renders it, from the real database's invoice. */
async function payPage(
	db: Db,
	companyId: string,
	invoiceId: string,
	over: { offer?: unknown; attempt?: unknown; form?: unknown; returned?: boolean } = {}
) {
	const doc = await loadInvoiceDocument(db, companyId, invoiceId);
	const data = {
		polls: 0,
		doc,
		lang: 'en',
		theme: {
			brandColor: '#0f766e',
			accentColor: '#0f766e',
			backgroundColor: '#f8fafc',
			backgroundFileId: null,
			logoFileId: null
		},
		offer: over.offer ?? { ok: false, reason: 'not_connected' },
		attempt: over.attempt ?? null,
		returned: over.returned ?? false,
		epcQr: null
	};
	const out = render(PayPage, { props: { data, form: over.form ?? null } as never });
	return { head: out.head, body: out.body, text: text(out.body) };
}

describe('2. errors: a refusal is named for the owner, a transient failure says retry', () => {
	it('a permanent 4xx on Pay: neutral for the customer, Mollie’s status/title/detail/field for the owner, gone once Mollie accepts', async () => {
		const { db } = await createTestDb();
		const { companyId, invoiceId } = await setup(db);
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		const r = await startCheckout(db, config, companyId, invoiceId, 'en', {
			...urls,
			webhookUrl: 'http://10.0.0.5/api/webhooks/mollie'
		});
		warn.mockRestore();
		expect(r).toEqual({ ok: false, reason: 'refused' });
		expect((await connectionRow(db, companyId))!.lastRefusal).toMatchObject({
			invoiceId,
			status: 422,
			title: 'Unprocessable Entity',
			field: 'webhookUrl',
			detail: expect.stringContaining('unreachable')
		});

		// The customer: no Mollie words, the bank transfer instead.
		const customer = await payPage(db, companyId, invoiceId, { form: { reason: 'refused' } });
		expect(customer.text).toContain("This invoice can't be paid online right now");
		expect(customer.text).not.toContain('unreachable');
		expect(customer.text).toContain('BE68 5390 0754 7034');

		// The owner, on Apps & connections: Mollie's answer, the field, the invoice.
		const connection = await getConnectionSummary(db, companyId);
		const card = render(MollieCard, {
			props: { enabled: true, canConfigure: true, connection }
		}).body;
		const said = text(card);
		expect(said).toContain('Mollie refused the last payment');
		expect(said).toContain('422 Unprocessable Entity');
		expect(said).toContain("unreachable from Mollie's point of view");
		expect(said).toContain('Field: webhookUrl');
		expect(card).toContain(`href="/invoices/${invoiceId}"`);

		// Fixed: the next Pay works and the notice goes by itself.
		expect((await startCheckout(db, config, companyId, invoiceId, 'en', urls)).ok).toBe(true);
		expect((await connectionRow(db, companyId))!.lastRefusal).toBeNull();
		const after = render(MollieCard, {
			props: {
				enabled: true,
				canConfigure: true,
				connection: await getConnectionSummary(db, companyId)
			}
		}).body;
		expect(text(after)).not.toContain('Mollie refused');
	});

	it('a transient failure (503 twice) asks the customer to retry and blames no one', async () => {
		const { db } = await createTestDb();
		const { companyId, invoiceId } = await setup(db);
		await control(sb, 'POST', '/fail-next', { count: 2, status: 503, pathPrefix: '/v2/payments' });
		const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
		const r = await startCheckout(db, config, companyId, invoiceId, 'en', urls);
		expect(info.mock.calls.flat().join(' ')).toContain('HTTP 503');
		info.mockRestore();
		expect(r).toEqual({ ok: false, reason: 'unavailable' });
		expect((await connectionRow(db, companyId))!.lastRefusal).toBeNull();
		const page = await payPage(db, companyId, invoiceId, { form: { reason: 'unavailable' } });
		expect(page.text).toContain('temporarily unavailable. Please try again in a moment');
		// Retry: it works.
		expect((await startCheckout(db, config, companyId, invoiceId, 'en', urls)).ok).toBe(true);
	});

	it('a response the SDK cannot validate is logged loudly, never shown as "unavailable"', async () => {
		const { db } = await createTestDb();
		const { companyId, invoiceId } = await setup(db);
		await control(sb, 'POST', '/fail-next', {
			count: 1,
			status: 'malformed',
			pathPrefix: '/v2/payments'
		});
		const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		const r = await startCheckout(db, config, companyId, invoiceId, 'en', urls);
		const logged = error.mock.calls.flat().join(' ');
		error.mockRestore();
		expect(r).toEqual({ ok: false, reason: 'refused' });
		expect(logged).toContain('create payment: RESPONSE FAILED VALIDATION');
		expect(logged).not.toMatch(/access_|refresh_/);
	});
});

describe('public paths: Mollie calls give up after 5 s', () => {
	it('the pay page waits at most 5 s for the methods, then says retry and shows the bank transfer', async () => {
		const { db } = await createTestDb();
		const { companyId, invoiceId } = await setup(db);
		// The server-wide configuration allows 15 s; the customer's pages cut it to 5.
		const pub = publicConfig({ ...config, timeoutMs: 15_000 });
		expect(pub.timeoutMs).toBe(5_000);
		await control(sb, 'POST', '/fail-next', {
			count: 1,
			status: 'timeout',
			pathPrefix: '/v2/methods'
		});
		const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
		const started = performance.now();
		const offer = await onlineOffer(db, pub, companyId, invoiceId, 'en');
		const waited = performance.now() - started;
		info.mockRestore();
		expect(offer).toEqual({ ok: false, reason: 'unavailable' });
		expect(waited).toBeGreaterThanOrEqual(4_900);
		expect(waited).toBeLessThan(7_000);

		const page = await payPage(db, companyId, invoiceId, { offer });
		expect(page.text).toContain(
			'Online payment is temporarily unavailable. Please try again in a moment, or pay by bank transfer below.'
		);
		expect(page.text).toContain('Pay by bank transfer');
		expect(page.text).toContain('BE68 5390 0754 7034');
		expect(page.body).not.toContain('?/pay');
	}, 15_000);
});

describe('9. bank transfer chosen at Mollie’s checkout', () => {
	it('Acquit reads bankName, bankAccount, bankBic and transferReference and shows them to the customer', async () => {
		const { db } = await createTestDb();
		const { companyId, invoiceId } = await setup(db);
		const r = await startCheckout(db, config, companyId, invoiceId, 'en', urls);
		if (!r.ok) throw new Error(r.reason);
		const id = r.checkoutUrl.split('/').pop()!;
		// The customer picks bank transfer on Mollie's checkout: the payment stays open, no webhook.
		await fetch(`${sb.url}/checkout/${id}/method`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: 'method=banktransfer',
			redirect: 'manual'
		});
		const reference = sb.store.state.payments[id]!.transferReference!;
		expect(reference).toMatch(/^RF\d{2}-\d{4}-/);

		// Back on the pay page: asked on the return request itself.
		const attempt = await latestAttempt(db, config, companyId, invoiceId, { returning: true });
		expect(attempt).toMatchObject({ status: 'open', method: 'banktransfer' });
		expect(attempt!.transferDetails).toEqual({
			bankName: 'Stichting Mollie Payments',
			bankAccount: 'NL53ABNA0627535577',
			bankBic: 'ABNANL2A',
			transferReference: reference
		});
		const page = await payPage(db, companyId, invoiceId, {
			returned: true,
			attempt: {
				status: attempt!.status,
				mode: attempt!.mode,
				method: attempt!.method,
				id: attempt!.id,
				paidAt: attempt!.paidAt,
				amountCents: attempt!.amountCents,
				transfer: attempt!.transferDetails
			}
		});
		expect(page.text).toContain('Bank transfer chosen');
		expect(page.text).toContain('Transfer €121.00 to this account with exactly this reference');
		for (const shown of [
			'Stichting Mollie Payments',
			'NL53ABNA0627535577',
			'ABNANL2A',
			reference
		]) {
			expect(page.text).toContain(shown);
		}
		// Days may pass before the money arrives: no "confirming…" page refreshing itself.
		expect(page.head).not.toContain('http-equiv="refresh"');
		expect(page.text).not.toContain('Payment processing');
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
		expect(a.ok && b.ok && a.value.refundId === b.value.refundId).toBe(true);
		expect(Object.values(sb.store.state.refunds).filter((r) => r.paymentId === id)).toHaveLength(1);
		// A new form (new nonce), same amount, within the hour: Mollie's 409.
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		expect(
			await refundPayment(db, config, companyId, id, 1_000, 'x', 'nonce-bbbbbbbbbbbbbbbb')
		).toEqual({ ok: false, error: 'duplicate' });
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

describe('Also: User-Agent and the deploy configuration', () => {
	it('every call to Mollie says Acquit/<version> after the SDK’s own User-Agent', async () => {
		const seen: string[] = [];
		const spy = createServer((req, res) => {
			seen.push(req.headers['user-agent'] ?? '');
			res.writeHead(404, { 'Content-Type': 'application/hal+json' });
			res.end(JSON.stringify({ status: 404, title: 'Not Found', detail: 'No payment.' }));
		});
		await new Promise<void>((r) => spy.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${(spy.address() as AddressInfo).port}`;
		const client = mollieClient({ ...config, apiUrl: url }, 'access_x', 'test');
		await paymentsGet(client, { paymentId: 'tr_x' });
		await new Promise((r) => spy.close(r));
		expect(USER_AGENT).toBe(`Acquit/${pkg.version}`);
		expect(seen).toHaveLength(1);
		expect(seen[0]).toMatch(
			new RegExp(`^Speakeasy/.* mollie-api-typescript/[\\d.]+ Acquit/${pkg.version}$`)
		);
	});

	it('wrangler.toml ships no PUBLIC_BASE_URL a deploy would keep', () => {
		const toml = readFileSync('wrangler.toml', 'utf8');
		expect(toml).not.toMatch(/^\s*PUBLIC_BASE_URL\s*=/m);
		expect(toml).not.toContain('http://127.0.0.1:8787"');
		expect(toml).toMatch(/^crons = \[".+"\]$/m);
	});
});

describe('Owners without a Mollie account: Create a Mollie account', () => {
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
