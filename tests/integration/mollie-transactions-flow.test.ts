import { isHttpError } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningSandbox } from '../../sandbox/mollie/index.ts';
import type { Db } from '$lib/server/db';
import { payments } from '$lib/server/db/schema';
import { invoiceLedger } from '$lib/server/invoicing/ledger';
import { startCheckout } from '$lib/server/mollie/checkout';
import { withMollie } from '$lib/server/mollie/client';
import type { MollieConfig } from '$lib/server/mollie/config';
import { saveJournalProfiles } from '$lib/server/mollie/connection';
import { createPayment } from '$lib/server/mollie/payments';
import { handleWebhook } from '$lib/server/mollie/sync';
import {
	invoiceMolliePayments,
	listMollieTransactions,
	molliePaymentDetail
} from '$lib/server/mollie/transactions';
import { formatMoney } from '$lib/format';
import {
	actionErrorText,
	type ActionError
} from '../../src/routes/(app)/payments/mollie/errorText';
import { postAction, signedIn, type ActionFn, type Role } from '../helpers/actions';
import { createTestDb } from '../helpers/db';
import { makeCustomer, makeInvoice } from '../helpers/invoicing-fixtures';
import { connect, control, createCompany, sandboxConfig, startSandbox } from '../helpers/mollie';

/**
 * The owner's side of Mollie payments end to end, against the local sandbox: a customer's
 * checkout, Mollie's webhook, then the routes' own load functions and actions (Check status now,
 * Refund, Sync with Mollie) and GET /api/changes — the real code, with only the database and
 * the Mollie configuration handed in (the routes read them from the environment).
 */

const ctx = vi.hoisted(() => ({ db: null as unknown, config: null as unknown }));
vi.mock('$lib/server/db', () => ({ getDb: () => ctx.db }));
vi.mock('$lib/server/mollie/config', async (original) => ({
	...(await original<typeof import('$lib/server/mollie/config')>()),
	mollieEnabled: () => true,
	mollieConfig: () => ctx.config
}));

const listPage = await import('../../src/routes/(app)/payments/mollie/+page.server');
const detailPage = await import('../../src/routes/(app)/payments/mollie/[id]/+page.server');
const changes = await import('../../src/routes/api/changes/+server');

let sb: RunningSandbox;
let db: Db;
let config: MollieConfig;

beforeAll(async () => {
	sb = await startSandbox({ port: 0, strict: true, webhookAllow: ['127.0.0.1'] });
	db = (await createTestDb()).db as Db;
	config = sandboxConfig(sb);
	ctx.db = db;
	ctx.config = config;
	// Nobody listens at the webhook URL below: the test delivers the webhook itself.
	await control(sb, 'POST', '/webhooks/drop', { count: 1000 });
});
afterAll(() => sb.close());

/** Posts to an action as a user of the company (tests/helpers/actions). */
const post = (
	action: ActionFn,
	path: string,
	companyId: string,
	fields: Record<string, string> = {},
	params: Record<string, string> = {},
	role: Role = 'owner'
) => postAction(action, { path, fields, params, locals: signedIn(companyId, role) });

async function version(companyId: string | null) {
	const res = (await changes.GET({
		locals: companyId ? signedIn(companyId) : ({ user: null, company: null } as App.Locals)
	} as never)) as Response;
	return { status: res.status, body: (await res.json()) as { version?: string } };
}

async function paidCompany(name = 'Boulangerie Dupont SRL') {
	const c = await createCompany(db, name);
	await connect(db, config, sb, c, 'org_dupont0001', name);
	const saved = await saveJournalProfiles(db, c.companyId, [
		{ journalId: c.journalId, profileId: 'pfl_dupontshop1' }
	]);
	expect(saved.ok).toBe(true);
	const customer = await makeCustomer(db, c.companyId, {
		name: 'Brasserie Lambic SRL',
		locale: 'nl'
	});
	// 1 × €100.00 at 21 % = €121.00.
	const invoice = await makeInvoice(db, {
		companyId: c.companyId,
		journalId: c.journalId,
		customer,
		number: '2026-0001',
		lines: [{ quantityMilli: 1000, unitPriceMilli: 100_000, vat: '21' }]
	});
	const checkout = await startCheckout(db, config, c.companyId, invoice.id, 'nl', {
		returnUrl: 'http://127.0.0.1:9/pay/x?return=1',
		webhookUrl: 'http://127.0.0.1:9/api/webhooks/mollie'
	});
	expect(checkout.ok).toBe(true);
	const [attempt] = await invoiceMolliePayments(db, c.companyId, invoice.id);
	return { ...c, invoiceId: invoice.id, paymentId: attempt!.id };
}

describe('a payment lands, then the owner checks, refunds and syncs', () => {
	let c: Awaited<ReturnType<typeof paidCompany>>;

	beforeAll(async () => {
		c = await paidCompany();
	});

	it('shows the open attempt, then the paid payment once Mollie’s webhook arrives', async () => {
		const open = await listMollieTransactions(db, c.companyId);
		expect(open.rows).toHaveLength(1);
		expect(open.rows[0]).toMatchObject({
			id: c.paymentId,
			status: 'open',
			mode: 'test',
			amountCents: 12_100,
			invoiceNumber: '2026-0001',
			customerName: 'Brasserie Lambic SRL'
		});
		const before = await version(c.companyId);
		expect(before.status).toBe(200);

		await control(sb, 'POST', `/payments/${c.paymentId}/status`, { status: 'paid' });
		expect(await handleWebhook(db, config, c.paymentId)).toBe('applied');

		const paid = await listMollieTransactions(db, c.companyId, { status: 'paid' });
		expect(paid.rows.map((r) => r.id)).toEqual([c.paymentId]);
		expect(paid.rows[0]!.method).toBe('ideal');
		expect((await invoiceLedger(db, c.companyId, c.invoiceId))?.status).toBe('paid');
		// The owner's open pages notice through GET /api/changes.
		const after = await version(c.companyId);
		expect(after.body.version).toMatch(/^\d+$/);
		expect(after.body.version).not.toBe(before.body.version);
		expect((await version(c.companyId)).body.version).toBe(after.body.version);
	});

	it('GET /api/changes wants a session', async () => {
		expect((await version(null)).status).toBe(401);
	});

	it('the payment page loads only for its company', async () => {
		const data = (await detailPage.load({
			locals: signedIn(c.companyId),
			params: { id: c.paymentId },
			url: new URL('http://127.0.0.1/payments/mollie/x?back=/invoices/abc')
		} as never)) as {
			payment: { refundableCents: number };
			back: string | null;
			canRefund: boolean;
		};
		expect(data.payment.refundableCents).toBe(12100);
		expect(data.back).toBe('/invoices/abc');
		expect(data.canRefund).toBe(true);
		const other = await createCompany(db, 'Intrus SRL');
		await expect(
			detailPage.load({
				locals: signedIn(other.companyId),
				params: { id: c.paymentId },
				url: new URL('http://127.0.0.1/payments/mollie/x')
			} as never)
		).rejects.toSatisfy((e) => isHttpError(e, 404));
		const refund = await post(
			detailPage.actions.refund as ActionFn,
			`/payments/mollie/${c.paymentId}?/refund`,
			other.companyId,
			{ amount: '1.00' },
			{ id: c.paymentId }
		);
		expect(refund.error).toBe(404);
	});

	it('refuses bad refund amounts, keeping what was typed', async () => {
		const path = `/payments/mollie/${c.paymentId}?/refund`;
		const refund = detailPage.actions.refund as ActionFn;
		const id = { id: c.paymentId };
		const cases: [string, number, ActionError][] = [
			['121,01', 400, 'too_much'],
			['12,345', 400, 'amount_decimals'],
			['douze', 400, 'amount'],
			['-5', 400, 'amount_positive'],
			['0', 400, 'amount_positive'],
			['', 400, 'amount_required']
		];
		for (const [typed, status, code] of cases) {
			const r = await post(refund, path, c.companyId, { amount: typed, back: '/invoices/x' }, id);
			// The one refusal shape: the text on the amount field, the form as it was sent.
			expect(r.failure, typed).toMatchObject({
				status,
				data: {
					errors: {
						amount: actionErrorText(code, { max: formatMoney(12_100, 'EUR'), decimals: 2 })
					},
					values: { amount: typed, back: '/invoices/x' }
				}
			});
		}
		const member = await post(refund, path, c.companyId, { amount: '1' }, id, 'member');
		expect(member.failure).toMatchObject({
			status: 403,
			data: { errors: { form: actionErrorText('forbidden', { max: '', decimals: 2 }) } }
		});
		expect((await molliePaymentDetail(db, c.companyId, c.paymentId))?.pendingRefundCents).toBe(0);
	});

	it('refunds part of it: pending until Mollie says refunded, then in the ledger', async () => {
		const r = await post(
			detailPage.actions.refund as ActionFn,
			`/payments/mollie/${c.paymentId}?/refund`,
			c.companyId,
			// Exact decimal parsing: "21,10" is 2110 cents, not 2109.9999.
			{ amount: '21,10', back: `/invoices/${c.invoiceId}` },
			{ id: c.paymentId }
		);
		expect(r.redirect).toBe(`/invoices/${c.invoiceId}?mollie=refund_requested`);
		let row = await molliePaymentDetail(db, c.companyId, c.paymentId);
		expect(row).toMatchObject({
			pendingRefundCents: 2_110,
			refundedCents: 0,
			refundableCents: 9_990
		});
		const refunds = Object.values(sb.store.state.refunds).filter(
			(x) => x.paymentId === c.paymentId
		);
		expect(refunds).toHaveLength(1);
		expect(refunds[0]!.amount).toEqual({ currency: 'EUR', minor: 2_110 });
		// Shown to the customer, in the customer's language (Dutch).
		expect(refunds[0]!.description).toBe('Terugbetaling van factuur 2026-0001');

		await control(sb, 'POST', `/refunds/${refunds[0]!.id}/status`, { status: 'refunded' });
		// A `back` outside /invoices/ is ignored: the owner lands on the payment page instead.
		const check = await post(
			detailPage.actions.refresh as ActionFn,
			`/payments/mollie/${c.paymentId}?/refresh`,
			c.companyId,
			{ back: 'https://evil.example/invoices/x' },
			{ id: c.paymentId }
		);
		expect(check.redirect).toBe(`/payments/mollie/${c.paymentId}?done=refreshed`);
		row = await molliePaymentDetail(db, c.companyId, c.paymentId);
		expect(row).toMatchObject({ pendingRefundCents: 0, refundedCents: 2_110 });
		const ledger = await db
			.select({ amount: payments.amountCents })
			.from(payments)
			.where(and(eq(payments.companyId, c.companyId), eq(payments.molliePaymentId, c.paymentId)));
		expect(ledger.map((l) => l.amount).sort((a, b) => a - b)).toEqual([-2_110, 12_100]);
	});

	it('a resubmitted refund form refunds once; another refund of the same amount is Mollie’s 409, named', async () => {
		const path = `/payments/mollie/${c.paymentId}?/refund`;
		const refund = detailPage.actions.refund as ActionFn;
		const id = { id: c.paymentId };
		const count = () =>
			Object.values(sb.store.state.refunds).filter((x) => x.paymentId === c.paymentId).length;
		const before = count();
		const form = { amount: '3,00', nonce: 'nonce-duplicate-aaaa' };
		expect((await post(refund, path, c.companyId, form, id)).redirect).toBeTruthy();
		// The same form again (its answer was lost): Mollie replays the first refund.
		expect((await post(refund, path, c.companyId, form, id)).redirect).toBeTruthy();
		expect(count()).toBe(before + 1);
		// A new form, same amount, within the hour: Mollie refuses a duplicate.
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		const again = await post(
			refund,
			path,
			c.companyId,
			{ amount: '3,00', nonce: 'nonce-duplicate-bbbb' },
			id
		);
		warn.mockRestore();
		expect(again.failure).toMatchObject({
			status: 409,
			data: {
				errors: { form: expect.stringContaining('Mollie refused this refund as a duplicate') },
				values: { amount: '3,00', nonce: 'nonce-duplicate-bbbb' }
			}
		});
		expect(count()).toBe(before + 1);
		// Leave the payment as the next test expects it: this refund canceled at Mollie.
		const mine = Object.values(sb.store.state.refunds).find(
			(x) => x.paymentId === c.paymentId && x.amount.minor === 300
		)!;
		await control(sb, 'POST', `/refunds/${mine.id}/status`, { status: 'canceled' });
	});

	it('flags a chargeback after "Check status now"', async () => {
		await control(sb, 'POST', `/payments/${c.paymentId}/chargebacks`, {
			amount: { currency: 'EUR', value: '10.00' }
		});
		const check = await post(
			detailPage.actions.refresh as ActionFn,
			`/payments/mollie/${c.paymentId}?/refresh`,
			c.companyId,
			{ back: `/invoices/${c.invoiceId}` },
			{ id: c.paymentId }
		);
		expect(check.redirect).toBe(`/invoices/${c.invoiceId}?mollie=refreshed`);
		const [p] = await invoiceMolliePayments(db, c.companyId, c.invoiceId);
		expect(p!.chargedBackCents).toBeGreaterThan(0);
		expect(p!.refundableCents).toBe(12_100 - 2_110 - p!.chargedBackCents);
	});

	it('Sync with Mollie picks up a payment Acquit never heard of', async () => {
		// Created at Mollie for this invoice but never recorded here (say the server crashed).
		const lost = await withMollie(db, c.companyId, config, ({ client }) =>
			createPayment(client, {
				amountCents: 500,
				currency: 'EUR',
				description: 'lost',
				redirectUrl: 'http://127.0.0.1:9/pay/x',
				webhookUrl: 'http://127.0.0.1:9/api/webhooks/mollie',
				profileId: 'pfl_dupontshop1',
				locale: 'fr_BE',
				metadata: { invoiceId: c.invoiceId },
				idempotencyKey: 'lost-1'
			})
		);
		expect(await molliePaymentDetail(db, c.companyId, lost.id)).toBeNull();

		const query = 'status=open&q=2026';
		const r = await post(
			listPage.actions.sync as ActionFn,
			`/payments/mollie?/sync&${query}`,
			c.companyId
		);
		// Back on the same filtered list, saying how many payments Mollie showed.
		expect(r.redirect).toBe(`/payments/mollie?${query}&synced=2`);
		const open = await listMollieTransactions(db, c.companyId, { status: 'open' });
		expect(open.rows.map((x) => x.id)).toEqual([lost.id]);

		const data = (await listPage.load({
			locals: signedIn(c.companyId),
			url: new URL(`http://127.0.0.1/payments/mollie?${query}&synced=2`)
		} as never)) as { synced: number; summary: { count: number }; page: { rows: unknown[] } };
		expect(data.synced).toBe(2);
		expect(data.summary.count).toBe(1);
		expect(data.page.rows).toHaveLength(1);
	});

	it('says so when Mollie is down, and a retry then works', async () => {
		// Two failures (a try and its quick retry) for the sync, two for the refresh.
		await control(sb, 'POST', '/fail-next', { count: 4, status: 503 });
		const down = await post(
			listPage.actions.sync as ActionFn,
			'/payments/mollie?/sync',
			c.companyId
		);
		expect(down.failure).toMatchObject({ status: 503, data: { sync: 'unavailable' } });
		const check = await post(
			detailPage.actions.refresh as ActionFn,
			`/payments/mollie/${c.paymentId}?/refresh`,
			c.companyId,
			{ back: `/invoices/${c.invoiceId}` },
			{ id: c.paymentId }
		);
		expect(check.failure).toMatchObject({
			status: 503,
			data: {
				errors: { form: actionErrorText('unavailable', { max: '', decimals: 2 }) },
				values: { back: `/invoices/${c.invoiceId}` }
			}
		});
		expect(sb.store.state.failRules.filter((rule) => rule.remaining > 0)).toEqual([]);
		const retry = await post(
			listPage.actions.sync as ActionFn,
			'/payments/mollie?/sync',
			c.companyId
		);
		expect(retry.redirect).toMatch(/synced=\d+$/);
	});

	it('asks to reconnect once Mollie revoked Acquit', async () => {
		await control(sb, 'POST', '/organizations/org_dupont0001/revoke', {});
		const r = await post(listPage.actions.sync as ActionFn, '/payments/mollie?/sync', c.companyId);
		expect(r.failure).toMatchObject({ status: 409, data: { sync: 'reconnect' } });
		const again = await post(
			listPage.actions.sync as ActionFn,
			'/payments/mollie?/sync',
			c.companyId
		);
		expect(again.failure).toMatchObject({ status: 409, data: { sync: 'reconnect' } });
		const refund = await post(
			detailPage.actions.refund as ActionFn,
			`/payments/mollie/${c.paymentId}?/refund`,
			c.companyId,
			{ amount: '1,00' },
			{ id: c.paymentId }
		);
		expect(refund.failure).toMatchObject({
			status: 409,
			data: {
				errors: { form: actionErrorText('reconnect', { max: '', decimals: 2 }) },
				values: { amount: '1,00' }
			}
		});
	});
});

describe('without a Mollie connection', () => {
	it('sync explains that Mollie must be connected first', async () => {
		const c = await createCompany(db, 'Sans Mollie SRL');
		const r = await post(listPage.actions.sync as ActionFn, '/payments/mollie?/sync', c.companyId);
		expect(r.failure).toMatchObject({ status: 409, data: { sync: 'not_connected' } });
	});
});
