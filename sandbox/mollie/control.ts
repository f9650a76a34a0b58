import type { Ctx, Reply } from './http.ts';
import { json, noContent } from './http.ts';
import { MollieError } from './errors.ts';
import type { Sandbox } from './core.ts';
import { parseAmount } from './money.ts';
import { transition } from './payments.ts';
import { setRefundStatus } from './refunds.ts';
import { addChargeback, chargebackJson, reverseChargeback } from './chargebacks.ts';
import { findApp, issueCode, redirectAllowed, revokeGrants } from './oauth.ts';
import { DEV_CLIENT_ID } from './seed.ts';
import { METHOD_IDS } from './methods.ts';
import { ALL_SCOPES } from './auth.ts';
import { iso } from './clock.ts';
import type { FailRule, PaymentStatus, RefundStatus } from './types.ts';
import { paymentJson } from './payments.ts';
import { refundJson } from './refunds.ts';

/**
 * Control API for tests and demos under /_sandbox/ (a path Mollie doesn't use). No auth: the
 * sandbox listens on 127.0.0.1 by default.
 */

function payment(sb: Sandbox, id: string) {
	const p = sb.store.state.payments[id];
	if (!p) throw new MollieError(404, `No payment exists with token ${id}.`);
	return p;
}

function int(v: unknown, field: string, min: number): number {
	const n = typeof v === 'string' ? Number(v) : v;
	if (typeof n !== 'number' || !Number.isInteger(n) || n < min) {
		throw new MollieError(422, `${field} must be an integer >= ${min}.`, field);
	}
	return n;
}

export function index(sb: Sandbox): Reply {
	return json(200, {
		now: iso(sb.now()),
		speed: sb.clock.speed,
		endpoints: [
			'POST /_sandbox/reset',
			'GET  /_sandbox/state',
			'GET  /_sandbox/clock',
			'POST /_sandbox/clock/advance {ms}',
			'POST /_sandbox/clock/speed {speed}',
			'POST /_sandbox/payments/:id/status {status}',
			'POST /_sandbox/payments/:id/expire',
			'POST /_sandbox/payments/:id/chargebacks {amount?, reason?}',
			'POST /_sandbox/chargebacks/:id/reverse',
			'POST /_sandbox/refunds/:id/status {status}',
			'POST /_sandbox/fail-next {count, status: 500|503|429|"timeout"|"malformed", pathPrefix?}',
			'POST /_sandbox/organizations/:id/revoke {clientId?}',
			'POST /_sandbox/oauth/code {organizationId, scope, redirectUri?, clientId?}',
			'GET  /_sandbox/webhooks?resourceId=',
			'POST /_sandbox/webhooks/drop {count}',
			'POST /_sandbox/profiles/:id/methods {methods: [id…] | "all"} (activate for live mode)',
			'POST /_sandbox/organizations/:id/onboarding {status?: next|needs-data|in-review|completed}',
			'POST /_sandbox/refunds/queue-next {count} (balance short: the next refunds start queued)',
			'POST /_sandbox/profiles/:profileId/terminals {description, brand?: PAX|Tap, model?, serialNumber?, status?: active|inactive|pending, mode?: test|live, currency?} → 201 terminal',
			'POST /_sandbox/terminals/:id/status {status: active|inactive|pending}',
			'GET  /_sandbox/terminals/:id (terminal simulator page: Approve / Decline / Timeout / Customer cancels)',
			'POST /_sandbox/terminals/:id/approve|decline|timeout|cancel → the current open payment becomes paid|failed|expired|canceled (+ webhook); 409 when none',
			'GET  /_sandbox/qr/:paymentId.svg (Bancontact QR of a payment created with include=details.qrCode; encodes /_sandbox/scan/:paymentId)',
			'GET  /_sandbox/scan/:paymentId ("Bancontact app — sandbox": merchant, amount, Pay / Cancel)',
			'POST /_sandbox/scan/:paymentId/pay|cancel → paid|canceled (+ webhook); 409 when no longer open'
		]
	});
}

export function reset(sb: Sandbox): Reply {
	sb.store.reset(sb.now());
	return noContent();
}

export function dumpState(sb: Sandbox): Reply {
	return json(200, sb.store.state);
}

export function clockInfo(sb: Sandbox): Reply {
	return json(200, { now: iso(sb.now()), epochMs: sb.now(), speed: sb.clock.speed });
}

export function advanceClock(sb: Sandbox, ctx: Ctx): Reply {
	const ms = int(ctx.body.ms, 'ms', 0);
	sb.clock.advance(ms);
	return clockInfo(sb);
}

export function setSpeed(sb: Sandbox, ctx: Ctx): Reply {
	const speed = Number(ctx.body.speed);
	if (!Number.isFinite(speed) || speed < 0)
		throw new MollieError(422, 'speed must be >= 0', 'speed');
	sb.clock.setSpeed(speed);
	return clockInfo(sb);
}

export function setPaymentStatus(sb: Sandbox, ctx: Ctx): Reply {
	const p = payment(sb, ctx.params[0]);
	const status = ctx.body.status as PaymentStatus;
	if (!transition(sb, p, status)) {
		const why =
			status === 'authorized' && p.captureMode !== 'manual'
				? ' (only a payment created with captureMode: manual is authorized)'
				: status === 'paid' && p.captureMode === 'manual'
					? ' (a manual-capture payment is authorized first, then captured)'
					: '';
		throw new MollieError(
			422,
			`A payment cannot go from '${p.status}' to '${String(status)}'${why}.`,
			'status'
		);
	}
	return json(200, paymentJson(sb, p));
}

export function expirePayment(sb: Sandbox, ctx: Ctx): Reply {
	const p = payment(sb, ctx.params[0]);
	if (!transition(sb, p, 'expired')) {
		throw new MollieError(422, `A '${p.status}' payment cannot expire.`);
	}
	return json(200, paymentJson(sb, p));
}

export function createChargeback(sb: Sandbox, ctx: Ctx): Reply {
	const p = payment(sb, ctx.params[0]);
	const amount = ctx.body.amount === undefined ? null : parseAmount(ctx.body.amount, 'amount');
	const r = ctx.body.reason as { code?: unknown; description?: unknown } | undefined;
	const reason =
		r && typeof r.code === 'string'
			? { code: r.code, description: typeof r.description === 'string' ? r.description : r.code }
			: null;
	return json(201, chargebackJson(sb, addChargeback(sb, p, amount, reason)));
}

export function reverse(sb: Sandbox, ctx: Ctx): Reply {
	const c = sb.store.state.chargebacks[ctx.params[0]];
	if (!c) throw new MollieError(404, `No chargeback exists with token ${ctx.params[0]}.`);
	reverseChargeback(sb, c);
	return json(200, chargebackJson(sb, c));
}

export function setRefund(sb: Sandbox, ctx: Ctx): Reply {
	const r = sb.store.state.refunds[ctx.params[0]];
	if (!r) throw new MollieError(404, `No refund exists with token ${ctx.params[0]}.`);
	const status = ctx.body.status as RefundStatus;
	if (!setRefundStatus(sb, r, status)) {
		throw new MollieError(
			422,
			`A refund cannot go from '${r.status}' to '${String(status)}'.`,
			'status'
		);
	}
	return json(200, refundJson(sb, r));
}

export function failNext(sb: Sandbox, ctx: Ctx): Reply {
	const count = int(ctx.body.count ?? 1, 'count', 1);
	const status = ctx.body.status ?? 503;
	const allowed: unknown[] = [500, 503, 429, 'timeout', 'malformed'];
	if (!allowed.includes(status)) {
		throw new MollieError(422, 'status must be 500, 503, 429, "timeout" or "malformed".', 'status');
	}
	const prefix = typeof ctx.body.pathPrefix === 'string' ? ctx.body.pathPrefix : null;
	sb.store.state.failRules.push({
		remaining: count,
		status: status as FailRule['status'],
		pathPrefix: prefix
	});
	return json(201, { rules: sb.store.state.failRules });
}

export function revokeOrganization(sb: Sandbox, ctx: Ctx): Reply {
	const orgId = ctx.params[0];
	if (!sb.store.state.organizations.some((o) => o.id === orgId)) {
		throw new MollieError(404, `No organization exists with token ${orgId}.`);
	}
	const clientId = typeof ctx.body.clientId === 'string' ? ctx.body.clientId : null;
	const revoked = revokeGrants(
		sb,
		(g) => g.organizationId === orgId && (clientId === null || g.clientId === clientId)
	);
	return json(200, { revokedGrants: revoked });
}

/** Issues an authorization code without a browser (for integration tests of the app). */
export function oauthCode(sb: Sandbox, ctx: Ctx): Reply {
	const clientId = typeof ctx.body.clientId === 'string' ? ctx.body.clientId : DEV_CLIENT_ID;
	const app = findApp(sb, clientId);
	if (!app) throw new MollieError(422, `Unknown client '${clientId}'.`, 'clientId');
	const orgId = ctx.body.organizationId;
	if (!sb.store.state.organizations.some((o) => o.id === orgId)) {
		throw new MollieError(422, 'Unknown organizationId.', 'organizationId');
	}
	const raw = ctx.body.scope;
	const scopes = (Array.isArray(raw) ? raw : String(raw ?? '').split(' ')).filter(
		(s): s is string => typeof s === 'string' && s !== ''
	);
	const known: readonly string[] = ALL_SCOPES;
	if (scopes.length === 0 || scopes.some((s) => !known.includes(s))) {
		throw new MollieError(422, 'Unknown or missing scope.', 'scope');
	}
	const redirectUri = typeof ctx.body.redirectUri === 'string' ? ctx.body.redirectUri : null;
	if (redirectUri && !redirectAllowed(app, redirectUri, sb.strict)) {
		throw new MollieError(422, 'The redirect URI is not registered for this app.', 'redirectUri');
	}
	return json(201, { code: issueCode(sb, app, String(orgId), scopes, redirectUri) });
}

export function webhookLog(sb: Sandbox, ctx: Ctx): Reply {
	const id = ctx.url.searchParams.get('resourceId');
	const items = sb.store.state.webhooks.filter((d) => !id || d.resourceId === id);
	return json(200, { count: items.length, deliveries: items });
}

export function dropWebhooks(sb: Sandbox, ctx: Ctx): Reply {
	sb.store.state.dropWebhooks += int(ctx.body.count ?? 1, 'count', 1);
	return json(200, { dropWebhooks: sb.store.state.dropWebhooks });
}

/** Activates live-mode methods on a profile (Mollie lists only activated ones in live mode). */
export function activateMethods(sb: Sandbox, ctx: Ctx): Reply {
	const profile = sb.store.state.profiles.find((p) => p.id === ctx.params[0]);
	if (!profile) throw new MollieError(404, `No profile exists with token ${ctx.params[0]}.`);
	const raw = ctx.body.methods ?? 'all';
	const ids =
		raw === 'all'
			? METHOD_IDS
			: Array.isArray(raw) && raw.every((m) => typeof m === 'string' && METHOD_IDS.includes(m))
				? (raw as string[])
				: null;
	if (!ids) throw new MollieError(422, 'methods must be "all" or known method ids.', 'methods');
	const current = sb.store.state.activatedMethods[profile.id] ?? [];
	sb.store.state.activatedMethods[profile.id] = [...new Set([...current, ...ids])];
	return json(200, {
		profileId: profile.id,
		activated: sb.store.state.activatedMethods[profile.id]
	});
}

const ONBOARDING = ['needs-data', 'in-review', 'completed'] as const;

/** Moves an organisation's onboarding forward (needs-data → in-review → completed), or sets it. */
export function advanceOnboarding(sb: Sandbox, ctx: Ctx): Reply {
	const org = sb.store.state.organizations.find((o) => o.id === ctx.params[0]);
	if (!org) throw new MollieError(404, `No organization exists with token ${ctx.params[0]}.`);
	const wanted = ctx.body.status ?? 'next';
	let status: (typeof ONBOARDING)[number];
	if (wanted === 'next') {
		status = ONBOARDING[Math.min(ONBOARDING.indexOf(org.onboardingStatus) + 1, 2)];
	} else if (ONBOARDING.includes(wanted as (typeof ONBOARDING)[number])) {
		status = wanted as (typeof ONBOARDING)[number];
	} else {
		throw new MollieError(
			422,
			'status must be next, needs-data, in-review or completed.',
			'status'
		);
	}
	org.onboardingStatus = status;
	org.canReceivePayments = status !== 'needs-data';
	org.canReceiveSettlements = status === 'completed';
	return json(200, {
		organizationId: org.id,
		status,
		canReceivePayments: org.canReceivePayments,
		canReceiveSettlements: org.canReceiveSettlements
	});
}

export function queueRefunds(sb: Sandbox, ctx: Ctx): Reply {
	sb.store.state.queueRefunds += int(ctx.body.count ?? 1, 'count', 1);
	return json(200, { queueRefunds: sb.store.state.queueRefunds });
}
