import type { Ctx, Reply } from './http.ts';
import { docs, hal, link, noContent } from './http.ts';
import { MollieError, notFound } from './errors.ts';
import { authenticate, canSee, modeFor, profileFor, requireScope } from './auth.ts';
import type { Sandbox } from './core.ts';
import { convert, parseAmount, toJson } from './money.ts';
import { HOUR, MINUTE, iso } from './clock.ts';
import type { Refund, RefundStatus } from './types.ts';
import { paginate } from './pagination.ts';
import { paymentTotals, visiblePayment } from './payments.ts';

/** Automatic progress of a refund on the sandbox clock: status → [next, after ms]. */
export const REFUND_STEPS: Partial<Record<RefundStatus, [RefundStatus, number]>> = {
	queued: ['pending', MINUTE],
	pending: ['processing', HOUR],
	processing: ['refunded', HOUR]
};

const REFUND_NEXT: Record<RefundStatus, RefundStatus[]> = {
	queued: ['pending', 'processing', 'refunded', 'failed', 'canceled'],
	pending: ['processing', 'refunded', 'failed', 'canceled'],
	processing: ['refunded', 'failed'],
	refunded: [],
	failed: [],
	canceled: []
};

export function refundJson(sb: Sandbox, r: Refund) {
	return {
		resource: 'refund',
		id: r.id,
		mode: r.mode,
		description: r.description,
		amount: toJson(r.amount),
		settlementAmount: toJson(
			convert({ currency: r.amount.currency, minor: -r.amount.minor }, 'EUR')
		),
		metadata: r.metadata ?? null,
		paymentId: r.paymentId,
		status: r.status,
		createdAt: iso(r.createdAt),
		_links: {
			self: link(`${sb.baseUrl}/v2/payments/${r.paymentId}/refunds/${r.id}`),
			payment: link(`${sb.baseUrl}/v2/payments/${r.paymentId}`),
			documentation: docs('get-refund')
		}
	};
}

/**
 * Classic webhooks fire for a refund only when it reaches these statuses (Mollie's status-change
 * docs); `queued`, `pending` and `canceled` send nothing, so a refund canceled in the dashboard
 * is only seen by an integration that looks again on its own.
 */
export const REFUND_WEBHOOK_STATUSES: RefundStatus[] = ['processing', 'refunded', 'failed'];

/** Mollie refuses a second refund of the same amount on a payment within this window (409). */
export const DUPLICATE_REFUND_WINDOW_MS = HOUR;

/** Sets a refund's status (forced by control API or by the clock) and calls the webhook. */
export function setRefundStatus(sb: Sandbox, r: Refund, status: RefundStatus): boolean {
	if (r.status === status) return true;
	if (!REFUND_NEXT[r.status].includes(status)) return false;
	r.status = status;
	const step = REFUND_STEPS[status];
	r.nextTransitionAt = step ? sb.now() + step[1] : null;
	const payment = sb.store.state.payments[r.paymentId];
	if (payment && REFUND_WEBHOOK_STATUSES.includes(status)) sb.notify(payment, `refund.${status}`);
	return true;
}

export function advanceRefunds(sb: Sandbox): void {
	const now = sb.now();
	for (const r of Object.values(sb.store.state.refunds)) {
		// Catch up with every step that became due (several after a big clock jump).
		while (r.nextTransitionAt !== null && r.nextTransitionAt <= now) {
			const step = REFUND_STEPS[r.status];
			if (!step) {
				r.nextTransitionAt = null;
				break;
			}
			const dueAt = r.nextTransitionAt;
			setRefundStatus(sb, r, step[0]);
			const following = REFUND_STEPS[r.status];
			r.nextTransitionAt = following ? dueAt + following[1] : null;
		}
	}
}

export function nextRefundStep(sb: Sandbox): number | null {
	let next: number | null = null;
	for (const r of Object.values(sb.store.state.refunds)) {
		if (r.nextTransitionAt !== null && (next === null || r.nextTransitionAt < next))
			next = r.nextTransitionAt;
	}
	return next;
}

/** POST /v2/payments/:id/refunds */
export function createRefund(sb: Sandbox, ctx: Ctx): Reply {
	const auth = authenticate(sb, ctx);
	requireScope(auth, 'refunds.write');
	const mode = modeFor(auth, ctx);
	const payment = visiblePayment(sb, auth, mode, ctx.params[0]);
	const b = ctx.body;
	const amount = parseAmount(b.amount, 'amount');
	if (payment.status !== 'paid') {
		throw new MollieError(
			422,
			`The payment cannot be refunded: its status is '${payment.status}'.`,
			'paymentId'
		);
	}
	if (amount.currency !== payment.amount.currency) {
		throw new MollieError(
			422,
			`The refund currency must be the payment's currency (${payment.amount.currency}).`,
			'amount.currency'
		);
	}
	const { remaining } = paymentTotals(sb, payment);
	if (amount.minor > remaining) {
		throw new MollieError(
			422,
			`The amount is higher than the refundable amount (${toJson({ currency: amount.currency, minor: remaining }).value}).`,
			'amount'
		);
	}
	let description = '';
	if (b.description !== undefined && b.description !== null) {
		if (typeof b.description !== 'string') {
			throw new MollieError(422, 'The description must be a string.', 'description');
		}
		description = b.description.slice(0, 255);
	}
	if (b.metadata !== undefined && JSON.stringify(b.metadata).length > 1024) {
		throw new MollieError(
			422,
			'The metadata is too large: at most 1024 bytes of JSON.',
			'metadata'
		);
	}
	const now = sb.now();
	const duplicate = Object.values(sb.store.state.refunds).some(
		(x) =>
			x.paymentId === payment.id &&
			x.amount.minor === amount.minor &&
			x.status !== 'failed' &&
			x.status !== 'canceled' &&
			now - x.createdAt < DUPLICATE_REFUND_WINDOW_MS
	);
	if (duplicate) {
		throw new MollieError(
			409,
			'A duplicate refund has been detected: a refund of the same amount was created for this payment less than an hour ago.'
		);
	}
	// A refund waits in `queued` only when the balance can't cover it (a control makes it short).
	const queued = sb.store.state.queueRefunds > 0;
	if (queued) sb.store.state.queueRefunds -= 1;
	const first: RefundStatus = queued ? 'queued' : 'pending';
	const r: Refund = {
		id: sb.newId('re_'),
		seq: sb.store.nextSeq(),
		paymentId: payment.id,
		mode,
		organizationId: payment.organizationId,
		profileId: payment.profileId,
		amount,
		description,
		metadata: b.metadata ?? null,
		status: first,
		createdAt: now,
		nextTransitionAt: now + (REFUND_STEPS[first]?.[1] ?? MINUTE)
	};
	sb.store.state.refunds[r.id] = r;
	return hal(201, refundJson(sb, r));
}

function visibleRefund(sb: Sandbox, ctx: Ctx): Refund {
	const auth = authenticate(sb, ctx);
	requireScope(auth, 'refunds.read');
	const mode = modeFor(auth, ctx);
	const payment = visiblePayment(sb, auth, mode, ctx.params[0]);
	const r = sb.store.state.refunds[ctx.params[1]];
	if (!r || r.paymentId !== payment.id) throw notFound('refund', ctx.params[1]);
	return r;
}

/** GET /v2/payments/:id/refunds/:refundId */
export function getRefund(sb: Sandbox, ctx: Ctx): Reply {
	return hal(200, refundJson(sb, visibleRefund(sb, ctx)));
}

/** DELETE /v2/payments/:id/refunds/:refundId — only while queued or pending. */
export function cancelRefund(sb: Sandbox, ctx: Ctx): Reply {
	const auth = authenticate(sb, ctx);
	requireScope(auth, 'refunds.write');
	const mode = modeFor(auth, ctx);
	const payment = visiblePayment(sb, auth, mode, ctx.params[0]);
	const r = sb.store.state.refunds[ctx.params[1]];
	if (!r || r.paymentId !== payment.id) throw notFound('refund', ctx.params[1]);
	if (r.status !== 'queued' && r.status !== 'pending') {
		throw new MollieError(422, `The refund cannot be canceled: its status is '${r.status}'.`);
	}
	setRefundStatus(sb, r, 'canceled');
	return noContent();
}

/** GET /v2/payments/:id/refunds */
export function listPaymentRefunds(sb: Sandbox, ctx: Ctx): Reply {
	const auth = authenticate(sb, ctx);
	requireScope(auth, 'refunds.read');
	const payment = visiblePayment(sb, auth, modeFor(auth, ctx), ctx.params[0]);
	const items = Object.values(sb.store.state.refunds).filter((r) => r.paymentId === payment.id);
	return hal(
		200,
		paginate(sb, ctx, items, 'refunds', (r) => refundJson(sb, r), 'list-refunds')
	);
}

/** GET /v2/refunds */
export function listAllRefunds(sb: Sandbox, ctx: Ctx): Reply {
	const auth = authenticate(sb, ctx);
	requireScope(auth, 'refunds.read');
	const mode = modeFor(auth, ctx);
	const profile = profileFor(auth, sb, ctx.url.searchParams.get('profileId'));
	const items = Object.values(sb.store.state.refunds).filter(
		(r) => canSee(auth, mode, r) && r.profileId === profile.id
	);
	return hal(
		200,
		paginate(sb, ctx, items, 'refunds', (r) => refundJson(sb, r), 'list-all-refunds')
	);
}
