import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../sandbox/mollie/index.ts';
import { SEED } from '../../sandbox/mollie/seed.ts';
import type { Db } from '../../src/lib/server/db';
import {
	journals,
	mollieConnections,
	molliePayments,
	mollieQrCodes
} from '../../src/lib/server/db/schema';
import { invoiceBalance } from '../../src/lib/server/invoicing/queries';
import {
	cancelCollect,
	collectView,
	profileTerminals,
	saveJournalTerminals,
	startBancontactQr,
	startTerminalPayment
} from '../../src/lib/server/mollie/collect';
import type { MollieConfig } from '../../src/lib/server/mollie/config';
import { handleWebhook } from '../../src/lib/server/mollie/sync';
import { connectedInvoice, control, useSandboxAndDb } from '../helpers/mollie';

/**
 * Collect on the spot (issue 15) against the Mollie sandbox in strict mode: Pay at terminal and
 * Show Bancontact QR create real (sandbox) payments through the Pay button's path, the terminal
 * simulator and the "banking app" settle them, the webhook path books them; every refusal
 * happens before anything reaches Mollie.
 */

let sb: RunningSandbox;
let db: Db;
let config: MollieConfig;
useSandboxAndDb((env) => ({ sb, db, config } = env));

const urls = {
	returnUrl: 'http://127.0.0.1:5173/invoices/x',
	// Nobody listens here: these tests deliver webhooks themselves.
	webhookUrl: 'http://127.0.0.1:9/api/webhooks/mollie'
};
const OLD_SCOPES =
	'organizations.read profiles.read payments.read payments.write refunds.read refunds.write onboarding.read';

/** Dupont (test mode) with the shop profile on its journal and an invoice of `unitCents` + 21 %. */
const setup = (opts: { unitCents?: number; scope?: string } = {}) =>
	connectedInvoice({ sb, db, config }, opts);

const terminal = (c: { companyId: string; invoiceId: string }, terminalId: string) =>
	startTerminalPayment(db, config, c.companyId, c.invoiceId, terminalId, 'fr', urls);

const paymentRows = (invoiceId: string) =>
	db.select().from(molliePayments).where(eq(molliePayments.invoiceId, invoiceId));

/** Payments the sandbox holds (nothing may reach Mollie on a refusal). */
const sandboxPaymentCount = () => Object.keys(sb.store.state.payments).length;

describe('Pay at terminal', () => {
	it('creates a pointofsale payment for the amount due, and the approved card pays the invoice', async () => {
		const c = await setup();
		const r = await terminal(c, SEED.dupontShopTerminal);
		if (!r.ok) throw new Error(r.reason);
		const [row] = await paymentRows(c.invoiceId);
		expect(row).toMatchObject({
			id: r.paymentId,
			status: 'open',
			method: 'pointofsale',
			amountCents: 12_100,
			profileId: 'pfl_dupontshop1',
			mode: 'test'
		});
		await control(sb, 'POST', `/terminals/${SEED.dupontShopTerminal}/approve`);
		expect(await handleWebhook(db, config, r.paymentId)).toBe('applied');
		const view = await collectView(db, config, c.companyId, c.invoiceId, r.paymentId);
		expect(view?.payment.status).toBe('paid');
		expect((await invoiceBalance(db, c.companyId, c.invoiceId))?.balanceCents).toBe(0);
		// Another company can't see it, nor can the same payment be read under another invoice.
		const other = await setup();
		expect(await collectView(db, config, other.companyId, c.invoiceId, r.paymentId)).toBeNull();
		expect(await collectView(db, config, c.companyId, other.invoiceId, r.paymentId)).toBeNull();
	});

	it('declined, then cancelled: the invoice stays open; the status check follows without a webhook', async () => {
		const c = await setup();
		const first = await terminal(c, SEED.dupontShopTap);
		if (!first.ok) throw new Error(first.reason);
		await control(sb, 'POST', `/terminals/${SEED.dupontShopTap}/decline`);
		// No webhook delivered: the waiting screen's status check asks Mollie (stale after 2 s).
		await db
			.update(molliePayments)
			.set({ updatedAt: new Date(Date.now() - 5_000) })
			.where(eq(molliePayments.id, first.paymentId));
		const failed = await collectView(db, config, c.companyId, c.invoiceId, first.paymentId);
		expect(failed?.payment.status).toBe('failed');

		const second = await terminal(c, SEED.dupontShopTap);
		if (!second.ok) throw new Error(second.reason);
		expect(second.paymentId).not.toBe(first.paymentId);
		expect(await cancelCollect(db, config, c.companyId, c.invoiceId, second.paymentId)).toEqual({
			ok: true
		});
		const [row] = (await paymentRows(c.invoiceId)).filter((p) => p.id === second.paymentId);
		expect(row.status).toBe('canceled');
		expect((await invoiceBalance(db, c.companyId, c.invoiceId))?.balanceCents).toBe(12_100);
		// A paid payment can't be cancelled: Mollie refuses, the fresh state stays.
		const third = await terminal(c, SEED.dupontShopTap);
		if (!third.ok) throw new Error(third.reason);
		await control(sb, 'POST', `/terminals/${SEED.dupontShopTap}/approve`);
		expect(await cancelCollect(db, config, c.companyId, c.invoiceId, third.paymentId)).toEqual({
			ok: false,
			reason: 'not_cancelable'
		});
		const [paid] = (await paymentRows(c.invoiceId)).filter((p) => p.id === third.paymentId);
		expect(paid.status).toBe('paid');
	});

	it('refuses before sending anything: missing, inactive, other-profile terminal, old scope, amount', async () => {
		const c = await setup();
		expect(await terminal(c, 'term_doesnotexist000000')).toEqual({
			ok: false,
			reason: 'no_terminal'
		});
		expect(await terminal(c, 'not a terminal')).toEqual({ ok: false, reason: 'no_terminal' });
		expect(await terminal(c, SEED.dupontWebTerminal)).toEqual({
			ok: false,
			reason: 'terminal_profile'
		});
		const added = await control<{ id: string }>(sb, 'POST', '/profiles/pfl_dupontshop1/terminals', {
			description: 'Back office',
			status: 'inactive'
		});
		expect(await terminal(c, added.id)).toEqual({ ok: false, reason: 'terminal_inactive' });
		await control(sb, 'POST', `/terminals/${added.id}/status`, { status: 'pending' });
		expect(await terminal(c, added.id)).toEqual({ ok: false, reason: 'terminal_inactive' });

		const old = await setup({ scope: OLD_SCOPES });
		expect(await terminal(old, SEED.dupontShopTerminal)).toEqual({
			ok: false,
			reason: 'terminal_scope'
		});
		// €60,500 due: above point of sale's default EUR 50,000 limit.
		const big = await setup({ unitCents: 5_000_000 });
		expect(await terminal(big, SEED.dupontShopTerminal)).toEqual({
			ok: false,
			reason: 'amount_range'
		});
		expect(sandboxPaymentCount()).toBe(0);
		for (const inv of [c, old, big]) expect(await paymentRows(inv.invoiceId)).toHaveLength(0);
	});

	it('Mollie down: a clear reason, nothing stored, and the retry works', async () => {
		const c = await setup();
		await control(sb, 'POST', '/fail-next', { count: 2, status: 503, pathPrefix: '/v2/payments' });
		expect(await terminal(c, SEED.dupontShopTerminal)).toEqual({
			ok: false,
			reason: 'unavailable'
		});
		expect(await paymentRows(c.invoiceId)).toHaveLength(0);
		expect((await terminal(c, SEED.dupontShopTerminal)).ok).toBe(true);
	});

	it('lists the profile’s terminals and keeps a default per journal, only one of them', async () => {
		const c = await setup();
		const list = await profileTerminals(db, config, c.companyId, 'pfl_dupontshop1', {
			fresh: true
		});
		expect(list.map((t) => t.id).sort()).toEqual(
			[SEED.dupontShopTap, SEED.dupontShopTerminal].sort()
		);
		expect(list.find((t) => t.id === SEED.dupontShopTap)).toMatchObject({
			model: 'Tap',
			status: 'active'
		});
		expect(
			await saveJournalTerminals(db, config, c.companyId, [
				{ journalId: c.journalId, terminalId: SEED.dupontWebTerminal }
			])
		).toEqual({ ok: false, invalid: [c.journalId] });
		expect(
			await saveJournalTerminals(db, config, c.companyId, [
				{ journalId: c.journalId, terminalId: SEED.dupontShopTap }
			])
		).toEqual({ ok: true });
		const [j] = await db.select().from(journals).where(eq(journals.id, c.journalId));
		expect(j.mollieTerminalId).toBe(SEED.dupontShopTap);
	});
});

describe('Show Bancontact QR', () => {
	it('a Bancontact payment with its QR kept as a data URI; scanning and paying pays the invoice', async () => {
		const c = await setup();
		const r = await startBancontactQr(db, config, c.companyId, c.invoiceId, 'nl', urls);
		if (!r.ok) throw new Error(r.reason);
		const [row] = await paymentRows(c.invoiceId);
		expect(row).toMatchObject({ method: 'bancontact', status: 'open', amountCents: 12_100 });
		const view = await collectView(db, config, c.companyId, c.invoiceId, r.paymentId);
		expect(view?.qr).toMatch(/^data:image\/svg\+xml;base64,/);
		await control(sb, 'POST', `/scan/${r.paymentId}/pay`);
		await handleWebhook(db, config, r.paymentId);
		expect((await invoiceBalance(db, c.companyId, c.invoiceId))?.balanceCents).toBe(0);
	});

	it('above EUR 1,500 it refuses before sending anything (the page falls back to the pay-link QR)', async () => {
		// €1,512.50 due.
		const c = await setup({ unitCents: 125_000 });
		expect(await startBancontactQr(db, config, c.companyId, c.invoiceId, 'fr', urls)).toEqual({
			ok: false,
			reason: 'qr_over_limit'
		});
		expect(
			await db.select().from(mollieQrCodes).where(eq(mollieQrCodes.companyId, c.companyId))
		).toHaveLength(0);
		expect(await paymentRows(c.invoiceId)).toHaveLength(0);
		expect(sandboxPaymentCount()).toBe(0);
	});

	it('an old connection without terminals.read can still show a Bancontact QR', async () => {
		const c = await setup({ scope: OLD_SCOPES });
		const [conn] = await db
			.select({ scope: mollieConnections.scope })
			.from(mollieConnections)
			.where(eq(mollieConnections.companyId, c.companyId));
		expect(conn.scope).not.toContain('terminals.read');
		expect((await startBancontactQr(db, config, c.companyId, c.invoiceId, 'fr', urls)).ok).toBe(
			true
		);
	});
});
