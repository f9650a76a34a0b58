import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import {
	expectedEntries,
	FINAL_PAYMENT_STATUSES,
	isFinal,
	pendingRefundCents
} from '$lib/domain/paymentSync';
import type { Db } from '../db';
import {
	invoices,
	journals,
	mollieConnections,
	molliePayments,
	payments,
	type MolliePayment
} from '../db/schema';
import { todayInBrussels } from '../invoicing/common';
import { entryWrites } from '../invoicing/externalEntries';
import { withMollie } from './client';
import { err, ok, type Failure } from '$lib/result';
import type { MollieConfig } from './config';
import {
	MollieApiError,
	MollieNotConnected,
	MollieReconnectNeeded,
	MollieUnavailable,
	logMollieError,
	toMollieError
} from './errors';
import { createRefund, getPayment, listPayments, type MolliePaymentView } from './payments';

/**
 * One state machine for every way Acquit learns about a Mollie payment — the webhook, the
 * customer's return, "Check status now" and "Sync with Mollie" all end in `applyView` with a
 * view freshly fetched from Mollie (a webhook body is never trusted). Applying the same view
 * twice, or two views concurrently, books nothing twice (see reconcileEntries).
 */

const brusselsDay = (iso: string) => todayInBrussels(new Date(iso));

/** Records Mollie's view of a payment of `invoiceId` and books what it means. */
export async function applyView(
	db: Db,
	companyId: string,
	invoiceId: string,
	v: MolliePaymentView
) {
	const booked = await db
		.select({ key: payments.externalKey })
		.from(payments)
		.where(and(eq(payments.companyId, companyId), eq(payments.molliePaymentId, v.id)));
	const [first, ...rest] = viewWrites(db, companyId, invoiceId, v, booked);
	await db.batch([first, ...rest]);
}

/**
 * `applyView` as statements for one batch (one round trip, one transaction), given the ledger
 * keys already booked for the payment: the payment's row (upserted) and the ledger entries its
 * state means (keyed inserts, so a concurrent delivery books nothing twice).
 */
function viewWrites(
	db: Db,
	companyId: string,
	invoiceId: string,
	v: MolliePaymentView,
	booked: { key: string | null }[],
	/** The payment's row exists (the webhook just read it): an update, cheaper to prepare. */
	known = false
): [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] {
	const now = new Date();
	const state = {
		status: v.status,
		method: v.method,
		checkoutUrl: v.checkoutUrl,
		expiresAt: v.expiresAt ? new Date(v.expiresAt) : null,
		paidAt: v.paidAt ? new Date(v.paidAt) : null,
		refundedCents: v.refunds
			.filter((r) => r.status === 'refunded')
			.reduce((s, r) => s + r.amountCents, 0),
		pendingRefundCents: pendingRefundCents(v),
		chargedBackCents: v.chargebacks
			.filter((c) => !c.reversedAt)
			.reduce((s, c) => s + c.amountCents, 0),
		transferDetails: v.transfer,
		updatedAt: now
	};
	// A slower, older view must not move a finished payment back to open/pending.
	const notBackwards = isFinal(v.status)
		? eq(molliePayments.companyId, companyId)
		: and(
				eq(molliePayments.companyId, companyId),
				notInArray(molliePayments.status, [...FINAL_PAYMENT_STATUSES])
			);
	const upsert = known
		? db
				.update(molliePayments)
				.set(state)
				.where(and(eq(molliePayments.id, v.id), notBackwards))
		: db
				.insert(molliePayments)
				.values({
					id: v.id,
					companyId,
					invoiceId,
					mode: v.mode,
					profileId: v.profileId,
					amountCents: v.amountCents,
					currency: v.currency,
					createdAt: new Date(v.createdAt),
					...state
				})
				.onConflictDoUpdate({
					target: molliePayments.id,
					set: state,
					setWhere: notBackwards
				});
	const dated = {
		...v,
		paidAt: v.paidAt ? brusselsDay(v.paidAt) : null,
		refunds: v.refunds.map((r) => ({ ...r, createdAt: brusselsDay(r.createdAt) })),
		chargebacks: v.chargebacks.map((c) => ({ ...c, createdAt: brusselsDay(c.createdAt) }))
	};
	const entries = entryWrites(
		db,
		{ companyId, invoiceId, molliePaymentId: v.id, label: v.method ?? 'mollie' },
		booked,
		expectedEntries(dated)
	);
	return [upsert, ...entries];
}

export async function findMolliePayment(db: Db, companyId: string, id: string) {
	const [row] = await db
		.select()
		.from(molliePayments)
		.where(and(eq(molliePayments.id, id), eq(molliePayments.companyId, companyId)));
	return row ?? null;
}

/** Fetches one known payment from Mollie (in the payment's own mode) and applies it. */
export async function refreshPayment(db: Db, config: MollieConfig, companyId: string, id: string) {
	const row = await findMolliePayment(db, companyId, id);
	if (!row) return null;
	const fresh = await withMollie(
		db,
		companyId,
		config,
		({ client }) => getPayment(client, id),
		row.mode
	).catch((err: unknown) => {
		throw toMollieError(err);
	});
	await applyView(db, companyId, row.invoiceId, fresh);
	return findMolliePayment(db, companyId, id);
}

/** How long a page trusts a payment that isn't final before asking Mollie again. */
const STALE_MS = 2_000;

/**
 * A payment as a page shows it live (the pay page, the waiting screen): when it isn't final and
 * Acquit hasn't heard from Mollie for a moment (or `force`: the customer just came back from
 * checkout), Mollie is asked first, through the webhook's own path. Mollie unreachable: the row
 * as known; the webhook or the next look catches up.
 */
export async function freshPayment(
	db: Db,
	config: MollieConfig | null,
	companyId: string,
	row: MolliePayment,
	opts: { force?: boolean; page: string }
): Promise<MolliePayment> {
	if (!config || isFinal(row.status)) return row;
	if (!opts.force && Date.now() - row.updatedAt.getTime() < STALE_MS) return row;
	try {
		return (await refreshPayment(db, config, companyId, row.id)) ?? row;
	} catch (err) {
		logMollieError(`refresh on ${opts.page}`, err);
		return row;
	}
}

/**
 * A delivery's one read: the payment, its company's Mollie connection and the ledger keys already
 * booked for it, in one statement (a batch of three reads is one round trip too, but the
 * transaction around them costs more than the reads here; one statement is one snapshot anyway).
 * Prepared once per database: every delivery runs it, and building it is most of its cost.
 */
const webhookReads = new WeakMap<Db, ReturnType<typeof prepareWebhookRead>>();
const webhookRead = (db: Db) => {
	let read = webhookReads.get(db);
	if (!read) webhookReads.set(db, (read = prepareWebhookRead(db)));
	return read;
};
const prepareWebhookRead = (db: Db) =>
	db
		.select({
			companyId: molliePayments.companyId,
			invoiceId: molliePayments.invoiceId,
			mode: molliePayments.mode,
			connection: mollieConnections,
			booked: sql<string>`(select json_group_array(${payments.externalKey}) from ${payments}
				where ${payments.molliePaymentId} = ${molliePayments.id}
				and ${payments.companyId} = ${molliePayments.companyId}
				and ${payments.externalKey} is not null)`
		})
		.from(molliePayments)
		.leftJoin(mollieConnections, eq(mollieConnections.companyId, molliePayments.companyId))
		.where(eq(molliePayments.id, sql.placeholder('id')))
		.prepare();

/** Both in the same minute of the clock (what `timeStyle: 'short'` shows). */
export const sameMinute = (a: Date | null | undefined, b: Date) =>
	!!a && Math.floor(a.getTime() / 60_000) === Math.floor(b.getTime() / 60_000);

export type WebhookOutcome = 'unknown' | 'applied' | 'retry';

const PAYMENT_ID = /^tr_[A-Za-z0-9]{1,64}$/;

/**
 * A classic webhook: the body only names a payment. Unknown ids change nothing and look the
 * same as known ones to the caller (200); when Mollie can't be asked, 'retry' makes the route
 * answer non-200 so Mollie tries again later.
 */
export async function handleWebhook(
	db: Db,
	config: MollieConfig,
	id: string
): Promise<WebhookOutcome> {
	if (!PAYMENT_ID.test(id)) return 'unknown';
	const [row] = await webhookRead(db).all({ id });
	if (!row) return 'unknown';
	// Apps → Mollie shows the last delivery to the minute: a burst of deliveries writes it once a
	// minute, not once each (a row and a page fewer in most deliveries' write).
	const now = new Date();
	const seen = row.connection?.lastWebhookAt;
	const delivered = sameMinute(seen, now)
		? null
		: db
				.update(mollieConnections)
				.set({ lastWebhookAt: now })
				.where(eq(mollieConnections.companyId, row.companyId));
	let view: MolliePaymentView;
	try {
		// One Mollie call: the payment with its refunds and chargebacks embedded.
		view = await withMollie(
			db,
			row.companyId,
			config,
			({ client }) => getPayment(client, id),
			row.mode,
			row.connection
		);
	} catch (err) {
		if (delivered) await delivered;
		const e = toMollieError(err);
		if (e instanceof MollieNotConnected) return 'unknown';
		if (e instanceof MollieUnavailable || e instanceof MollieReconnectNeeded) return 'retry';
		throw e;
	}
	// One write: the delivery's time, the payment's state and its ledger entries, together.
	const booked = (JSON.parse(row.booked) as string[]).map((key) => ({ key }));
	await db.batch([
		...viewWrites(db, row.companyId, row.invoiceId, view, booked, true),
		...(delivered ? [delivered] : [])
	]);
	return 'applied';
}

/**
 * "Sync with Mollie": walks the payments of every profile the company's journals use and
 * applies those that belong to one of its invoices (by `metadata.invoiceId`), including ones
 * Acquit never saw (created while a webhook couldn't reach it, or lost).
 */
export async function syncCompany(db: Db, config: MollieConfig, companyId: string, maxPages = 20) {
	const profiles = await db
		.selectDistinct({ id: journals.mollieProfileId })
		.from(journals)
		.where(eq(journals.companyId, companyId));
	const own = new Set(
		(
			await db
				.select({ id: invoices.id })
				.from(invoices)
				.where(and(eq(invoices.companyId, companyId), eq(invoices.kind, 'invoice')))
		).map((r) => r.id)
	);
	let seen = 0;
	await withMollie(db, companyId, config, async ({ client }) => {
		for (const { id: profileId } of profiles) {
			if (!profileId) continue;
			let pages = 0;
			for await (const page of listPayments(client, profileId)) {
				for (const p of page) {
					if (!p.invoiceId || !own.has(p.invoiceId)) continue;
					// The list has no refunds/chargebacks: read each paid one in full.
					const full =
						p.status === 'paid'
							? await getPayment(client, p.id)
							: { ...p, refunds: [], chargebacks: [] };
					await applyView(db, companyId, p.invoiceId, full);
					seen++;
				}
				if (++pages >= maxPages) break;
			}
		}
	}).catch((err: unknown) => {
		throw toMollieError(err);
	});
	return { seen };
}

/**
 * A refund asked of Mollie, or why not: no such payment of the company, not paid, an amount of
 * nothing or more than is left, Mollie out of reach, a duplicate, or Mollie's refusal with its
 * own explanation (for the owner, never for a customer).
 */
export type RefundResult =
	| { ok: true; value: { refundId: string } }
	| Failure<'not_found' | 'not_paid' | 'amount_positive' | 'too_much' | 'unavailable' | 'duplicate'>
	| Failure<'refused', { detail?: string }>;
export type RefundError = Exclude<RefundResult, { ok: true }>['error'];

/** What may still be refunded: paid, minus refunds (pending ones too) and chargebacks. */
export function refundableCents(p: {
	status: string;
	amountCents: number;
	refundedCents: number;
	pendingRefundCents: number;
	chargedBackCents: number;
}): number {
	if (p.status !== 'paid') return 0;
	return Math.max(0, p.amountCents - p.refundedCents - p.pendingRefundCents - p.chargedBackCents);
}

/**
 * Refunds (part of) a paid Mollie payment. The ledger only moves when Mollie reports the refund
 * as `refunded` (webhook or refresh); until then it shows as pending on the payment.
 */
export async function refundPayment(
	db: Db,
	config: MollieConfig,
	companyId: string,
	id: string,
	amountCents: number,
	description: string,
	/** From the refund form's nonce: a resubmitted (timed-out) refund is the same refund. */
	idempotencyKey?: string
): Promise<RefundResult> {
	const row = await findMolliePayment(db, companyId, id);
	if (!row) return err('not_found');
	if (row.status !== 'paid') return err('not_paid');
	if (!Number.isSafeInteger(amountCents) || amountCents <= 0) return err('amount_positive');
	if (amountCents > refundableCents(row)) return err('too_much');
	try {
		const refund = await withMollie(
			db,
			companyId,
			config,
			({ client }) =>
				createRefund(client, id, amountCents, row.currency, description, idempotencyKey),
			row.mode
		);
		await refreshPayment(db, config, companyId, id).catch(() => null);
		return ok({ refundId: refund.id });
	} catch (e) {
		const problem = logMollieError('create refund', e);
		if (problem instanceof MollieUnavailable || problem instanceof MollieReconnectNeeded) {
			return err('unavailable');
		}
		// Mollie refuses a second refund of the same amount on a payment within about an hour.
		if (problem instanceof MollieApiError && problem.status === 409) return err('duplicate');
		return {
			ok: false,
			error: 'refused',
			...(problem instanceof MollieApiError ? { detail: problem.detail } : {})
		};
	}
}
