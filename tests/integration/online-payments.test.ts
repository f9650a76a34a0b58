import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningSandbox } from '../../sandbox/mollie/index.ts';
import type { Db } from '../../src/lib/server/db';
import {
	journals,
	mollieConnections,
	molliePayments,
	payments
} from '../../src/lib/server/db/schema';
import { registerPayment } from '../../src/lib/server/invoicing/ledger';
import { invoiceBalance } from '../../src/lib/server/invoicing/queries';
import { latestAttempt, onlineOffer, startCheckout } from '../../src/lib/server/mollie/checkout';
import type { MollieConfig } from '../../src/lib/server/mollie/config';
import {
	applyView,
	handleWebhook,
	refreshPayment,
	refundPayment,
	sameMinute,
	syncCompany
} from '../../src/lib/server/mollie/sync';
import {
	ensurePayToken,
	findByPayToken,
	regeneratePayToken,
	findRevokedPayToken
} from '../../src/lib/server/payments/payLinks';
import { expectStoredAmountsExact } from '../helpers/amountDue';
import { createTestDb } from '../helpers/db';
import { recordingDb } from '../helpers/recordingDb';
import {
	makeCompany,
	makeCustomer,
	makeInvoice,
	makeOneLineInvoice
} from '../helpers/invoicing-fixtures';
import { connect, connectionRow, control, sandboxConfig, startSandbox } from '../helpers/mollie';

let sb: RunningSandbox;
let config: MollieConfig;

beforeAll(async () => {
	sb = await startSandbox({ port: 0, strict: true, webhookAllow: ['127.0.0.1'] });
	config = sandboxConfig(sb);
});
afterAll(() => sb.close());

const urls = {
	returnUrl: 'http://127.0.0.1:5173/pay/x?return=1',
	// Nobody listens here: these tests deliver webhooks themselves.
	webhookUrl: 'http://127.0.0.1:9/api/webhooks/mollie'
};

/** A connected company (Dupont, test mode) with the shop profile on its journal, and a €121 invoice. */
async function setup(db: Db, opts: { profile?: boolean } = {}) {
	const { company, journal } = await makeCompany(db);
	await connect(db, config, sb, { companyId: company.id, sessionId: 's' }, 'org_dupont0001');
	// Connecting picks a default profile for the journal; be explicit either way.
	await db
		.update(journals)
		.set({ mollieProfileId: opts.profile === false ? null : 'pfl_dupontshop1' })
		.where(eq(journals.id, journal.id));
	const customer = await makeCustomer(db, company.id);
	const invoice = await makeOneLineInvoice(db, { company, journal, customer });
	return { companyId: company.id, journalId: journal.id, invoiceId: invoice.id, customer };
}

async function checkout(db: Db, companyId: string, invoiceId: string) {
	const r = await startCheckout(db, config, companyId, invoiceId, 'nl', urls);
	if (!r.ok) throw new Error(`checkout failed: ${r.reason}`);
	return { url: r.checkoutUrl, id: r.checkoutUrl.split('/').pop()! };
}

const setStatus = (id: string, status: string) =>
	control(sb, 'POST', `/payments/${id}/status`, { status });

const ledgerRows = (db: Db, molliePaymentId: string) =>
	db.select().from(payments).where(eq(payments.molliePaymentId, molliePaymentId));

describe('pay links', () => {
	it('one unguessable token per finalized invoice, found by hash, replaced on regenerate', async () => {
		const { db } = await createTestDb();
		const { companyId, invoiceId, customer, journalId } = await setup(db);
		const token = await ensurePayToken(db, config, companyId, invoiceId);
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		// Same token on every later call, even concurrent ones.
		const again = await Promise.all(
			[1, 2, 3].map(() => ensurePayToken(db, config, companyId, invoiceId))
		);
		expect(new Set(again)).toEqual(new Set([token]));
		expect(await findByPayToken(db, token!)).toEqual({ companyId, invoiceId });
		expect(await findByPayToken(db, 'a'.repeat(32))).toBeNull();
		expect(await findByPayToken(db, invoiceId)).toBeNull();

		const fresh = await regeneratePayToken(db, config, companyId, invoiceId);
		expect(fresh).not.toBe(token);
		expect(await findByPayToken(db, token!)).toBeNull();
		expect(await findByPayToken(db, fresh!)).toEqual({ companyId, invoiceId });
		// The replaced link still says whose it was (for the customer's "ask them" page); the
		// current one and unknown ones are not revoked.
		const revoked = await findRevokedPayToken(db, token!);
		expect(revoked?.invoiceId).toBe(invoiceId);
		expect(revoked?.contact.name).toBeTruthy();
		expect(await findRevokedPayToken(db, fresh!)).toBeNull();
		expect(await findRevokedPayToken(db, 'a'.repeat(32))).toBeNull();

		// Drafts have none; another company's id behaves as unknown.
		const draft = await makeInvoice(db, {
			companyId,
			journalId,
			customer,
			state: 'draft',
			lines: [{ quantityMilli: 1000, unitPriceMilli: 1000, vat: '21' }]
		});
		expect(await ensurePayToken(db, config, companyId, draft.id)).toBeNull();
		expect(await ensurePayToken(db, config, 'other-company', invoiceId)).toBeNull();
		expect(await regeneratePayToken(db, config, 'other-company', invoiceId)).toBeNull();
	});
});

describe('checkout', () => {
	let db: Db;
	beforeEach(async () => {
		({ db } = await createTestDb());
	});
	// Every booking, refund and chargeback keeps the invoice's stored amount due exact.
	afterEach(async () => {
		await expectStoredAmountsExact(db);
	});

	it('creates a Mollie payment for the amount due, with profile, locale, metadata and webhook', async () => {
		const { companyId, invoiceId } = await setup(db);
		// A partial bank payment first: Mollie is asked for the remainder only.
		await registerPayment(db, companyId, invoiceId, {
			date: '2026-03-05',
			amountCents: 2100,
			method: 'bank_transfer'
		});
		const { id } = await checkout(db, companyId, invoiceId);
		const remote = sb.store.state.payments[id]!;
		expect(remote.amount).toEqual({ currency: 'EUR', minor: 10_000 });
		expect(remote.profileId).toBe('pfl_dupontshop1');
		expect(remote.mode).toBe('test');
		expect(remote.locale).toBe('nl_BE');
		expect(remote.webhookUrl).toBe(urls.webhookUrl);
		expect(remote.redirectUrl).toBe(urls.returnUrl);
		expect(remote.metadata).toMatchObject({ invoiceId });
		expect(remote.description).toContain('Atelier Dupont SRL');
		const [row] = await db.select().from(molliePayments).where(eq(molliePayments.id, id));
		expect(row).toMatchObject({ companyId, invoiceId, status: 'open', amountCents: 10_000 });
	});

	it('reuses the open payment: two presses, or five at once, make one payment', async () => {
		const { companyId, invoiceId } = await setup(db);
		const first = await checkout(db, companyId, invoiceId);
		expect((await checkout(db, companyId, invoiceId)).url).toBe(first.url);

		const other = await setup(db);
		const results = await Promise.all(
			[1, 2, 3, 4, 5].map(() => checkout(db, other.companyId, other.invoiceId))
		);
		expect(new Set(results.map((r) => r.url)).size).toBe(1);
		const rows = await db
			.select()
			.from(molliePayments)
			.where(eq(molliePayments.invoiceId, other.invoiceId));
		expect(rows).toHaveLength(1);
	});

	it('never reuses a checkout where the customer already chose bank transfer', async () => {
		const { companyId, invoiceId } = await setup(db);
		const first = await checkout(db, companyId, invoiceId);
		// The customer picks bank transfer at Mollie's checkout: still "open", and no webhook.
		const res = await fetch(`${sb.url}/checkout/${first.id}/method`, {
			method: 'POST',
			body: new URLSearchParams({ method: 'banktransfer' }),
			redirect: 'manual'
		});
		expect(res.status).toBe(303);
		expect(sb.store.state.payments[first.id]).toMatchObject({
			status: 'open',
			method: 'banktransfer'
		});
		// Another tab presses Pay: a fresh checkout where every method can be chosen.
		const second = await checkout(db, companyId, invoiceId);
		expect(second.id).not.toBe(first.id);
		expect(sb.store.state.payments[second.id]!.method).toBeNull();
		const [row] = await db.select().from(molliePayments).where(eq(molliePayments.id, first.id));
		expect(row!.method).toBe('banktransfer');
	});

	it('never reuses a failed, canceled or expired payment', async () => {
		const { companyId, invoiceId } = await setup(db);
		const first = await checkout(db, companyId, invoiceId);
		await setStatus(first.id, 'failed');
		await handleWebhook(db, config, first.id);
		const second = await checkout(db, companyId, invoiceId);
		expect(second.id).not.toBe(first.id);
		await control(sb, 'POST', `/payments/${second.id}/expire`);
		await handleWebhook(db, config, second.id);
		const third = await checkout(db, companyId, invoiceId);
		expect(third.id).not.toBe(second.id);
	});

	it('Mollie down: a clear reason and nothing stored', async () => {
		const { companyId, invoiceId } = await setup(db);
		// Down for the first try and its one quick retry.
		await control(sb, 'POST', '/fail-next', { count: 2, status: 503, pathPrefix: '/v2/payments' });
		const r = await startCheckout(db, config, companyId, invoiceId, 'fr', urls);
		expect(r).toEqual({ ok: false, reason: 'unavailable' });
		expect(await db.select().from(molliePayments)).toHaveLength(0);
		// The lock is released: the retry works.
		expect((await startCheckout(db, config, companyId, invoiceId, 'fr', urls)).ok).toBe(true);
	});

	it('no Pay button without a profile, with nothing due, or when the owner must reconnect', async () => {
		const noProfile = await setup(db, { profile: false });
		expect(await onlineOffer(db, config, noProfile.companyId, noProfile.invoiceId, 'en')).toEqual({
			ok: false,
			reason: 'no_profile'
		});
		const paid = await setup(db);
		await registerPayment(db, paid.companyId, paid.invoiceId, {
			date: '2026-03-05',
			amountCents: 12_100,
			method: 'cash'
		});
		expect((await onlineOffer(db, config, paid.companyId, paid.invoiceId, 'en')).ok).toBe(false);
		const ok = await setup(db);
		const offer = await onlineOffer(db, config, ok.companyId, ok.invoiceId, 'en');
		expect(offer.ok && offer.methods.map((m) => m.id)).toContain('bancontact');
		await control(sb, 'POST', '/organizations/org_dupont0001/revoke', {});
		// Revoked: the method list is cached a minute, so the Pay press finds out — the access
		// token is refused, the refresh too → reconnect — and from then on no Pay button.
		expect(await startCheckout(db, config, ok.companyId, ok.invoiceId, 'en', urls)).toEqual({
			ok: false,
			reason: 'reconnect'
		});
		expect(await onlineOffer(db, config, ok.companyId, ok.invoiceId, 'en')).toEqual({
			ok: false,
			reason: 'reconnect'
		});
		expect((await connectionRow(db, ok.companyId))?.status).toBe('reconnect_needed');
	});
});

describe('webhook', () => {
	let db: Db;
	beforeEach(async () => {
		({ db } = await createTestDb());
	});
	// Every booking, refund and chargeback keeps the invoice's stored amount due exact.
	afterEach(async () => {
		await expectStoredAmountsExact(db);
	});

	it('20 parallel identical deliveries book the payment exactly once', async () => {
		const { companyId, invoiceId } = await setup(db);
		const { id } = await checkout(db, companyId, invoiceId);
		await setStatus(id, 'paid');
		const outcomes = await Promise.all(
			Array.from({ length: 20 }, () => handleWebhook(db, config, id))
		);
		expect(outcomes.every((o) => o === 'applied')).toBe(true);
		const rows = await ledgerRows(db, id);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			amountCents: 12_100,
			method: 'mollie',
			externalKey: `payment:${id}`
		});
		const balance = await invoiceBalance(db, companyId, invoiceId);
		expect(balance).toMatchObject({ balanceCents: 0, status: 'paid' });
		expect((await connectionRow(db, companyId))?.lastWebhookAt).toBeInstanceOf(Date);
	});

	it('a delivery costs one Mollie call and two database round trips, refunds and chargebacks included', async () => {
		const created = await createTestDb();
		const rec = recordingDb(created.client);
		const { companyId, invoiceId } = await setup(created.db);
		const { id } = await checkout(created.db, companyId, invoiceId);
		await setStatus(id, 'paid');
		await handleWebhook(created.db, config, id);
		expect((await refundPayment(created.db, config, companyId, id, 2_100, 'Part')).ok).toBe(true);
		const refund = Object.values(sb.store.state.refunds).find((r) => r.paymentId === id)!;
		await control(sb, 'POST', `/refunds/${refund.id}/status`, { status: 'refunded' });
		await control(sb, 'POST', `/payments/${id}/chargebacks`, {
			amount: { currency: 'EUR', value: '5.00' }
		});

		const fetched: string[] = [];
		const realFetch = globalThis.fetch;
		const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
			const url = input instanceof Request ? input.url : String(input);
			if (url.startsWith(sb.url)) fetched.push(url);
			return realFetch(input, init);
		});
		rec.reset();
		try {
			expect(await handleWebhook(rec.db, config, id)).toBe('applied');
		} finally {
			spy.mockRestore();
		}
		expect(fetched).toHaveLength(1);
		expect(new URL(fetched[0]!).searchParams.get('embed')).toBe('refunds,chargebacks');
		// One batch of reads (payment, connection, booked entries), one batch of writes.
		expect(rec.state.roundTrips).toBe(2);
		const rows = await ledgerRows(created.db, id);
		expect(rows.map((r) => r.amountCents).sort((a, b) => a - b)).toEqual([-2_100, -500, 12_100]);
		const [payment] = await created.db
			.select()
			.from(molliePayments)
			.where(eq(molliePayments.id, id));
		expect(payment).toMatchObject({ refundedCents: 2_100, chargedBackCents: 500 });

		// The same delivery again books nothing more, still in one Mollie call.
		expect(await handleWebhook(created.db, config, id)).toBe('applied');
		expect(await ledgerRows(created.db, id)).toHaveLength(3);
	});

	it("the connection's last delivery is written once a minute, as Apps shows it", async () => {
		const { companyId, invoiceId } = await setup(db);
		const { id } = await checkout(db, companyId, invoiceId);
		await setStatus(id, 'paid');
		const setSeen = (at: Date) =>
			db
				.update(mollieConnections)
				.set({ lastWebhookAt: at })
				.where(eq(mollieConnections.companyId, companyId));
		// Last heard two minutes ago: this delivery's time is written, with its payment.
		await setSeen(new Date(Date.now() - 120_000));
		const before = Date.now();
		expect(await handleWebhook(db, config, id)).toBe('applied');
		const written = (await connectionRow(db, companyId))?.lastWebhookAt?.getTime() ?? 0;
		expect(written).toBeGreaterThanOrEqual(before);
		expect(written).toBeLessThanOrEqual(Date.now());
		expect(await ledgerRows(db, id)).toHaveLength(1);

		// Heard earlier in this same minute: nothing to change on screen, so nothing written. Not
		// started in a minute's last second, so the delivery stays inside the minute.
		const intoMinute = Date.now() % 60_000;
		if (intoMinute > 59_000) await new Promise((r) => setTimeout(r, 60_100 - intoMinute));
		const earlier = new Date(Math.floor(Date.now() / 60_000) * 60_000);
		await setSeen(earlier);
		expect(await handleWebhook(db, config, id)).toBe('applied');
		expect((await connectionRow(db, companyId))?.lastWebhookAt).toEqual(earlier);
	});

	it('sameMinute compares clock minutes', () => {
		const at = (iso: string) => new Date(iso);
		expect(sameMinute(at('2026-12-07T10:15:00.000Z'), at('2026-12-07T10:15:59.999Z'))).toBe(true);
		expect(sameMinute(at('2026-12-07T10:15:59.999Z'), at('2026-12-07T10:16:00.000Z'))).toBe(false);
		expect(sameMinute(at('2026-12-07T10:15:30.000Z'), at('2026-12-07T11:15:30.000Z'))).toBe(false);
		expect(sameMinute(null, at('2026-12-07T10:15:30.000Z'))).toBe(false);
	});

	it('unknown or malformed ids change nothing', async () => {
		const { companyId, invoiceId } = await setup(db);
		const { id } = await checkout(db, companyId, invoiceId);
		await setStatus(id, 'paid');
		expect(await handleWebhook(db, config, 'tr_unknown12345')).toBe('unknown');
		expect(await handleWebhook(db, config, "tr_x' or 1=1")).toBe('unknown');
		expect(await handleWebhook(db, config, '')).toBe('unknown');
		expect(await ledgerRows(db, id)).toHaveLength(0);
		expect((await connectionRow(db, companyId))?.lastWebhookAt).toBeNull();
	});

	it('Mollie unreachable → retry (non-200), and the next delivery applies it', async () => {
		const { companyId, invoiceId } = await setup(db);
		const { id } = await checkout(db, companyId, invoiceId);
		await setStatus(id, 'paid');
		await control(sb, 'POST', '/fail-next', { count: 2, status: 503, pathPrefix: '/v2/payments' });
		expect(await handleWebhook(db, config, id)).toBe('retry');
		expect(await ledgerRows(db, id)).toHaveLength(0);
		expect(await handleWebhook(db, config, id)).toBe('applied');
		expect(await ledgerRows(db, id)).toHaveLength(1);
	});

	it('an older view arriving late never moves a paid payment back', async () => {
		const { companyId, invoiceId } = await setup(db);
		const { id } = await checkout(db, companyId, invoiceId);
		const [open] = await db.select().from(molliePayments).where(eq(molliePayments.id, id));
		await setStatus(id, 'paid');
		await handleWebhook(db, config, id);
		await applyView(db, companyId, invoiceId, {
			id,
			status: 'open',
			amountCents: open!.amountCents,
			currency: 'EUR',
			paidAt: null,
			method: null,
			mode: 'test',
			profileId: open!.profileId,
			createdAt: open!.createdAt.toISOString(),
			expiresAt: null,
			checkoutUrl: null,
			invoiceId,
			transfer: null,
			refunds: [],
			chargebacks: []
		});
		const [row] = await db.select().from(molliePayments).where(eq(molliePayments.id, id));
		expect(row?.status).toBe('paid');
		expect(await ledgerRows(db, id)).toHaveLength(1);
	});

	it("a webhook's older view never moves a paid payment back either", async () => {
		const { companyId, invoiceId } = await setup(db);
		const { id } = await checkout(db, companyId, invoiceId);
		// Acquit already knows the payment is paid (another delivery got there first) while this
		// delivery's fetch still sees it open: the webhook updates the known row, never backwards.
		await db.update(molliePayments).set({ status: 'paid' }).where(eq(molliePayments.id, id));
		expect(await handleWebhook(db, config, id)).toBe('applied');
		const [row] = await db.select().from(molliePayments).where(eq(molliePayments.id, id));
		expect(row?.status).toBe('paid');
		// And a newer view is applied: the sandbox says paid now, with its date.
		await setStatus(id, 'paid');
		expect(await handleWebhook(db, config, id)).toBe('applied');
		const [paid] = await db.select().from(molliePayments).where(eq(molliePayments.id, id));
		expect(paid?.paidAt).toBeInstanceOf(Date);
		expect(await ledgerRows(db, id)).toHaveLength(1);
	});

	it('a second paid payment on a paid invoice is kept and shows as overpaid', async () => {
		const { companyId, invoiceId } = await setup(db);
		const a = await checkout(db, companyId, invoiceId);
		// Tab two pays through another payment (created before the first one was paid).
		await db
			.update(molliePayments)
			.set({ expiresAt: new Date(0) })
			.where(eq(molliePayments.id, a.id));
		const b = await checkout(db, companyId, invoiceId);
		expect(b.id).not.toBe(a.id);
		await setStatus(a.id, 'paid');
		await setStatus(b.id, 'paid');
		await Promise.all([handleWebhook(db, config, a.id), handleWebhook(db, config, b.id)]);
		const balance = await invoiceBalance(db, companyId, invoiceId);
		expect(balance).toMatchObject({ balanceCents: -12_100, status: 'overpaid', paidCents: 24_200 });
		// One-click refund of the overpaid amount from the second payment: pending until refunded.
		expect(await refundPayment(db, config, companyId, b.id, 12_100, 'Overpayment')).toMatchObject({
			ok: true
		});
		expect(await invoiceBalance(db, companyId, invoiceId)).toMatchObject({ status: 'overpaid' });
		const refundId = Object.values(sb.store.state.refunds).find((r) => r.paymentId === b.id)!.id;
		await control(sb, 'POST', `/refunds/${refundId}/status`, { status: 'refunded' });
		await handleWebhook(db, config, b.id);
		expect(await invoiceBalance(db, companyId, invoiceId)).toMatchObject({
			balanceCents: 0,
			status: 'paid'
		});
	});
});

describe('refunds and chargebacks', () => {
	let db: Db;
	beforeEach(async () => {
		({ db } = await createTestDb());
	});
	// Every booking, refund and chargeback keeps the invoice's stored amount due exact.
	afterEach(async () => {
		await expectStoredAmountsExact(db);
	});

	async function paidInvoice() {
		const s = await setup(db);
		const { id } = await checkout(db, s.companyId, s.invoiceId);
		await setStatus(id, 'paid');
		await handleWebhook(db, config, id);
		return { ...s, id };
	}

	it('a refund is pending until Mollie says refunded; then the amount is open again', async () => {
		const { companyId, invoiceId, id } = await paidInvoice();
		expect(await refundPayment(db, config, companyId, id, 0, 'x')).toEqual({
			ok: false,
			error: 'amount_positive'
		});
		expect(await refundPayment(db, config, companyId, id, 12_101, 'x')).toEqual({
			ok: false,
			error: 'too_much'
		});
		expect(await refundPayment(db, config, 'other-company', id, 100, 'x')).toEqual({
			ok: false,
			error: 'not_found'
		});
		expect((await refundPayment(db, config, companyId, id, 6_050, 'Half')).ok).toBe(true);
		let [row] = await db.select().from(molliePayments).where(eq(molliePayments.id, id));
		expect(row).toMatchObject({ pendingRefundCents: 6_050, refundedCents: 0 });
		expect(await invoiceBalance(db, companyId, invoiceId)).toMatchObject({ balanceCents: 0 });
		// The pending half can't be refunded a second time.
		expect(await refundPayment(db, config, companyId, id, 6_051, 'x')).toEqual({
			ok: false,
			error: 'too_much'
		});

		const refundId = Object.values(sb.store.state.refunds).find((r) => r.paymentId === id)!.id;
		await control(sb, 'POST', `/refunds/${refundId}/status`, { status: 'refunded' });
		await Promise.all([handleWebhook(db, config, id), handleWebhook(db, config, id)]);
		[row] = await db.select().from(molliePayments).where(eq(molliePayments.id, id));
		expect(row).toMatchObject({ pendingRefundCents: 0, refundedCents: 6_050 });
		expect(await invoiceBalance(db, companyId, invoiceId)).toMatchObject({
			balanceCents: 6_050,
			status: 'partially_paid'
		});
		expect(await ledgerRows(db, id)).toHaveLength(2);
	});

	it('a chargeback reopens the amount due; its reversal closes it again', async () => {
		const { companyId, invoiceId, id } = await paidInvoice();
		const chb = await control<{ id: string }>(sb, 'POST', `/payments/${id}/chargebacks`, {});
		await handleWebhook(db, config, id);
		expect(await invoiceBalance(db, companyId, invoiceId)).toMatchObject({ balanceCents: 12_100 });
		const [row] = await db.select().from(molliePayments).where(eq(molliePayments.id, id));
		expect(row?.chargedBackCents).toBe(12_100);
		await control(sb, 'POST', `/chargebacks/${chb.id}/reverse`);
		await handleWebhook(db, config, id);
		expect(await invoiceBalance(db, companyId, invoiceId)).toMatchObject({
			balanceCents: 0,
			status: 'paid'
		});
	});
});

describe('return page and sync', () => {
	let db: Db;
	beforeEach(async () => {
		({ db } = await createTestDb());
	});
	// Every booking, refund and chargeback keeps the invoice's stored amount due exact.
	afterEach(async () => {
		await expectStoredAmountsExact(db);
	});

	it('webhook lost: the return page asks Mollie and books the payment itself', async () => {
		const { companyId, invoiceId } = await setup(db);
		const { id } = await checkout(db, companyId, invoiceId);
		await setStatus(id, 'paid');
		// Make our copy "stale" (older than the return page's 2 s freshness window).
		await db
			.update(molliePayments)
			.set({ updatedAt: new Date(Date.now() - 10_000) })
			.where(eq(molliePayments.id, id));
		const attempt = await latestAttempt(db, config, companyId, invoiceId);
		expect(attempt?.status).toBe('paid');
		expect(await invoiceBalance(db, companyId, invoiceId)).toMatchObject({ status: 'paid' });
		// And "Check status now" after that is a no-op for the books.
		await refreshPayment(db, config, companyId, id);
		expect(await ledgerRows(db, id)).toHaveLength(1);
	});

	it('Sync with Mollie imports payments Acquit never stored, for its own invoices only', async () => {
		const { companyId, invoiceId } = await setup(db);
		const { id } = await checkout(db, companyId, invoiceId);
		await setStatus(id, 'paid');
		// Forget it locally, as if the app had lost it.
		await db.delete(molliePayments).where(eq(molliePayments.id, id));
		const { seen } = await syncCompany(db, config, companyId);
		expect(seen).toBeGreaterThanOrEqual(1);
		expect(await ledgerRows(db, id)).toHaveLength(1);
		const [row] = await db
			.select()
			.from(molliePayments)
			.where(and(eq(molliePayments.id, id), eq(molliePayments.companyId, companyId)));
		expect(row?.status).toBe('paid');
		// A second company on the same Mollie organisation imports none of the first one's.
		const other = await setup(db);
		await syncCompany(db, config, other.companyId);
		expect(
			await db.select().from(molliePayments).where(eq(molliePayments.companyId, other.companyId))
		).toHaveLength(0);
	});
});
