import { and, eq } from 'drizzle-orm';
import { BANCONTACT_QR, POINT_OF_SALE } from '$lib/domain/collectLimits';
import { isFinal } from '$lib/domain/paymentSync';
import type { Db } from '../db';
import { companies, invoices, journals, molliePayments, mollieQrCodes } from '../db/schema';
import { withMollie } from './client';
import {
	createInvoicePayment,
	failureReason,
	payableInvoice,
	type CheckoutUrls,
	type CustomerLocale,
	type Unpayable
} from './checkout';
import { hasScope, type MollieConfig } from './config';
import { MollieApiError, MollieUnavailable, logMollieError, toMollieError } from './errors';
import { cancelPayment, type PaymentQrCode } from './payments';
import { applyView, findMolliePayment, freshPayment, refreshPayment } from './sync';
import { getTerminal, listTerminals, type MollieTerminal } from './terminals';

/**
 * Collecting on the spot (issue 15): the owner, customer in front of them, takes the amount due
 * on a Mollie terminal (`method: pointofsale` + `terminalId`) or shows a Bancontact QR on their
 * phone (`method: bancontact`, `include=details.qrCode`). Both are ordinary Mollie payments of
 * the invoice, created through the Pay button's path (createInvoicePayment: ledger amount,
 * journal profile, connection mode, webhook, metadata, idempotency) and followed by the same
 * webhook and status check, so a payment lands on the invoice exactly like an online one.
 *
 * Every refusal below is decided before anything is sent to Mollie.
 */

export { BANCONTACT_QR, POINT_OF_SALE };

export type CollectRefusal =
	| Unpayable
	| 'busy'
	/** The connection predates the `terminals.read` scope: reconnect to grant it. */
	| 'terminal_scope'
	| 'no_terminal'
	| 'terminal_inactive'
	| 'terminal_profile'
	| 'amount_range'
	| 'currency'
	/** Above Bancontact's QR maximum: the owner shows the pay-link QR instead. */
	| 'qr_over_limit';

export type CollectResult = { ok: true; paymentId: string } | { ok: false; reason: CollectRefusal };

const TERMINALS_TTL_MS = 60_000;
const terminalsCache = new Map<string, { at: number; terminals: MollieTerminal[] }>();

/**
 * The active and other terminals of one profile, kept a minute per isolate/process (the invoice
 * page shows them on every load; terminals change over days). `fresh` skips the cache (the
 * Mollie page, where the owner looks at them on purpose).
 */
export async function profileTerminals(
	db: Db,
	config: MollieConfig,
	companyId: string,
	profileId: string,
	opts: { fresh?: boolean } = {}
): Promise<MollieTerminal[]> {
	const key = `${companyId}|${profileId}`;
	const hit = terminalsCache.get(key);
	if (!opts.fresh && hit && Date.now() - hit.at < TERMINALS_TTL_MS) return hit.terminals;
	const all = await withMollie(db, companyId, config, ({ client }) => listTerminals(client)).catch(
		(err: unknown) => {
			throw toMollieError(err);
		}
	);
	const terminals = all.filter((t) => t.profileId === profileId);
	if (terminalsCache.size > 1000) terminalsCache.clear();
	terminalsCache.set(key, { at: Date.now(), terminals });
	return terminals;
}

function amountRefusal(
	limits: { minCents: number; maxCents: number; currency: string },
	dueCents: number,
	currency: string
): CollectRefusal | null {
	if (currency !== limits.currency) return 'currency';
	if (dueCents < limits.minCents || dueCents > limits.maxCents) return 'amount_range';
	return null;
}

/**
 * Pay at terminal: checks the terminal at Mollie (exists, active, on the journal's profile) and
 * the amount (euro, within Mollie's point-of-sale limits), then creates the payment.
 */
export async function startTerminalPayment(
	db: Db,
	config: MollieConfig,
	companyId: string,
	invoiceId: string,
	terminalId: string,
	locale: CustomerLocale,
	urls: CheckoutUrls
): Promise<CollectResult> {
	const payable = await payableInvoice(db, config, companyId, invoiceId);
	if (!payable.ok) return payable;
	if (!hasScope(payable.connection.scope, 'terminals.read'))
		return { ok: false, reason: 'terminal_scope' };
	const amount = amountRefusal(POINT_OF_SALE, payable.dueCents, payable.currency);
	if (amount) return { ok: false, reason: amount };
	if (!/^term_[A-Za-z0-9]{1,64}$/.test(terminalId)) return { ok: false, reason: 'no_terminal' };
	let terminal: MollieTerminal;
	try {
		terminal = await withMollie(db, companyId, config, ({ client }) =>
			getTerminal(client, terminalId)
		);
	} catch (err) {
		const e = toMollieError(err);
		if (e instanceof MollieApiError && e.status === 404)
			return { ok: false, reason: 'no_terminal' };
		return { ok: false, reason: await failureReason(db, companyId, invoiceId, e, 'get terminal') };
	}
	if (terminal.profileId !== payable.profileId) return { ok: false, reason: 'terminal_profile' };
	if (terminal.status !== 'active') return { ok: false, reason: 'terminal_inactive' };
	const created = await createInvoicePayment(db, config, companyId, invoiceId, {
		locale,
		urls,
		dueCents: payable.dueCents,
		currency: payable.currency,
		profileId: payable.profileId,
		how: { method: 'pointofsale', terminalId }
	});
	return created.ok ? { ok: true, paymentId: created.payment.id } : created;
}

const QR_MAX_BYTES = 256 * 1024;

/** Mollie's QR as a data URI: kept as is when it is one, else fetched once (an image, ≤ 256 KB). */
export async function qrDataUri(qr: PaymentQrCode, timeoutMs = 5_000): Promise<string> {
	if (/^data:image\/(png|svg\+xml|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(qr.src))
		return qr.src;
	if (!/^https?:\/\//.test(qr.src)) throw new MollieUnavailable('QR code: unexpected src');
	const res = await fetch(qr.src, { signal: AbortSignal.timeout(timeoutMs) });
	const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
	if (!res.ok || !/^image\/(png|svg\+xml|jpeg|gif|webp)$/.test(type))
		throw new MollieUnavailable(`QR code image: HTTP ${res.status} ${type}`);
	const bytes = new Uint8Array(await res.arrayBuffer());
	if (bytes.length > QR_MAX_BYTES) throw new MollieUnavailable('QR code image too large');
	let bin = '';
	for (let i = 0; i < bytes.length; i += 0x8000)
		bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return `data:${type};base64,${btoa(bin)}`;
}

/**
 * Show Bancontact QR: euro, from €0.02 up to Bancontact's QR maximum (above it: 'qr_over_limit',
 * and the owner shows the pay-link QR instead), then a Bancontact payment with its QR. When the
 * QR cannot be had, the payment is cancelled at Mollie so no orphan stays open.
 */
export async function startBancontactQr(
	db: Db,
	config: MollieConfig,
	companyId: string,
	invoiceId: string,
	locale: CustomerLocale,
	urls: CheckoutUrls
): Promise<CollectResult> {
	const payable = await payableInvoice(db, config, companyId, invoiceId);
	if (!payable.ok) return payable;
	if (payable.currency === BANCONTACT_QR.currency && payable.dueCents > BANCONTACT_QR.maxCents)
		return { ok: false, reason: 'qr_over_limit' };
	const amount = amountRefusal(BANCONTACT_QR, payable.dueCents, payable.currency);
	if (amount) return { ok: false, reason: amount };
	const created = await createInvoicePayment(db, config, companyId, invoiceId, {
		locale,
		urls,
		dueCents: payable.dueCents,
		currency: payable.currency,
		profileId: payable.profileId,
		how: { method: 'bancontact', qrCode: true }
	});
	if (!created.ok) return created;
	const { payment } = created;
	try {
		if (!payment.qrCode) throw new MollieUnavailable('no details.qrCode in the answer');
		const src = await qrDataUri(payment.qrCode);
		await db.insert(mollieQrCodes).values({ paymentId: payment.id, companyId, src });
	} catch (err) {
		logMollieError('Bancontact QR code', err);
		await cancelAtMollie(db, config, companyId, payment.id);
		return { ok: false, reason: 'unavailable' };
	}
	return { ok: true, paymentId: payment.id };
}

async function cancelAtMollie(db: Db, config: MollieConfig, companyId: string, id: string) {
	const row = await findMolliePayment(db, companyId, id);
	if (!row) return null;
	const canceled = await withMollie(
		db,
		companyId,
		config,
		({ client }) => cancelPayment(client, id),
		row.mode
	).catch((err: unknown) => {
		logMollieError('cancel payment', err);
		return null;
	});
	if (canceled) await applyView(db, companyId, row.invoiceId, canceled);
	return canceled;
}

export type CancelResult = { ok: true } | { ok: false; reason: 'not_found' | 'not_cancelable' };

/**
 * Cancel on the waiting screen: asks Mollie to cancel (a terminal payment can be cancelled until
 * the customer has completed it); when Mollie refuses, the payment's fresh state is shown instead
 * (it may just have been paid).
 */
export async function cancelCollect(
	db: Db,
	config: MollieConfig,
	companyId: string,
	invoiceId: string,
	paymentId: string
): Promise<CancelResult> {
	const row = await findMolliePayment(db, companyId, paymentId);
	if (!row || row.invoiceId !== invoiceId) return { ok: false, reason: 'not_found' };
	if (isFinal(row.status)) return { ok: true };
	const canceled = await cancelAtMollie(db, config, companyId, paymentId);
	if (canceled) return { ok: true };
	await refreshPayment(db, config, companyId, paymentId).catch((err: unknown) =>
		logMollieError('refresh after a refused cancel', err)
	);
	return { ok: false, reason: 'not_cancelable' };
}

/**
 * The waiting screen's payment: this company's, of this invoice, made on the spot. While it is
 * not final and Acquit has not heard from Mollie for a moment, Mollie is asked (the status check
 * beside the webhook, through the webhook's own path).
 */
export async function collectView(
	db: Db,
	config: MollieConfig | null,
	companyId: string,
	invoiceId: string,
	paymentId: string
) {
	const [found] = await db
		.select({
			payment: molliePayments,
			number: invoices.number,
			company: companies.name,
			qr: mollieQrCodes.src
		})
		.from(molliePayments)
		.innerJoin(
			invoices,
			and(eq(invoices.id, molliePayments.invoiceId), eq(invoices.companyId, companyId))
		)
		.innerJoin(companies, eq(companies.id, molliePayments.companyId))
		.leftJoin(mollieQrCodes, eq(mollieQrCodes.paymentId, molliePayments.id))
		.where(
			and(
				eq(molliePayments.id, paymentId),
				eq(molliePayments.companyId, companyId),
				eq(molliePayments.invoiceId, invoiceId)
			)
		);
	if (!found) return null;
	const payment = await freshPayment(db, config, companyId, found.payment, {
		page: 'the waiting screen'
	});
	return { payment, number: found.number, company: found.company, qr: found.qr };
}

/** The journal's default terminal for an invoice (null: none chosen). */
export async function journalTerminalOf(db: Db, companyId: string, invoiceId: string) {
	const [row] = await db
		.select({ terminalId: journals.mollieTerminalId, journalId: journals.id })
		.from(invoices)
		.innerJoin(journals, eq(journals.id, invoices.journalId))
		.where(and(eq(invoices.id, invoiceId), eq(invoices.companyId, companyId)));
	return row ?? null;
}

/**
 * Saves each journal's default terminal (null: none). A terminal must be one of the journal's
 * profile's terminals as Mollie lists them now; every journal one of the company's.
 */
export async function saveJournalTerminals(
	db: Db,
	config: MollieConfig,
	companyId: string,
	choices: { journalId: string; terminalId: string | null }[]
): Promise<{ ok: true } | { ok: false; invalid: string[] }> {
	const own = await db
		.select({ id: journals.id, profileId: journals.mollieProfileId })
		.from(journals)
		.where(eq(journals.companyId, companyId));
	const profileOf = new Map(own.map((j) => [j.id, j.profileId]));
	const invalid: string[] = [];
	for (const c of choices) {
		if (!profileOf.has(c.journalId)) invalid.push(c.journalId);
		else if (c.terminalId !== null) {
			const profileId = profileOf.get(c.journalId);
			const terminals = profileId ? await profileTerminals(db, config, companyId, profileId) : [];
			if (!terminals.some((t) => t.id === c.terminalId)) invalid.push(c.journalId);
		}
	}
	if (invalid.length) return { ok: false, invalid };
	const updates = choices.map((c) =>
		db
			.update(journals)
			.set({ mollieTerminalId: c.terminalId })
			.where(and(eq(journals.id, c.journalId), eq(journals.companyId, companyId)))
	);
	if (updates.length) await db.batch(updates as [(typeof updates)[0], ...typeof updates]);
	return { ok: true };
}
