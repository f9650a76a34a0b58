import type { Ctx, Reply } from './http.ts';
import { escapeHtml, html, redirect } from './http.ts';
import type { Sandbox } from './core.ts';
import { toJson } from './money.ts';
import { describe, methodImageUrl, METHODS, methodSpec, supportsAmount } from './methods.ts';
import {
	MANUAL_CAPTURE_METHODS,
	POINT_OF_SALE,
	assignTransferReference,
	canTransition,
	transition,
	paymentJson
} from './payments.ts';
import type { Payment, PaymentStatus } from './types.ts';
import { page } from './layout.ts';

const LABELS: Record<PaymentStatus, string> = {
	paid: 'Paid',
	failed: 'Failed',
	canceled: 'Canceled',
	expired: 'Expired',
	open: 'Open',
	pending: 'Pending',
	authorized: 'Authorized'
};

function lang(p: Payment): string {
	return (p.locale ?? 'en_US').slice(0, 2);
}

function summary(p: Payment): string {
	const a = toJson(p.amount);
	return `<dl><dt>Description</dt><dd>${escapeHtml(p.description)}</dd><dt>Amount</dt><dd>${escapeHtml(a.currency)} ${escapeHtml(a.value)}</dd><dt>Payment</dt><dd><code>${escapeHtml(p.id)}</code> (${p.mode} mode)</dd></dl>`;
}

function gone(p: Payment): Reply {
	const back = p.redirectUrl
		? `<p><a href="${escapeHtml(p.redirectUrl)}">Return to the merchant</a></p>`
		: '';
	return html(
		410,
		page(
			lang(p),
			'Payment no longer available',
			`<h1>This payment is no longer available</h1><p>Its status is <strong>${p.status}</strong>. Create a new payment to try again.</p>${summary(p)}${back}`
		)
	);
}

function choosableMethods(p: Payment) {
	const ids = (p.allowedMethods ?? METHODS.map((m) => m.id)).filter(
		(id) => p.captureMode !== 'manual' || MANUAL_CAPTURE_METHODS.includes(id)
	);
	return ids
		.map((id) => methodSpec(id))
		.filter((m): m is NonNullable<typeof m> => Boolean(m) && supportsAmount(m!, p.amount));
}

/**
 * Statuses offered on the test screen: as at Mollie, plus Pending where the method allows, and
 * Authorized (instead of Paid) for a manual-capture payment.
 */
export function statusChoices(p: Payment): PaymentStatus[] {
	const extras = p.method ? (methodSpec(p.method)?.extraStatuses ?? []) : [];
	const base: PaymentStatus[] = [
		'paid',
		'authorized',
		...extras,
		'failed',
		'canceled',
		'expired',
		'open'
	];
	return base.filter((s) => s === p.status || canTransition(p, s));
}

/** A point-of-sale payment has no checkout: it waits on its terminal. */
function onTerminal(p: Payment): Reply | null {
	if (p.method !== POINT_OF_SALE) return null;
	const t = escapeHtml(p.terminalId ?? '');
	return html(
		404,
		page(
			'en',
			'No checkout',
			`<h1>This payment is paid on a terminal</h1><p>A point-of-sale payment has no checkout. Use the <a href="/_sandbox/terminals/${t}">terminal simulator</a>.</p>`
		)
	);
}

/** GET /checkout/:id */
export function checkoutPage(sb: Sandbox, ctx: Ctx): Reply {
	const p = sb.store.state.payments[ctx.params[0]];
	if (!p) return html(404, page('en', 'Not found', '<h1>Payment not found</h1>'));
	const pos = onTerminal(p);
	if (pos) return pos;
	if (!['open', 'pending', 'authorized'].includes(p.status)) return gone(p);
	if (p.status === 'open' && !p.method) {
		const options = choosableMethods(p)
			.map(
				(m, i) =>
					`<div class="choice"><input type="radio" name="method" id="method-${m.id}" value="${m.id}"${i === 0 ? ' checked' : ''}><label for="method-${m.id}"><img src="${escapeHtml(methodImageUrl(sb, m.id))}" alt="" width="32" height="24"> ${escapeHtml(describe(m, p.locale))}</label></div>`
			)
			.join('');
		const body = `<h1>Select a payment method</h1>${summary(p)}
<form method="post" action="/checkout/${p.id}/method"><fieldset><legend>Payment method</legend>${options}</fieldset>
<div class="actions"><button type="submit">Continue</button></div></form>`;
		return html(200, page(lang(p), 'Select a payment method', body));
	}
	const choices = statusChoices(p)
		.map(
			(s, i) =>
				`<div class="choice"><input type="radio" name="status" id="status-${s}" value="${s}"${i === 0 ? ' checked' : ''}><label for="status-${s}">${LABELS[s]}</label></div>`
		)
		.join('');
	const method = p.method ? methodSpec(p.method) : undefined;
	const body = `<h1>Test payment${method ? ` with ${escapeHtml(describe(method, p.locale))}` : ''}</h1>
<p>This is a test mode payment. Select the final payment status.</p>${summary(p)}
<form method="post" action="/checkout/${p.id}"><fieldset><legend>Final payment status</legend>${choices}</fieldset>
<div class="actions"><button type="submit">Continue</button></div></form>`;
	return html(200, page(lang(p), 'Test payment', body));
}

/** POST /checkout/:id/method */
export function chooseMethod(sb: Sandbox, ctx: Ctx): Reply {
	const p = sb.store.state.payments[ctx.params[0]];
	if (!p) return html(404, page('en', 'Not found', '<h1>Payment not found</h1>'));
	const pos = onTerminal(p);
	if (pos) return pos;
	if (p.status !== 'open') return gone(p);
	const chosen = choosableMethods(p).find((m) => m.id === ctx.body.method);
	if (!chosen) return redirect(`/checkout/${p.id}`);
	p.method = chosen.id;
	assignTransferReference(p);
	p.expiresAt = Math.max(p.expiresAt ?? 0, sb.now() + chosen.expiresIn);
	return redirect(`/checkout/${p.id}`);
}

/** POST /checkout/:id — apply the chosen status, fire the webhook, send the customer back. */
export function submitStatus(sb: Sandbox, ctx: Ctx): Reply {
	const p = sb.store.state.payments[ctx.params[0]];
	if (!p) return html(404, page('en', 'Not found', '<h1>Payment not found</h1>'));
	const pos = onTerminal(p);
	if (pos) return pos;
	if (!['open', 'pending', 'authorized'].includes(p.status)) return gone(p);
	const status = ctx.body.status as PaymentStatus;
	if (!statusChoices(p).includes(status)) {
		return html(422, page(lang(p), 'Invalid status', '<h1>Choose one of the listed statuses</h1>'));
	}
	transition(sb, p, status);
	const target = status === 'canceled' && p.cancelUrl ? p.cancelUrl : p.redirectUrl;
	if (target) return redirect(target);
	return html(200, page(lang(p), 'Done', `<h1>Payment ${escapeHtml(p.status)}</h1>${summary(p)}`));
}

/** GET /dashboard/payments/:id — a read-only stand-in for Mollie's dashboard. */
export function dashboardPage(sb: Sandbox, ctx: Ctx): Reply {
	const p = sb.store.state.payments[ctx.params[0]];
	if (!p) return html(404, page('en', 'Not found', '<h1>Payment not found</h1>'));
	const body = `<h1>Payment ${escapeHtml(p.id)}</h1>${summary(p)}<p>Status: <strong>${p.status}</strong></p><pre>${escapeHtml(JSON.stringify(paymentJson(sb, p, ['refunds', 'chargebacks']), null, 2))}</pre>`;
	return html(200, page('en', `Payment ${p.id}`, body));
}
