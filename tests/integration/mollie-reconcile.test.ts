import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../sandbox/mollie/index.ts';
import type { Db } from '../../src/lib/server/db';
import {
	invoices,
	journals,
	mollieConnections,
	molliePayments
} from '../../src/lib/server/db/schema';
import { startCheckout } from '../../src/lib/server/mollie/checkout';
import type { MollieConfig } from '../../src/lib/server/mollie/config';
import {
	lastReconciledAt,
	reconcileAll,
	reconcileCompany
} from '../../src/lib/server/mollie/reconcile';
import { handleWebhook, refundPayment } from '../../src/lib/server/mollie/sync';
import { expectStoredAmountsExact } from '../helpers/amountDue';
import { createTestDb } from '../helpers/db';
import { makeCompany, makeCustomer, makeOneLineInvoice } from '../helpers/invoicing-fixtures';
import { connect, control, sandboxConfig, startSandbox } from '../helpers/mollie';

let sb: RunningSandbox;
let config: MollieConfig;

beforeAll(async () => {
	sb = await startSandbox({ port: 0, strict: true, webhookAllow: ['127.0.0.1'] });
	config = sandboxConfig(sb);
});
afterAll(() => sb.close());

const urls = {
	returnUrl: 'http://127.0.0.1:5173/pay/x?return=1',
	// Nobody listens: these tests decide which webhooks arrive (none, mostly).
	webhookUrl: 'http://127.0.0.1:9/api/webhooks/mollie'
};

/** A connected company with a paid €121 Mollie payment the webhook told us about. */
async function paidPayment(db: Db) {
	const { company, journal } = await makeCompany(db);
	await connect(db, config, sb, { companyId: company.id, sessionId: 's' }, 'org_dupont0001');
	await db
		.update(journals)
		.set({ mollieProfileId: 'pfl_dupontshop1' })
		.where(eq(journals.id, journal.id));
	const customer = await makeCustomer(db, company.id);
	const invoice = await makeOneLineInvoice(db, { company, journal, customer });
	const r = await startCheckout(db, config, company.id, invoice.id, 'fr', urls);
	if (!r.ok) throw new Error(r.reason);
	const id = r.checkoutUrl.split('/').pop()!;
	await control(sb, 'POST', `/payments/${id}/status`, { status: 'paid' });
	expect(await handleWebhook(db, config, id)).toBe('applied');
	return { companyId: company.id, id };
}

const row = async (db: Db, id: string) =>
	(await db.select().from(molliePayments).where(eq(molliePayments.id, id)))[0]!;

describe('reconcile job', () => {
	it('corrects a refund canceled at Mollie (no webhook) on the next run', async () => {
		const { db } = await createTestDb();
		const { companyId, id } = await paidPayment(db);
		expect((await refundPayment(db, config, companyId, id, 2_000, 'Part')).ok).toBe(true);
		expect(await row(db, id)).toMatchObject({ pendingRefundCents: 2_000 });
		const refundId = Object.values(sb.store.state.refunds).find((r) => r.paymentId === id)!.id;
		const before = sb.store.state.webhooks.length;
		await control(sb, 'POST', `/refunds/${refundId}/status`, { status: 'canceled' });
		expect(sb.store.state.webhooks.length).toBe(before); // Mollie sends nothing
		expect(await row(db, id)).toMatchObject({ pendingRefundCents: 2_000 });
		expect(await lastReconciledAt(db, companyId)).toBeNull();

		const [result] = (await reconcileAll(db, config)).filter((r) => r.companyId === companyId);
		expect(result).toMatchObject({ skipped: false, checked: 1, failed: 0, more: false });
		expect(await row(db, id)).toMatchObject({ pendingRefundCents: 0, refundedCents: 0 });
		expect(await lastReconciledAt(db, companyId)).toBeInstanceOf(Date);
		expect(await expectStoredAmountsExact(db)).toBe(1);
	});

	it('corrects a reversed chargeback (no webhook) on the next run', async () => {
		const { db } = await createTestDb();
		const { companyId, id } = await paidPayment(db);
		const cb = await control<{ id: string }>(sb, 'POST', `/payments/${id}/chargebacks`, {});
		expect(await handleWebhook(db, config, id)).toBe('applied'); // chargeback.received
		expect(await row(db, id)).toMatchObject({ chargedBackCents: 12_100 });
		const due = async () =>
			(await db.select().from(invoices).where(eq(invoices.companyId, companyId))).map(
				(i) => i.amountDueCents
			);
		expect(await due()).toEqual([12_100]);
		await control(sb, 'POST', `/chargebacks/${cb.id}/reverse`);
		expect(await row(db, id)).toMatchObject({ chargedBackCents: 12_100 });

		await reconcileCompany(db, config, companyId);
		expect(await row(db, id)).toMatchObject({ chargedBackCents: 0 });
		expect(await due()).toEqual([0]);
		expect(await expectStoredAmountsExact(db)).toBe(1);
	});

	it('bounded and resumable: a page per run, continuing where the last run stopped', async () => {
		const { db } = await createTestDb();
		const { companyId, id } = await paidPayment(db);
		// One unsettled payment here (a refund pending at Mollie), one in another company.
		expect((await refundPayment(db, config, companyId, id, 1_000, 'a')).ok).toBe(true);
		const other = await paidPayment(db);
		expect((await refundPayment(db, config, other.companyId, other.id, 1_000, 'b')).ok).toBe(true);
		// A full page: the cursor stays after it; the next run finds nothing further and wraps.
		const first = await reconcileCompany(db, config, companyId, { pageSize: 1 });
		expect(first).toMatchObject({ checked: 1, more: true });
		const second = await reconcileCompany(db, config, companyId, { pageSize: 1 });
		expect(second).toMatchObject({ checked: 0, more: false });
		const [conn] = await db
			.select()
			.from(mollieConnections)
			.where(eq(mollieConnections.companyId, companyId));
		expect(conn!.reconcileCursor).toBeNull();
		expect(conn!.reconcileLockUntil).toBeNull();
		// The other company's payment was not touched by this company's runs.
		expect(await row(db, other.id)).toMatchObject({ pendingRefundCents: 1_000 });
	});

	it('two overlapping runs never work on the same company', async () => {
		const { db } = await createTestDb();
		const { companyId, id } = await paidPayment(db);
		expect((await refundPayment(db, config, companyId, id, 1_000, 'a')).ok).toBe(true);
		const runs = await Promise.all([
			reconcileCompany(db, config, companyId),
			reconcileCompany(db, config, companyId)
		]);
		expect(runs.filter((r) => r.skipped)).toHaveLength(1);
		expect(runs.reduce((s, r) => s + r.checked, 0)).toBe(1);
	});
});
