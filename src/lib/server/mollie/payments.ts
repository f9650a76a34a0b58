import type { ClientCore } from 'mollie-api-typescript/core.js';
import { chargebacksList } from 'mollie-api-typescript/funcs/chargebacksList.js';
import { methodsList } from 'mollie-api-typescript/funcs/methodsList.js';
import { paymentsCancel } from 'mollie-api-typescript/funcs/paymentsCancel.js';
import { paymentsCreate } from 'mollie-api-typescript/funcs/paymentsCreate.js';
import { paymentsGet } from 'mollie-api-typescript/funcs/paymentsGet.js';
import { paymentsList } from 'mollie-api-typescript/funcs/paymentsList.js';
import { refundsCreate } from 'mollie-api-typescript/funcs/refundsCreate.js';
import { refundsList } from 'mollie-api-typescript/funcs/refundsList.js';
import type { Locale } from 'mollie-api-typescript/models';
import { ListChargebacksEmbedded$inboundSchema } from 'mollie-api-typescript/models/operations/listchargebacks.js';
import { ListRefundsEmbedded$inboundSchema } from 'mollie-api-typescript/models/operations/listrefunds.js';
import type { PaymentResponse } from 'mollie-api-typescript/models';
import { formatMollieAmount, parseMollieAmount } from '$lib/domain/money';
import type { RemotePayment, RemoteRefundStatus, RemoteStatus } from '$lib/domain/paymentSync';
import type { MollieTransferDetails } from '../db/schema';
import { embeddedOf } from './client';
import { toMollieError, unwrap } from './errors';

/**
 * Mollie's payments, refunds, chargebacks and methods through the SDK's standalone functions,
 * translated into the plain shapes the domain (src/lib/domain/paymentSync.ts) understands.
 * The client carries the mode (`testmode`) and the company's token; nothing here touches the
 * database.
 */

/** What Acquit keeps of a Mollie payment besides its ledger meaning. */
export interface MolliePaymentView extends RemotePayment {
	mode: 'test' | 'live';
	profileId: string;
	currency: string;
	createdAt: string;
	expiresAt: string | null;
	checkoutUrl: string | null;
	/** `metadata.invoiceId`, when Acquit created it. */
	invoiceId: string | null;
	/** Bank transfer chosen at Mollie's checkout: Mollie's account and reference for it. */
	transfer: MollieTransferDetails | null;
}

/** Mollie's bank transfer instructions (`details.bankName`, `bankAccount`, `bankBic`, `transferReference`). */
function transferDetails(p: PaymentResponse): MollieTransferDetails | null {
	const d = p.details;
	if (p.method !== 'banktransfer' || !d) return null;
	const { bankName, bankAccount, bankBic, transferReference } = d;
	if (!bankName || !bankAccount || !bankBic || !transferReference) return null;
	return { bankName, bankAccount, bankBic, transferReference };
}

function view(p: PaymentResponse): Omit<MolliePaymentView, 'refunds' | 'chargebacks'> {
	const meta = p.metadata;
	const invoiceId =
		meta && typeof meta === 'object' && !Array.isArray(meta) && typeof meta.invoiceId === 'string'
			? meta.invoiceId
			: null;
	return {
		id: p.id,
		status: p.status as RemoteStatus,
		amountCents: parseMollieAmount(p.amount),
		currency: p.amount.currency,
		paidAt: p.paidAt ?? null,
		method: p.method ?? null,
		mode: p.mode === 'live' ? 'live' : 'test',
		profileId: p.profileId,
		createdAt: p.createdAt,
		expiresAt: p.expiresAt ?? null,
		checkoutUrl: p.links.checkout?.href ?? null,
		invoiceId,
		transfer: transferDetails(p)
	};
}

export interface NewPayment {
	amountCents: number;
	currency: string;
	description: string;
	redirectUrl: string;
	webhookUrl: string;
	profileId: string;
	locale: 'fr_BE' | 'nl_BE' | 'en_US';
	metadata: Record<string, string>;
	idempotencyKey: string;
	/**
	 * Collect on the spot (issue 15). `pointofsale` + `terminalId`: the payment goes to that
	 * Mollie terminal. `bancontact` + `qrCode`: asked with `include=details.qrCode`, Mollie answers
	 * with a QR the customer scans in their banking app. Absent: Mollie's checkout, any method.
	 */
	method?: 'pointofsale' | 'bancontact';
	terminalId?: string;
	qrCode?: boolean;
}

/** Mollie's `details.qrCode`: an image (a URL or a data URI) and its size in pixels. */
export interface PaymentQrCode {
	src: string;
	width: number;
	height: number;
}

export async function createPayment(
	client: ClientCore,
	input: NewPayment
): Promise<MolliePaymentView & { qrCode: PaymentQrCode | null }> {
	const created = unwrap(
		await paymentsCreate(client, {
			idempotencyKey: input.idempotencyKey,
			...(input.qrCode ? { include: 'details.qrCode' } : {}),
			paymentRequest: {
				...(input.method ? { method: input.method } : {}),
				...(input.terminalId ? { terminalId: input.terminalId } : {}),
				amount: formatMollieAmount(input.amountCents, input.currency),
				description: input.description.slice(0, 255),
				redirectUrl: input.redirectUrl,
				cancelUrl: input.redirectUrl,
				webhookUrl: input.webhookUrl,
				profileId: input.profileId,
				locale: input.locale as Locale,
				metadata: input.metadata
			}
		})
	);
	const qr = created.details?.qrCode;
	return {
		...view(created),
		refunds: [],
		chargebacks: [],
		qrCode: qr?.src ? { src: qr.src, width: qr.width ?? 0, height: qr.height ?? 0 } : null
	};
}

/**
 * `DELETE /v2/payments/:id`: cancels a payment that is still cancelable (an open point-of-sale
 * payment the customer has not completed, an open Bancontact one). Mollie answers 422 otherwise.
 */
export async function cancelPayment(client: ClientCore, id: string): Promise<MolliePaymentView> {
	const canceled = unwrap(await paymentsCancel(client, { paymentId: id }));
	return { ...view(canceled), refunds: [], chargebacks: [] };
}

/**
 * The payment with its refunds and chargebacks (only a paid payment can have either), in one
 * call: `embed=refunds,chargebacks`. The SDK's payment schema drops `_embedded`; the client's
 * `keepEmbedded` hook keeps it, and the SDK's own list schemas parse it here.
 */
export async function getPayment(client: ClientCore, id: string): Promise<MolliePaymentView> {
	const [result, call] = await paymentsGet(client, {
		paymentId: id,
		embed: 'refunds,chargebacks'
	}).$inspect();
	const payment = view(unwrap(result));
	const raw = (embeddedOf(call.response) ?? {}) as { refunds?: unknown; chargebacks?: unknown };
	const parsed = {
		refunds: ListRefundsEmbedded$inboundSchema.safeParse({ refunds: raw.refunds ?? [] }),
		chargebacks: ListChargebacksEmbedded$inboundSchema.safeParse({
			chargebacks: raw.chargebacks ?? []
		})
	};
	if (!parsed.refunds.success || !parsed.chargebacks.success) {
		// Mollie's answer doesn't match the SDK's schemas: ask the list endpoints, as before.
		if (payment.status !== 'paid') return { ...payment, refunds: [], chargebacks: [] };
		const [refunds, chargebacks] = await Promise.all([
			paymentsRefunds(client, id),
			paymentsChargebacks(client, id)
		]);
		return { ...payment, refunds, chargebacks };
	}
	return {
		...payment,
		refunds: parsed.refunds.data.refunds.map(refundOf),
		chargebacks: parsed.chargebacks.data.chargebacks.map(chargebackOf)
	};
}

type MollieRefund = NonNullable<
	Awaited<ReturnType<typeof ListRefundsEmbedded$inboundSchema.parse>>['refunds']
>[number];
type MollieChargeback = NonNullable<
	Awaited<ReturnType<typeof ListChargebacksEmbedded$inboundSchema.parse>>['chargebacks']
>[number];

const refundOf = (r: MollieRefund): RemotePayment['refunds'][number] => ({
	id: r.id,
	status: r.status as RemoteRefundStatus,
	amountCents: parseMollieAmount(r.amount),
	createdAt: r.createdAt
});

const chargebackOf = (c: MollieChargeback): RemotePayment['chargebacks'][number] => ({
	id: c.id,
	amountCents: parseMollieAmount(c.amount),
	createdAt: c.createdAt,
	reversedAt: c.reversedAt ?? null
});

async function paymentsRefunds(client: ClientCore, paymentId: string) {
	const out: RemotePayment['refunds'] = [];
	for await (const page of await refundsList(client, { paymentId, limit: 250 })) {
		if (!page.ok) throw toMollieError(page.error);
		for (const r of page.value.result.embedded.refunds ?? []) out.push(refundOf(r));
	}
	return out;
}

async function paymentsChargebacks(client: ClientCore, paymentId: string) {
	const out: RemotePayment['chargebacks'] = [];
	for await (const page of await chargebacksList(client, { paymentId, limit: 250 })) {
		if (!page.ok) throw toMollieError(page.error);
		for (const c of page.value.result.embedded.chargebacks ?? []) out.push(chargebackOf(c));
	}
	return out;
}

/** Every payment of a profile, newest first, page by page (Mollie's cursor pagination). */
export async function* listPayments(client: ClientCore, profileId: string) {
	for await (const page of await paymentsList(client, { profileId, limit: 250 })) {
		if (!page.ok) throw toMollieError(page.error);
		yield (page.value.result.embedded.payments ?? []).map(view);
	}
}

export interface PaymentMethodOffer {
	id: string;
	description: string;
	image: string;
}

/** Methods Mollie offers this profile for this amount (none → no Pay button). */
export async function listMethods(
	client: ClientCore,
	q: { profileId: string; amountCents: number; currency: string; locale: NewPayment['locale'] }
): Promise<PaymentMethodOffer[]> {
	const res = unwrap(
		await methodsList(client, {
			profileId: q.profileId,
			amount: formatMollieAmount(q.amountCents, q.currency),
			locale: q.locale as Locale
		})
	);
	// Live mode lists only activated methods, test mode pending ones too: offer only what works.
	return (res.embedded.methods ?? [])
		.filter((m) => m.status === 'activated')
		.map((m) => ({
			id: m.id ?? '',
			description: m.description,
			image: m.image.svg
		}));
}

export async function createRefund(
	client: ClientCore,
	paymentId: string,
	amountCents: number,
	currency: string,
	description: string,
	idempotencyKey?: string
) {
	const r = unwrap(
		await refundsCreate(client, {
			paymentId,
			idempotencyKey,
			// Mollie: at most 140 characters for a refund's description.
			refundRequest: {
				amount: formatMollieAmount(amountCents, currency),
				description: description.slice(0, 140)
			}
		})
	);
	return { id: r.id, status: r.status as RemoteRefundStatus };
}
