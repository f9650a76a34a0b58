import { and, desc, eq, gt, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db';
import {
	companies,
	invoices,
	journals,
	mollieConnections,
	molliePayments,
	type MollieRefusal
} from '../db/schema';
import { randomId } from '../secrets/ids';
import { invoiceBalance } from '../invoicing/queries';
import { withMollie } from './client';
import { baseUrlMessage, baseUrlProblem, type MollieConfig } from './config';
import {
	MollieApiError,
	MollieInvalidResponse,
	MollieNotConnected,
	MollieReconnectNeeded,
	logMollieError
} from './errors';
import { createPayment, listMethods, type NewPayment, type PaymentMethodOffer } from './payments';
import { applyView, freshPayment, refreshPayment } from './sync';
import type { ConnectionSummary } from './connection';
import { mollieAccess } from './policy';

/**
 * The customer's side of online payment: may this invoice be paid online right now, and the
 * Mollie payment behind the Pay button. The amount always comes from the ledger, never from the
 * request.
 */

export type CustomerLocale = 'fr' | 'nl' | 'en';
const MOLLIE_LOCALE: Record<CustomerLocale, NewPayment['locale']> = {
	fr: 'fr_BE',
	nl: 'nl_BE',
	en: 'en_US'
};

export type Unpayable =
	| 'not_connected'
	| 'reconnect'
	| 'no_profile'
	| 'nothing_due'
	| 'no_methods'
	| 'unavailable'
	/** Mollie refused for a lasting reason (4xx, a response that failed validation): logged. */
	| 'refused'
	/** Live mode without a public https PUBLIC_BASE_URL: Mollie could not call the webhook. */
	| 'misconfigured';

/**
 * What the customer's page may say about a failure: never Mollie's words, always neutral. A
 * lasting refusal (4xx) is kept for the owner with Mollie's status, title, detail and field
 * (Apps & connections names it); a response the SDK could not validate is logged loudly (a bug
 * on our side, not the owner's) and is not "unavailable" either: retrying would not help.
 */
export async function failureReason(
	db: Db,
	companyId: string,
	invoiceId: string,
	err: unknown,
	operation: string
): Promise<Unpayable> {
	const e = logMollieError(operation, err);
	if (e instanceof MollieReconnectNeeded) return 'reconnect';
	if (e instanceof MollieNotConnected) return 'not_connected';
	if (e instanceof MollieApiError) {
		const refusal: MollieRefusal = {
			at: new Date().toISOString(),
			invoiceId,
			status: e.status,
			title: e.title,
			detail: e.detail,
			field: e.field
		};
		await db
			.update(mollieConnections)
			.set({ lastRefusal: refusal })
			.where(eq(mollieConnections.companyId, companyId));
		return 'refused';
	}
	if (e instanceof MollieInvalidResponse) return 'refused';
	return 'unavailable';
}

const METHODS_TTL_MS = 60_000;
const methodsCache = new Map<string, { at: number; methods: PaymentMethodOffer[] }>();

/**
 * Methods for a profile, amount and locale, kept a minute per isolate/process: a page view
 * doesn't always call Mollie, and activation changes show within a minute.
 */
async function cachedMethods(key: string, load: () => Promise<PaymentMethodOffer[]>) {
	const now = Date.now();
	const hit = methodsCache.get(key);
	if (hit && now - hit.at < METHODS_TTL_MS) return hit.methods;
	const methods = await load();
	if (methodsCache.size > 500) methodsCache.clear();
	methodsCache.set(key, { at: now, methods });
	return methods;
}

export type Offer =
	| {
			ok: true;
			profileId: string;
			dueCents: number;
			currency: string;
			methods: PaymentMethodOffer[];
	  }
	| { ok: false; reason: Unpayable };

async function context(db: Db, companyId: string, invoiceId: string) {
	const [row] = await db
		.select({
			profileId: journals.mollieProfileId,
			number: invoices.number,
			company: companies.name
		})
		.from(invoices)
		.innerJoin(journals, eq(journals.id, invoices.journalId))
		.innerJoin(companies, eq(companies.id, invoices.companyId))
		.where(and(eq(invoices.id, invoiceId), eq(invoices.companyId, companyId)));
	return row ?? null;
}

export type Payable =
	| {
			ok: true;
			connection: ConnectionSummary;
			profileId: string;
			dueCents: number;
			currency: string;
	  }
	| { ok: false; reason: Unpayable };

/**
 * Whether Acquit may ask Mollie for a payment of this invoice at all: connected (not waiting for
 * a reconnect), a webhook Mollie can reach in live mode, a profile on the invoice's journal and
 * something left to pay (from the ledger). Shared by the Pay button and collecting on the spot.
 */
export async function payableInvoice(
	db: Db,
	config: MollieConfig | null,
	companyId: string,
	invoiceId: string
): Promise<Payable> {
	const access = await mollieAccess(db, companyId, config !== null);
	if (!access.ok || !config) {
		return {
			ok: false,
			reason: !access.ok && access.reason === 'reconnect' ? 'reconnect' : 'not_connected'
		};
	}
	const { connection } = access;
	const problem = connection.mode === 'live' ? baseUrlProblem(config.publicBaseUrl) : null;
	if (problem) {
		console.error(`[mollie] ${baseUrlMessage(problem)}`);
		return { ok: false, reason: 'misconfigured' };
	}
	const ctx = await context(db, companyId, invoiceId);
	if (!ctx?.profileId) return { ok: false, reason: 'no_profile' };
	const balance = await invoiceBalance(db, companyId, invoiceId);
	if (!balance || balance.balanceCents <= 0) return { ok: false, reason: 'nothing_due' };
	return {
		ok: true,
		connection,
		profileId: ctx.profileId,
		dueCents: balance.balanceCents,
		currency: balance.currency
	};
}

/** Whether the Pay button shows, and with which methods (asked from Mollie for this amount). */
export async function onlineOffer(
	db: Db,
	config: MollieConfig | null,
	companyId: string,
	invoiceId: string,
	locale: CustomerLocale
): Promise<Offer> {
	const payable = await payableInvoice(db, config, companyId, invoiceId);
	if (!payable.ok) return payable;
	const { connection, dueCents } = payable;
	const ctx = { profileId: payable.profileId };
	const balance = { balanceCents: dueCents, currency: payable.currency };
	try {
		const key = [
			companyId,
			connection.mode,
			ctx.profileId,
			balance.balanceCents,
			balance.currency,
			locale
		].join('|');
		const methods = await cachedMethods(key, () =>
			withMollie(db, companyId, config!, ({ client }) =>
				listMethods(client, {
					profileId: ctx.profileId,
					amountCents: balance.balanceCents,
					currency: balance.currency,
					locale: MOLLIE_LOCALE[locale]
				})
			)
		);
		if (!methods.length) return { ok: false, reason: 'no_methods' };
		return {
			ok: true,
			profileId: ctx.profileId,
			dueCents: balance.balanceCents,
			currency: balance.currency,
			methods
		};
	} catch (err) {
		return {
			ok: false,
			reason: await failureReason(db, companyId, invoiceId, err, 'list methods')
		};
	}
}

const REUSE_MS = 30 * 60_000;
const LOCK_MS = 20_000;

/**
 * An open payment for exactly this amount, created recently, not about to expire, and where the
 * customer has not picked a method yet. A bank transfer someone started is also "open", but its
 * checkout only shows transfer instructions: pressing Pay again must offer card, Bancontact, …
 */
async function reusable(db: Db, companyId: string, invoiceId: string, dueCents: number) {
	const now = Date.now();
	const [row] = await db
		.select({ id: molliePayments.id, checkoutUrl: molliePayments.checkoutUrl })
		.from(molliePayments)
		.where(
			and(
				eq(molliePayments.companyId, companyId),
				eq(molliePayments.invoiceId, invoiceId),
				eq(molliePayments.status, 'open'),
				isNull(molliePayments.method),
				eq(molliePayments.amountCents, dueCents),
				gt(molliePayments.createdAt, new Date(now - REUSE_MS)),
				gt(molliePayments.expiresAt, new Date(now + 60_000))
			)
		)
		.orderBy(desc(molliePayments.createdAt))
		.limit(1);
	return row?.checkoutUrl ? { id: row.id, checkoutUrl: row.checkoutUrl } : null;
}

/**
 * Our copy may lag behind: choosing bank transfer at Mollie's checkout sends no webhook (the
 * payment stays open). So a candidate is asked about once more before the customer is sent to it.
 */
async function stillUntouched(db: Db, config: MollieConfig, companyId: string, id: string) {
	try {
		const fresh = await refreshPayment(db, config, companyId, id);
		return fresh?.status === 'open' && fresh.method === null;
	} catch {
		// Mollie unreachable: creating a payment would fail the same way; let that path say so.
		return false;
	}
}

export type CheckoutResult =
	{ ok: true; checkoutUrl: string } | { ok: false; reason: Unpayable | 'busy' };

export interface CheckoutUrls {
	/** Where Mollie sends the customer back (the pay page). */
	returnUrl: string;
	webhookUrl: string;
}

/**
 * Pay button: reuse the open checkout of a recent payment, or create a fresh Mollie payment for
 * the amount due. Two presses at once (two tabs) serialize on a per-invoice lock row, so the
 * second one finds the first one's payment instead of creating another. Nothing is stored
 * unless Mollie created the payment.
 */
export async function startCheckout(
	db: Db,
	config: MollieConfig,
	companyId: string,
	invoiceId: string,
	locale: CustomerLocale,
	urls: CheckoutUrls
): Promise<CheckoutResult> {
	const offer = await onlineOffer(db, config, companyId, invoiceId, locale);
	if (!offer.ok) return offer;
	const existing = await reusable(db, companyId, invoiceId, offer.dueCents);
	if (existing && (await stillUntouched(db, config, companyId, existing.id))) {
		return { ok: true, checkoutUrl: existing.checkoutUrl };
	}

	const created = await createInvoicePayment(db, config, companyId, invoiceId, {
		locale,
		urls,
		dueCents: offer.dueCents,
		currency: offer.currency,
		profileId: offer.profileId
	});
	if (!created.ok) {
		if (created.reason === 'busy') return waitForOther(db, companyId, invoiceId, offer.dueCents);
		return created;
	}
	if (!created.payment.checkoutUrl) return { ok: false, reason: 'unavailable' };
	return { ok: true, checkoutUrl: created.payment.checkoutUrl };
}

export interface InvoicePaymentRequest {
	locale: CustomerLocale;
	urls: CheckoutUrls;
	/** Computed by the caller from the ledger (payableInvoice), never taken from a request. */
	dueCents: number;
	currency: string;
	profileId: string;
	/** Collect on the spot: a terminal payment or a Bancontact QR (see NewPayment). */
	how?: Pick<NewPayment, 'method' | 'terminalId' | 'qrCode'>;
}

export type CreatedPayment =
	| { ok: true; payment: Awaited<ReturnType<typeof createPayment>> }
	| { ok: false; reason: Unpayable | 'busy' };

/**
 * Creates one Mollie payment for an invoice: the journal's profile, `testmode` from the
 * connection (the client), the webhook, the invoice in the metadata, one idempotency key for
 * the try and its retry. Two presses at once (two tabs) serialize on a per-invoice lock row:
 * the second gets 'busy'. Nothing is stored unless Mollie created the payment.
 */
export async function createInvoicePayment(
	db: Db,
	config: MollieConfig,
	companyId: string,
	invoiceId: string,
	req: InvoicePaymentRequest
): Promise<CreatedPayment> {
	const now = Date.now();
	const locked = await db
		.update(invoices)
		.set({ payLockUntil: new Date(now + LOCK_MS) })
		.where(
			and(
				eq(invoices.id, invoiceId),
				eq(invoices.companyId, companyId),
				or(isNull(invoices.payLockUntil), lt(invoices.payLockUntil, new Date(now)))
			)
		)
		.returning({ id: invoices.id });
	if (!locked.length) return { ok: false, reason: 'busy' };
	// One key for the try and its retry: Mollie answers a repeat with the first payment.
	const idempotencyKey = randomId();
	try {
		const ctx = (await context(db, companyId, invoiceId))!;
		const payment = await withMollie(db, companyId, config, ({ client }) =>
			createPayment(client, {
				amountCents: req.dueCents,
				currency: req.currency,
				description: `${ctx.number ?? ''} — ${ctx.company}`,
				redirectUrl: req.urls.returnUrl,
				webhookUrl: req.urls.webhookUrl,
				profileId: req.profileId,
				locale: MOLLIE_LOCALE[req.locale],
				metadata: { invoiceId, invoiceNumber: ctx.number ?? '' },
				idempotencyKey,
				...req.how
			})
		);
		await applyView(db, companyId, invoiceId, payment);
		// Mollie accepts payments again: the owner's warning about the last refusal goes.
		await db
			.update(mollieConnections)
			.set({ lastRefusal: null })
			.where(
				and(eq(mollieConnections.companyId, companyId), isNotNull(mollieConnections.lastRefusal))
			);
		return { ok: true, payment };
	} catch (err) {
		return {
			ok: false,
			reason: await failureReason(db, companyId, invoiceId, err, 'create payment')
		};
	} finally {
		await db
			.update(invoices)
			.set({ payLockUntil: null })
			.where(and(eq(invoices.id, invoiceId), eq(invoices.companyId, companyId)));
	}
}

async function waitForOther(
	db: Db,
	companyId: string,
	invoiceId: string,
	dueCents: number
): Promise<CheckoutResult> {
	const until = Date.now() + LOCK_MS;
	while (Date.now() < until) {
		await new Promise((r) => setTimeout(r, 150));
		// Created by the press holding the lock a moment ago: no need to ask Mollie again.
		const fresh = await reusable(db, companyId, invoiceId, dueCents);
		if (fresh) return { ok: true, checkoutUrl: fresh.checkoutUrl };
		const [row] = await db
			.select({ lock: invoices.payLockUntil })
			.from(invoices)
			.where(and(eq(invoices.id, invoiceId), eq(invoices.companyId, companyId)));
		if (!row?.lock || row.lock.getTime() < Date.now()) break;
	}
	return { ok: false, reason: 'busy' };
}

/**
 * The newest Mollie payment of the invoice. When it isn't final yet, Mollie is asked first
 * (through the same code path as the webhook): always when the customer has just come back from
 * checkout (`returning`: the webhook may not have arrived yet, or never will), otherwise when
 * Acquit hasn't heard from Mollie for a moment. So the page shows the truth on the first load.
 */
export async function latestAttempt(
	db: Db,
	config: MollieConfig | null,
	companyId: string,
	invoiceId: string,
	opts: { returning?: boolean } = {}
) {
	const [row] = await db
		.select()
		.from(molliePayments)
		.where(and(eq(molliePayments.invoiceId, invoiceId), eq(molliePayments.companyId, companyId)))
		.orderBy(desc(molliePayments.createdAt))
		.limit(1);
	return row
		? freshPayment(db, config, companyId, row, { force: opts.returning, page: 'the pay page' })
		: null;
}
