import type { Ctx, Reply } from './http.ts';
import { docs, escapeHtml, hal, html, json, link, redirect } from './http.ts';
import { MollieError, notFound } from './errors.ts';
import { authenticate, canSee, modeFor, requireScope, type Auth } from './auth.ts';
import type { Sandbox } from './core.ts';
import { iso } from './clock.ts';
import { toJson } from './money.ts';
import { paginate } from './pagination.ts';
import { page } from './layout.ts';
import { randomId } from './store.ts';
import { paymentJson, transition } from './payments.ts';
import type { Mode, Payment, PaymentStatus, Terminal, TerminalStatus } from './types.ts';

/** Mollie's TerminalBrand and TerminalModel values (OpenAPI description / SDK enums). */
export const TERMINAL_BRANDS = ['PAX', 'Tap'] as const;
export const TERMINAL_MODELS = ['A35', 'A77', 'A920', 'A920Pro', 'IM30', 'Tap'] as const;
const STATUSES: TerminalStatus[] = ['pending', 'active', 'inactive'];

export function terminalJson(sb: Sandbox, t: Terminal) {
	return {
		resource: 'terminal',
		id: t.id,
		mode: t.mode,
		description: t.description,
		status: t.status,
		brand: t.brand,
		model: t.model,
		serialNumber: t.serialNumber,
		currency: t.currency,
		timezone: t.timezone,
		locale: t.locale,
		profileId: t.profileId,
		createdAt: iso(t.createdAt),
		updatedAt: iso(t.updatedAt),
		_links: {
			self: link(`${sb.baseUrl}/v2/terminals/${t.id}`),
			documentation: docs('get-terminal')
		}
	};
}

/** A terminal this credential may use in this mode (organization, mode, API key's profile). */
export function visibleTerminal(sb: Sandbox, auth: Auth, mode: Mode, id: string): Terminal | null {
	const t = sb.store.state.terminals[id];
	return t && canSee(auth, mode, t) ? t : null;
}

/**
 * GET /v2/terminals — API keys list their profile's terminals; OAuth tokens (scope
 * `terminals.read`) the organization's, optionally filtered by `profileId` (Mollie's SDK sends
 * no profileId here: the list is organization-wide), in the mode `testmode` selects.
 */
export function listTerminals(sb: Sandbox, ctx: Ctx): Reply {
	const auth = authenticate(sb, ctx);
	requireScope(auth, 'terminals.read');
	const mode = modeFor(auth, ctx);
	const profileId = ctx.url.searchParams.get('profileId');
	if (profileId) {
		if (auth.kind === 'apikey') {
			throw new MollieError(
				422,
				"The 'profileId' parameter is not allowed when using an API key.",
				'profileId'
			);
		}
		const known = sb.store.state.profiles.some(
			(p) => p.id === profileId && p.organizationId === auth.organization.id
		);
		if (!known) throw new MollieError(422, `The profile '${profileId}' is invalid.`, 'profileId');
	}
	const items = Object.values(sb.store.state.terminals).filter(
		(t) => canSee(auth, mode, t) && (!profileId || t.profileId === profileId)
	);
	return hal(
		200,
		paginate(sb, ctx, items, 'terminals', (t) => terminalJson(sb, t), 'list-terminals')
	);
}

/** GET /v2/terminals/:id */
export function getTerminal(sb: Sandbox, ctx: Ctx): Reply {
	const auth = authenticate(sb, ctx);
	requireScope(auth, 'terminals.read');
	const t = visibleTerminal(sb, auth, modeFor(auth, ctx), ctx.params[0]);
	if (!t) throw notFound('terminal', ctx.params[0]);
	return hal(200, terminalJson(sb, t));
}

// ---------------------------------------------------------------------------------------------
// Control API and the terminal simulator (/_sandbox/…)

function controlTerminal(sb: Sandbox, id: string): Terminal {
	const t = sb.store.state.terminals[id];
	if (!t) throw new MollieError(404, `No terminal exists with token ${id}.`);
	return t;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], field: string, def: T): T {
	if (v === undefined || v === null || v === '') return def;
	if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
		throw new MollieError(422, `${field} must be one of ${allowed.join(', ')}.`, field);
	}
	return v as T;
}

/**
 * POST /_sandbox/profiles/:profileId/terminals {description, brand?, model?, serialNumber?,
 * status?, mode?, currency?} → 201 terminal JSON. Defaults: PAX A920Pro, active, test mode,
 * EUR. `brand: 'Tap'` is a Mollie Tap phone (model `Tap`, no serial number).
 */
export function createTerminal(sb: Sandbox, ctx: Ctx): Reply {
	const profile = sb.store.state.profiles.find((p) => p.id === ctx.params[0]);
	if (!profile) throw new MollieError(404, `No profile exists with token ${ctx.params[0]}.`);
	const b = ctx.body;
	if (typeof b.description !== 'string' || b.description.trim() === '') {
		throw new MollieError(422, 'description is required.', 'description');
	}
	const brand = oneOf(b.brand, TERMINAL_BRANDS, 'brand', 'PAX');
	const model = oneOf(b.model, TERMINAL_MODELS, 'model', brand === 'Tap' ? 'Tap' : 'A920Pro');
	if ((brand === 'Tap') !== (model === 'Tap')) {
		throw new MollieError(422, "A Tap device has brand 'Tap' and model 'Tap'.", 'model');
	}
	const status = oneOf(b.status, STATUSES, 'status', 'active');
	const mode = oneOf(b.mode, ['test', 'live'] as const, 'mode', 'test');
	const currency = oneOf(b.currency, ['EUR', 'GBP', 'CHF', 'PLN', 'SEK', 'DKK'], 'currency', 'EUR');
	const serialNumber =
		typeof b.serialNumber === 'string' && b.serialNumber !== ''
			? b.serialNumber
			: brand === 'Tap'
				? null
				: String(Math.floor(1_000_000_000 + Math.random() * 8_999_999_999));
	const now = sb.now();
	const t: Terminal = {
		// Mollie's terminal ids are longer than other ids: term_7MgL4wea46qkRcoTZjWEH.
		id: randomId('term_', 21),
		seq: sb.store.nextSeq(),
		mode,
		organizationId: profile.organizationId,
		profileId: profile.id,
		description: b.description.trim().slice(0, 255),
		status,
		brand,
		model,
		serialNumber,
		currency,
		timezone: 'Europe/Brussels',
		locale: profile.countriesOfActivity[0] === 'NL' ? 'nl_NL' : 'fr_BE',
		createdAt: now,
		updatedAt: now
	};
	sb.store.state.terminals[t.id] = t;
	return json(201, terminalJson(sb, t));
}

/** POST /_sandbox/terminals/:id/status {status: pending|active|inactive} */
export function setTerminalStatus(sb: Sandbox, ctx: Ctx): Reply {
	const t = controlTerminal(sb, ctx.params[0]);
	t.status = oneOf(ctx.body.status, STATUSES, 'status', t.status);
	t.updatedAt = sb.now();
	return json(200, terminalJson(sb, t));
}

/** The payment the terminal shows: its newest open point-of-sale payment. */
export function currentPayment(sb: Sandbox, t: Terminal): Payment | null {
	let best: Payment | null = null;
	for (const p of Object.values(sb.store.state.payments)) {
		if (p.terminalId === t.id && p.status === 'open' && (!best || p.seq > best.seq)) best = p;
	}
	return best;
}

/** The simulator's buttons: what the card holder (or the terminal) does. */
export const TERMINAL_ACTIONS: Record<string, { status: PaymentStatus; label: string }> = {
	approve: { status: 'paid', label: 'Approve (card accepted)' },
	decline: { status: 'failed', label: 'Decline (card refused)' },
	timeout: { status: 'expired', label: 'Timeout (no card presented)' },
	cancel: { status: 'canceled', label: 'Customer cancels' }
};

function isForm(ctx: Ctx): boolean {
	return (ctx.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

/**
 * POST /_sandbox/terminals/:id/approve|decline|timeout|cancel — moves the terminal's current
 * open payment to paid/failed/expired/canceled (with its webhook). 409 when nothing is waiting.
 * JSON answers the payment; the simulator page's form posts are sent back to the page.
 */
export function terminalAction(sb: Sandbox, ctx: Ctx): Reply {
	const t = controlTerminal(sb, ctx.params[0]);
	const action = TERMINAL_ACTIONS[ctx.params[1]];
	if (!action) throw new MollieError(404, `Unknown terminal action '${ctx.params[1]}'.`);
	const p = currentPayment(sb, t);
	if (!p) {
		if (isForm(ctx)) return redirect(`${sb.baseUrl}/_sandbox/terminals/${t.id}`);
		throw new MollieError(409, `The terminal ${t.id} has no open payment.`);
	}
	if (action.status === 'paid') p.cardPresent = { tap: t.brand === 'Tap' };
	transition(sb, p, action.status);
	if (isForm(ctx)) return redirect(`${sb.baseUrl}/_sandbox/terminals/${t.id}?done=${p.id}`);
	return json(200, paymentJson(sb, p));
}

/** GET /_sandbox/terminals/:id — the terminal simulator (plain HTML forms, no JavaScript). */
export function terminalPage(sb: Sandbox, ctx: Ctx): Reply {
	const t = controlTerminal(sb, ctx.params[0]);
	const p = currentPayment(sb, t);
	const doneId = ctx.url.searchParams.get('done');
	const done = doneId ? sb.store.state.payments[doneId] : undefined;
	const head = `<h1>Terminal — ${escapeHtml(t.description)}</h1><p>${escapeHtml(t.brand)} ${escapeHtml(t.model)}${t.serialNumber ? ` · serial ${escapeHtml(t.serialNumber)}` : ''} · <code>${escapeHtml(t.id)}</code> · ${t.mode} mode · status <strong>${t.status}</strong></p>`;
	const last =
		done && done.terminalId === t.id
			? `<p role="status">Last payment <code>${escapeHtml(done.id)}</code>: <strong>${done.status}</strong>.</p>`
			: '';
	let body: string;
	if (!p) {
		body = `<p role="status">No payment waiting. Create a point-of-sale payment with <code>terminalId: ${escapeHtml(t.id)}</code>, then reload.</p>`;
	} else {
		const a = toJson(p.amount);
		const buttons = Object.entries(TERMINAL_ACTIONS)
			.map(
				([key, { label }], i) =>
					`<form method="post" action="/_sandbox/terminals/${escapeHtml(t.id)}/${key}"><button type="submit"${i === 0 ? '' : ' class="secondary"'}>${escapeHtml(label)}</button></form>`
			)
			.join('');
		body = `<section aria-label="Payment waiting"><p class="amount" style="font-size:2rem;font-weight:700">${escapeHtml(a.currency)} ${escapeHtml(a.value)}</p><p>${escapeHtml(p.description)}</p><p>Present card — payment <code>${escapeHtml(p.id)}</code></p><div class="actions">${buttons}</div></section>`;
	}
	return html(200, page('en', `Terminal ${t.id}`, `${head}${last}${body}`));
}
