import { and, asc, eq, gt, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import { OPEN_PAYMENT_STATUSES } from '$lib/domain/paymentSync';
import type { Db } from '../db';
import { mollieConnections, molliePayments } from '../db/schema';
import type { MollieConfig } from './config';
import { MollieNotConnected, MollieReconnectNeeded, logMollieError } from './errors';
import { refreshPayment } from './sync';

/**
 * The reconcile job. Mollie's classic webhooks don't tell everything: a refund canceled in the
 * dashboard (or still queued/pending) sends none, a chargeback's reversal sends none, and a
 * webhook can be lost. So on a schedule (Cloudflare Cron Trigger → `worker/index.js`; locally
 * `npm run reconcile`, and `npm run dev` on an interval) every connected company's payments
 * that can still change without a webhook are read again — through `refreshPayment`, the same
 * code path as the webhook — a bounded page per company per run, resuming where the last run
 * stopped. A lock per company keeps two overlapping runs from working on it at the same time.
 */

export interface ReconcileOptions {
	/** Payments re-read per company per run (Mollie calls are the cost). */
	pageSize?: number;
	/** Companies per run: the least recently reconciled first. */
	maxCompanies?: number;
	/** How long a run may hold a company before another run may take it over. */
	lockMs?: number;
	/** Chargebacks older than this are no longer watched for a reversal. */
	chargebackWindowMs?: number;
}

export interface CompanyReconcile {
	companyId: string;
	/** Another run holds this company right now. */
	skipped: boolean;
	checked: number;
	failed: number;
	/** More payments remain for the next run (the cursor moved on). */
	more: boolean;
}

const DAY = 24 * 60 * 60_000;
const DEFAULTS = {
	pageSize: 25,
	maxCompanies: 50,
	lockMs: 5 * 60_000,
	chargebackWindowMs: 180 * DAY
} satisfies Required<ReconcileOptions>;

/** Payments whose state can still change at Mollie without a classic webhook reaching us. */
function unsettled(now: number, chargebackWindowMs: number): SQL {
	return or(
		// Not final yet: a lost webhook would leave them here for ever.
		inArray(molliePayments.status, [...OPEN_PAYMENT_STATUSES]),
		// Refunds queued/pending/processing: canceled in the dashboard sends nothing.
		gt(molliePayments.pendingRefundCents, 0),
		// A chargeback's reversal sends nothing either.
		and(
			gt(molliePayments.chargedBackCents, 0),
			gt(molliePayments.createdAt, new Date(now - chargebackWindowMs))
		)
	)!;
}

/** One company's page: re-reads up to `pageSize` unsettled payments after its cursor. */
export async function reconcileCompany(
	db: Db,
	config: MollieConfig,
	companyId: string,
	options: ReconcileOptions = {}
): Promise<CompanyReconcile> {
	const o = { ...DEFAULTS, ...options };
	const now = Date.now();
	const [held] = await db
		.update(mollieConnections)
		.set({ reconcileLockUntil: new Date(now + o.lockMs) })
		.where(
			and(
				eq(mollieConnections.companyId, companyId),
				eq(mollieConnections.status, 'connected'),
				or(
					isNull(mollieConnections.reconcileLockUntil),
					lt(mollieConnections.reconcileLockUntil, new Date(now))
				)
			)
		)
		.returning({ cursor: mollieConnections.reconcileCursor });
	if (!held) return { companyId, skipped: true, checked: 0, failed: 0, more: false };

	let checked = 0;
	let failed = 0;
	let cursor = held.cursor;
	let stopped = false;
	try {
		const due = await db
			.select({ id: molliePayments.id })
			.from(molliePayments)
			.where(
				and(
					eq(molliePayments.companyId, companyId),
					cursor ? gt(molliePayments.id, cursor) : undefined,
					unsettled(now, o.chargebackWindowMs)
				)
			)
			.orderBy(asc(molliePayments.id))
			.limit(o.pageSize);
		for (const { id } of due) {
			try {
				await refreshPayment(db, config, companyId, id);
				checked++;
				cursor = id;
			} catch (err) {
				const e = logMollieError(`reconcile ${id}`, err);
				// Nothing more can be read for this company: stop here, resume here next run.
				if (e instanceof MollieReconnectNeeded || e instanceof MollieNotConnected) {
					stopped = true;
					break;
				}
				failed++;
				cursor = id;
			}
		}
		// A short page means the end: the next run starts from the beginning again.
		const more = stopped || due.length === o.pageSize;
		const nextCursor = stopped ? cursor : more ? cursor : null;
		await db
			.update(mollieConnections)
			.set({
				reconcileCursor: nextCursor,
				reconciledAt: new Date(),
				reconcileLockUntil: null
			})
			.where(eq(mollieConnections.companyId, companyId));
		return { companyId, skipped: false, checked, failed, more };
	} catch (err) {
		await db
			.update(mollieConnections)
			.set({ reconcileLockUntil: null })
			.where(eq(mollieConnections.companyId, companyId));
		throw err;
	}
}

/** Every connected company (least recently reconciled first), one page each; logged. */
export async function reconcileAll(
	db: Db,
	config: MollieConfig,
	options: ReconcileOptions = {}
): Promise<CompanyReconcile[]> {
	const o = { ...DEFAULTS, ...options };
	const started = Date.now();
	const companies = await db
		.select({ companyId: mollieConnections.companyId })
		.from(mollieConnections)
		.where(eq(mollieConnections.status, 'connected'))
		.orderBy(asc(mollieConnections.reconciledAt))
		.limit(o.maxCompanies);
	const results: CompanyReconcile[] = [];
	for (const { companyId } of companies) {
		try {
			results.push(await reconcileCompany(db, config, companyId, o));
		} catch (err) {
			console.error(`[mollie] reconcile ${companyId} failed:`, err);
		}
	}
	const sum = (k: 'checked' | 'failed') => results.reduce((s, r) => s + r[k], 0);
	console.info(
		`[mollie] reconcile: ${results.length} companies (${results.filter((r) => r.skipped).length} held by another run), ${sum('checked')} payments checked, ${sum('failed')} failed, ${Date.now() - started} ms`
	);
	return results;
}

/** When the job last checked this company (the Mollie payments page shows it). */
export async function lastReconciledAt(db: Db, companyId: string): Promise<Date | null> {
	const [row] = await db
		.select({ at: mollieConnections.reconciledAt })
		.from(mollieConnections)
		.where(eq(mollieConnections.companyId, companyId));
	return row?.at ?? null;
}
