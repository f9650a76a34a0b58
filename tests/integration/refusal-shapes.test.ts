import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningSandbox } from '../../sandbox/mollie/index.ts';
import { SEED } from '../../sandbox/mollie/seed.ts';
import { formatMoney } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import type { Db } from '$lib/server/db';
import { companies, molliePayments } from '$lib/server/db/schema';
import { listPayments, registerPayment } from '$lib/server/invoicing/ledger';
import type { MollieConfig } from '$lib/server/mollie/config';
import { handleWebhook, refundPayment } from '$lib/server/mollie/sync';
import { AccessPointUnavailable, type AccessPoint } from '$lib/server/peppol/accessPoint';
import { actionErrorText } from '../../src/routes/(app)/payments/mollie/errorText';
import { postAction, signedIn, type ActionFn } from '../helpers/actions';
import { makeCompany } from '../helpers/invoicing-fixtures';
import { connectedInvoice, control, createCompany, useSandboxAndDb } from '../helpers/mollie';

/**
 * One refusal shape (issue 14): every action below refuses with `{ errors, values? }` (`form`
 * for the whole form, else the field's name), and where a panel needs more, beside it (`sync`,
 * `collect`). The routes' own actions, on a real database and the Mollie sandbox; only the
 * database, the Mollie and Peppol switches and the access point are handed in.
 */

const ctx = vi.hoisted(() => ({
	db: null as unknown,
	config: null as unknown,
	mollie: true,
	peppol: true,
	ap: null as unknown
}));
vi.mock('$lib/server/db', () => ({ getDb: () => ctx.db }));
vi.mock('$lib/server/mollie/config', async (original) => ({
	...(await original<typeof import('$lib/server/mollie/config')>()),
	mollieEnabled: () => ctx.mollie,
	mollieConfig: () => ctx.config
}));
vi.mock('$lib/server/peppol/config', async (original) => ({
	...(await original<typeof import('$lib/server/peppol/config')>()),
	peppolEnabled: () => ctx.peppol
}));
vi.mock('$lib/server/peppol/exchange', async (original) => ({
	...(await original<typeof import('$lib/server/peppol/exchange')>()),
	accessPoint: () => ctx.ap
}));

const invoicePage = await import('../../src/routes/(app)/invoices/[id]/+page.server');
const waitingPage =
	await import('../../src/routes/(app)/invoices/[id]/collect/[paymentId]/+page.server');
const paymentsPage = await import('../../src/routes/(app)/invoices/[id]/payments/+page.server');
const molliePage = await import('../../src/routes/(app)/payments/mollie/[id]/+page.server');
const mollieList = await import('../../src/routes/(app)/payments/mollie/+page.server');
const peppolPage = await import('../../src/routes/(app)/settings/peppol/+page.server');

let sb: RunningSandbox;
let db: Db;
let config: MollieConfig;
useSandboxAndDb((env) => {
	({ sb, db, config } = env);
	ctx.db = db;
	ctx.config = config;
});
beforeEach(async () => {
	ctx.mollie = true;
	ctx.peppol = true;
	// Nobody listens at the webhook URL the actions give Mollie: the tests deliver it themselves.
	await control(sb, 'POST', '/webhooks/drop', { count: 1000 });
});

/** Posts to an action as the company's owner. */
const post = (
	action: unknown,
	path: string,
	companyId: string,
	fields: Record<string, string> = {},
	params: Record<string, string> = {}
) => postAction(action as ActionFn, { path, fields, params, locals: signedIn(companyId) });

/** A terminal payment of the invoice's €121.00, started on the invoice page; its id. */
async function collectAtTerminal(c: { companyId: string; invoiceId: string }) {
	const r = await post(
		invoicePage.actions.collectTerminal,
		`/invoices/${c.invoiceId}?/collectTerminal`,
		c.companyId,
		{ terminalId: SEED.dupontShopTerminal },
		{ id: c.invoiceId }
	);
	const paymentId = r.redirect?.match(/\/collect\/(tr_\w+)\?/)?.[1];
	if (!paymentId) throw new Error(`no terminal payment: ${JSON.stringify(r.failure)}`);
	return paymentId;
}

/** The invoice paid at the terminal: the card approved, Mollie's webhook applied. */
async function paidAtTerminal(c: { companyId: string; invoiceId: string }) {
	const paymentId = await collectAtTerminal(c);
	await control(sb, 'POST', `/terminals/${SEED.dupontShopTerminal}/approve`);
	expect(await handleWebhook(db, config, paymentId)).toBe('applied');
	return paymentId;
}

const sandboxPayments = () => Object.keys(sb.store.state.payments).length;

describe('invoice page: collect on the spot', () => {
	it('a bad, another organisation’s or another profile’s terminal is refused; the panel keeps it', async () => {
		const c = await connectedInvoice({ sb, db, config });
		const path = `/invoices/${c.invoiceId}?/collectTerminal`;
		const cases = [
			['term_<script>', 400, 'no_terminal', m.collect_err_no_terminal()],
			['not a terminal', 400, 'no_terminal', m.collect_err_no_terminal()],
			[SEED.studioTerminal, 400, 'no_terminal', m.collect_err_no_terminal()],
			[SEED.dupontWebTerminal, 400, 'terminal_profile', m.collect_err_terminal_profile()]
		] as const;
		for (const [terminalId, status, reason, text] of cases) {
			const r = await post(
				invoicePage.actions.collectTerminal,
				path,
				c.companyId,
				{ terminalId },
				{
					id: c.invoiceId
				}
			);
			expect(r.failure, terminalId).toEqual({
				status,
				data: { errors: { form: text }, collect: { reason, terminalId } }
			});
		}
		expect(sandboxPayments()).toBe(0);

		// The shop's own terminal: a payment at Mollie and the waiting screen, the terminal kept.
		const good = await post(
			invoicePage.actions.collectTerminal,
			path,
			c.companyId,
			{ terminalId: SEED.dupontShopTerminal },
			{ id: c.invoiceId }
		);
		expect(good.redirect).toMatch(
			new RegExp(`^/invoices/${c.invoiceId}/collect/tr_\\w+\\?terminal=${SEED.dupontShopTerminal}$`)
		);
		const [row] = await db
			.select()
			.from(molliePayments)
			.where(eq(molliePayments.invoiceId, c.invoiceId));
		expect(row).toMatchObject({ method: 'pointofsale', status: 'open', amountCents: 12_100 });
	});

	it('another company’s invoice is a 404 whatever the terminal', async () => {
		const c = await connectedInvoice({ sb, db, config });
		const other = await makeCompany(db);
		const r = await post(
			invoicePage.actions.collectTerminal,
			`/invoices/${c.invoiceId}?/collectTerminal`,
			other.company.id,
			{ terminalId: SEED.dupontShopTerminal },
			{ id: c.invoiceId }
		);
		expect(r.error).toBe(404);
		expect(sandboxPayments()).toBe(0);
	});

	it('a Bancontact QR above its maximum: the fallback’s words, no terminal chosen', async () => {
		// €1,512.50 due.
		const c = await connectedInvoice({ sb, db, config }, { unitCents: 125_000 });
		const r = await post(
			invoicePage.actions.collectQr,
			`/invoices/${c.invoiceId}?/collectQr`,
			c.companyId,
			{},
			{ id: c.invoiceId }
		);
		expect(r.failure).toEqual({
			status: 400,
			data: {
				errors: { form: m.collect_err_qr_over_limit({ max: formatMoney(150_000, 'EUR') }) },
				collect: { reason: 'qr_over_limit', terminalId: '' }
			}
		});
	});
});

describe('waiting screen: Cancel', () => {
	it('a payment Mollie won’t cancel any more, or Mollie off: the one shape; an open one is cancelled', async () => {
		const c = await connectedInvoice({ sb, db, config });
		const path = (id: string) => `/invoices/${c.invoiceId}/collect/${id}?/cancel`;
		const cancel = (id: string) =>
			post(
				waitingPage.actions.cancel,
				path(id),
				c.companyId,
				{},
				{ id: c.invoiceId, paymentId: id }
			);
		const open = await collectAtTerminal(c);
		// Back to the waiting screen, which now says it was cancelled.
		expect((await cancel(open)).redirect).toMatch(`/invoices/${c.invoiceId}/collect/${open}?`);
		const [row] = await db.select().from(molliePayments).where(eq(molliePayments.id, open));
		expect(row.status).toBe('canceled');

		const refused = await collectAtTerminal(c);
		// Paid at the terminal, and Acquit not told yet: Mollie refuses to cancel it.
		await control(sb, 'POST', `/terminals/${SEED.dupontShopTerminal}/approve`);
		const notCancelable = { status: 409, data: { errors: { form: m.collect_not_cancelable() } } };
		expect((await cancel(refused)).failure).toEqual(notCancelable);
		ctx.mollie = false;
		expect((await cancel(refused)).failure).toEqual(notCancelable);
	});
});

describe('Mollie payment: Refund', () => {
	it('the service says amount_positive and too_much; the page puts them on the amount, as typed', async () => {
		const c = await connectedInvoice({ sb, db, config });
		const id = await paidAtTerminal(c);
		expect(await refundPayment(db, config, c.companyId, id, 0, 'x')).toEqual({
			ok: false,
			error: 'amount_positive'
		});
		expect(await refundPayment(db, config, c.companyId, id, 12_101, 'x')).toEqual({
			ok: false,
			error: 'too_much'
		});

		const path = `/payments/mollie/${id}?/refund`;
		const refund = (amount: string, nonce: string) =>
			post(molliePage.actions.refund, path, c.companyId, { amount, nonce }, { id });
		const text = (code: 'too_much' | 'amount_positive', maxCents: number) =>
			actionErrorText(code, { max: formatMoney(maxCents, 'EUR'), decimals: 2 });
		expect((await refund('0,00', 'nonce-refusal-shape-0')).failure).toEqual({
			status: 400,
			data: {
				errors: { amount: text('amount_positive', 12_100) },
				values: { amount: '0,00', nonce: 'nonce-refusal-shape-0' }
			}
		});
		expect((await refund('21,00', 'nonce-refusal-shape-1')).redirect).toBe(
			`/payments/mollie/${id}?done=refund_requested`
		);
		// €100.00 is left while €21.00 is pending: the service's too_much, with what is left.
		expect((await refund('100,01', 'nonce-refusal-shape-2')).failure).toEqual({
			status: 400,
			data: {
				errors: { amount: text('too_much', 10_000) },
				values: { amount: '100,01', nonce: 'nonce-refusal-shape-2' }
			}
		});
	});
});

describe('invoice payments: Remove', () => {
	it('a Mollie payment, an unknown or a bad id: the field’s error, as sent; a manual one goes', async () => {
		const c = await connectedInvoice({ sb, db, config });
		await paidAtTerminal(c);
		const path = `/invoices/${c.invoiceId}/payments?/remove`;
		const remove = (paymentId: string) =>
			post(paymentsPage.actions.remove, path, c.companyId, { paymentId }, { id: c.invoiceId });
		const ledger = () => listPayments(db, c.companyId, { invoiceId: c.invoiceId });
		const [mollie] = await ledger();
		expect(mollie.method).toBe('mollie');
		expect((await remove(mollie.id)).failure).toEqual({
			status: 400,
			data: { errors: { paymentId: m.ledger_error_mollie() }, values: { paymentId: mollie.id } }
		});
		for (const paymentId of ['pay_unknown', 'pay_<script>']) {
			expect((await remove(paymentId)).failure, paymentId).toEqual({
				status: 404,
				data: { errors: { paymentId: m.ledger_error_gone() }, values: { paymentId } }
			});
		}
		const manual = await registerPayment(db, c.companyId, c.invoiceId, {
			date: '2026-01-15',
			amountCents: 500,
			method: 'cash',
			reference: ''
		});
		if (!manual.ok) throw new Error(manual.reason);
		const cash = (await ledger()).find((p) => p.method === 'cash')!;
		expect((await remove(cash.id)).redirect).toBe(`/invoices/${c.invoiceId}/payments?done=removed`);
		expect((await ledger()).map((p) => p.method)).toEqual(['mollie']);
	});
});

describe('Mollie payments: Sync', () => {
	it('the words in errors.form, the sync’s own reason beside them', async () => {
		const c = await createCompany(db, 'Sans Mollie SRL');
		const sync = () => post(mollieList.actions.sync, '/payments/mollie?/sync', c.companyId);
		expect((await sync()).failure).toEqual({
			status: 409,
			data: { errors: { form: m.tx_error_not_connected() }, sync: 'not_connected' }
		});
		ctx.mollie = false;
		expect((await sync()).failure).toEqual({
			status: 409,
			data: { errors: { form: m.mollie_not_available() }, sync: 'not_configured' }
		});
	});
});

describe('Settings → Peppol: Check registration', () => {
	const check = (companyId: string) =>
		post(peppolPage.actions.check, '/settings/peppol?/check', companyId);
	const accessPoint = (registration: AccessPoint['registration']) =>
		({ registration }) as Partial<AccessPoint>;

	it('Peppol off, no VAT number, the access point down: errors.form', async () => {
		const { company } = await makeCompany(db);
		ctx.ap = accessPoint(() => Promise.reject(new AccessPointUnavailable('down')));
		expect((await check(company.id)).failure).toEqual({
			status: 503,
			data: { errors: { form: m.pn_unavailable() } }
		});
		ctx.peppol = false;
		expect((await check(company.id)).failure).toEqual({
			status: 503,
			data: { errors: { form: m.pn_settings_off() } }
		});
		ctx.peppol = true;
		const bare = await makeCompany(db, { vatNumber: '' });
		expect((await check(bare.company.id)).failure).toEqual({
			status: 422,
			data: { errors: { form: m.pn_settings_no_vat() } }
		});
	});

	it('a registered company: the page again, registered', async () => {
		const { company } = await makeCompany(db);
		ctx.ap = accessPoint(() => Promise.resolve({ peppolIds: ['0208:0123456749'] }));
		expect((await check(company.id)).redirect).toBe('/settings/peppol');
		const [row] = await db.select().from(companies).where(eq(companies.id, company.id));
		expect(row.peppolRegisteredAt).toBeInstanceOf(Date);
	});
});
