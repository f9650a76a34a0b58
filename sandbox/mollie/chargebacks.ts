import type { Ctx, Reply } from './http.ts';
import { docs, hal, link } from './http.ts';
import { MollieError, notFound } from './errors.ts';
import { authenticate, canSee, modeFor, profileFor, requireScope } from './auth.ts';
import type { Sandbox } from './core.ts';
import { convert, toJson, type Money } from './money.ts';
import { iso } from './clock.ts';
import type { Chargeback, Payment } from './types.ts';
import { paginate } from './pagination.ts';
import { paymentTotals, visiblePayment } from './payments.ts';

export function chargebackJson(sb: Sandbox, c: Chargeback) {
	return {
		resource: 'chargeback',
		id: c.id,
		amount: toJson(c.amount),
		settlementAmount: toJson(
			convert({ currency: c.amount.currency, minor: -c.amount.minor }, 'EUR')
		),
		reason: c.reason,
		paymentId: c.paymentId,
		createdAt: iso(c.createdAt),
		reversedAt: iso(c.reversedAt),
		_links: {
			self: link(`${sb.baseUrl}/v2/payments/${c.paymentId}/chargebacks/${c.id}`),
			payment: link(`${sb.baseUrl}/v2/payments/${c.paymentId}`),
			documentation: docs('get-chargeback')
		}
	};
}

/** Control API: a chargeback arrives on a paid payment (webhook fires). */
export function addChargeback(
	sb: Sandbox,
	payment: Payment,
	amount: Money | null,
	reason: { code: string; description: string } | null
): Chargeback {
	if (payment.status !== 'paid') {
		throw new MollieError(
			422,
			`Only paid payments can be charged back (status '${payment.status}').`
		);
	}
	const amt = amount ?? { ...payment.amount };
	if (amt.currency !== payment.amount.currency) {
		throw new MollieError(
			422,
			"The chargeback currency must be the payment's currency.",
			'amount.currency'
		);
	}
	if (amt.minor > paymentTotals(sb, payment).remaining) {
		throw new MollieError(
			422,
			'The chargeback amount is higher than the remaining amount.',
			'amount'
		);
	}
	const c: Chargeback = {
		id: sb.newId('chb_'),
		seq: sb.store.nextSeq(),
		paymentId: payment.id,
		mode: payment.mode,
		organizationId: payment.organizationId,
		profileId: payment.profileId,
		amount: amt,
		reason: reason ?? { code: 'AC04', description: 'Account closed' },
		createdAt: sb.now(),
		reversedAt: null
	};
	sb.store.state.chargebacks[c.id] = c;
	sb.notify(payment, 'chargeback.received');
	return c;
}

/**
 * A reversal sends no classic webhook (only next-gen webhooks have `chargeback.reversed`): the
 * integration learns of it only by reading the payment again.
 */
export function reverseChargeback(sb: Sandbox, c: Chargeback): void {
	if (c.reversedAt !== null) return;
	c.reversedAt = sb.now();
}

/** GET /v2/payments/:id/chargebacks/:chargebackId */
export function getChargeback(sb: Sandbox, ctx: Ctx): Reply {
	const auth = authenticate(sb, ctx);
	requireScope(auth, 'payments.read');
	const payment = visiblePayment(sb, auth, modeFor(auth, ctx), ctx.params[0]);
	const c = sb.store.state.chargebacks[ctx.params[1]];
	if (!c || c.paymentId !== payment.id) throw notFound('chargeback', ctx.params[1]);
	return hal(200, chargebackJson(sb, c));
}

/** GET /v2/payments/:id/chargebacks */
export function listPaymentChargebacks(sb: Sandbox, ctx: Ctx): Reply {
	const auth = authenticate(sb, ctx);
	requireScope(auth, 'payments.read');
	const payment = visiblePayment(sb, auth, modeFor(auth, ctx), ctx.params[0]);
	const items = Object.values(sb.store.state.chargebacks).filter((c) => c.paymentId === payment.id);
	return hal(
		200,
		paginate(sb, ctx, items, 'chargebacks', (c) => chargebackJson(sb, c), 'list-chargebacks')
	);
}

/** GET /v2/chargebacks */
export function listAllChargebacks(sb: Sandbox, ctx: Ctx): Reply {
	const auth = authenticate(sb, ctx);
	requireScope(auth, 'payments.read');
	const mode = modeFor(auth, ctx);
	const profile = profileFor(auth, sb, ctx.url.searchParams.get('profileId'));
	const items = Object.values(sb.store.state.chargebacks).filter(
		(c) => canSee(auth, mode, c) && c.profileId === profile.id
	);
	return hal(
		200,
		paginate(sb, ctx, items, 'chargebacks', (c) => chargebackJson(sb, c), 'list-all-chargebacks')
	);
}
