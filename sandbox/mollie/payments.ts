import type { Ctx, Reply } from './http.ts';
import { docs, hal, link, optionalUrl, HAL } from './http.ts';
import { MollieError, notFound } from './errors.ts';
import { authenticate, canSee, modeFor, profileFor, requireScope, type Auth } from './auth.ts';
import type { Sandbox } from './core.ts';
import { convert, parseAmount, toJson, type Money } from './money.ts';
import { iso } from './clock.ts';
import { LOCALES, METHOD_IDS, METHODS, methodSpec, supportsAmount } from './methods.ts';
import type { Mode, Payment, PaymentStatus } from './types.ts';
import { refundJson } from './refunds.ts';
import { chargebackJson } from './chargebacks.ts';
import { paginate } from './pagination.ts';
import { visibleTerminal } from './terminals.ts';

const FINAL: PaymentStatus[] = ['paid', 'canceled', 'expired', 'failed'];

/** Mollie's status transitions. */
export const TRANSITIONS: Record<PaymentStatus, PaymentStatus[]> = {
	open: ['pending', 'authorized', 'paid', 'canceled', 'expired', 'failed'],
	pending: ['paid', 'authorized', 'failed', 'expired', 'canceled'],
	authorized: ['paid', 'canceled', 'expired'],
	paid: [],
	canceled: [],
	expired: [],
	failed: []
};

/** Statuses that call the webhook (not open/pending). */
const WEBHOOK_STATUSES: PaymentStatus[] = ['authorized', 'paid', 'canceled', 'expired', 'failed'];

const PRIVATE_V4 = [
	/^127\./,
	/^10\./,
	/^192\.168\./,
	/^172\.(1[6-9]|2\d|3[01])\./,
	/^169\.254\./,
	/^0\./,
	/^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./
];

/** Hosts Mollie's servers cannot reach: loopback, private and link-local ranges, local names. */
export function unreachableHost(hostname: string): boolean {
	const h = hostname
		.toLowerCase()
		.replace(/^\[|\]$/g, '')
		.replace(/\.$/, '');
	if (h === 'localhost' || h.endsWith('.localhost')) return true;
	if (h.endsWith('.local') || h.endsWith('.test') || h.endsWith('.internal')) return true;
	if (!h.includes('.') && !h.includes(':')) return true; // a bare intranet name
	if (PRIVATE_V4.some((r) => r.test(h))) return true;
	if (h.includes(':')) return h === '::1' || h === '::' || /^f[cd]/.test(h) || h.startsWith('fe80');
	return false;
}

/**
 * Strict mode answers like Mollie: a webhook URL it could not call is refused when the payment
 * is created (422 on `webhookUrl`), unless the host is explicitly allowed (test harness).
 */
function reachableWebhook(sb: Sandbox, url: string | null): string | null {
	if (!url || !sb.strict) return url;
	const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (sb.webhookAllow.includes(host) || !unreachableHost(host)) return url;
	throw new MollieError(
		422,
		"The webhook URL is invalid because it is unreachable from Mollie's point of view.",
		'webhookUrl'
	);
}

/** Methods that can place a hold (`captureMode: manual`) in the sandbox's catalogue (Mollie: cards, Klarna, Billie, Riverty, Vipps, MobilePay). */
export const MANUAL_CAPTURE_METHODS = ['creditcard'];

/** Mollie's method for a payment on a terminal (not in the online catalogue: no checkout). */
export const POINT_OF_SALE = 'pointofsale';
/** Point-of-sale amounts the sandbox accepts (EUR): a card payment's range. */
export const POS_MIN_MINOR = 1;
export const POS_MAX_MINOR = 5_000_000;
/** How long a terminal shows a payment before it expires when nobody presents a card. */
export const POS_EXPIRES_IN = 5 * 60_000;
/**
 * Bancontact's maximum for mobile payments (URL intent and QR code), EUR 1,500.00 — Mollie's
 * Bancontact page, "Maximum transaction amount"; card entry has no such limit.
 */
export const BANCONTACT_QR_MAX_MINOR = 150_000;
/** The QR image's size in `details.qrCode` (pixels). */
export const QR_SIZE = 180;

/**
 * Mollie's transitions, plus the capture rule: a payment is `authorized` only when it was
 * created with `captureMode: manual` (a hold to capture later); such a payment is authorized
 * before it is paid (the capture), never paid straight from open/pending.
 */
export function canTransition(p: Payment, next: PaymentStatus): boolean {
	if (!TRANSITIONS[p.status].includes(next)) return false;
	const manual = p.captureMode === 'manual';
	if (next === 'authorized') return manual;
	if (next === 'paid' && manual) return p.status === 'authorized';
	return true;
}

/** Where a bank transfer to Mollie goes (the sandbox's stand-in for Mollie's own account). */
export const BANK_TRANSFER_ACCOUNT = {
	bankName: 'Stichting Mollie Payments',
	bankAccount: 'NL53ABNA0627535577',
	bankBic: 'ABNANL2A'
};

/** An ISO 11649 creditor reference (RFxx…, valid check digits), grouped by four as Mollie shows it. */
export function transferReference(): string {
	const digits = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b % 10).join('');
	// R = 27, F = 15; check digits make (ref + "RF00") mod 97 = 1.
	const check = 98 - Number(BigInt(`${digits}271500`) % 97n);
	const ref = `RF${String(check).padStart(2, '0')}${digits}`;
	return ref.match(/.{1,4}/g)!.join('-');
}

/** Gives a payment whose method became bank transfer its reference (once). */
export function assignTransferReference(p: Payment): void {
	if (p.method === 'banktransfer' && !p.transferReference)
		p.transferReference = transferReference();
}

function parseCaptureMode(value: unknown, method: string | null): 'automatic' | 'manual' {
	if (value === undefined || value === null || value === 'automatic') return 'automatic';
	if (value !== 'manual') {
		throw new MollieError(422, `The capture mode '${String(value)}' is invalid.`, 'captureMode');
	}
	if (method && !MANUAL_CAPTURE_METHODS.includes(method)) {
		throw new MollieError(
			422,
			`The payment method '${method}' does not support manual capture.`,
			'captureMode'
		);
	}
	return 'manual';
}

export function isCancelable(p: Payment): boolean {
	return p.status === 'open' || p.status === 'authorized';
}

function sumMinor(items: { amount: Money }[]): number {
	return items.reduce((s, i) => s + i.amount.minor, 0);
}

export function paymentTotals(sb: Sandbox, p: Payment) {
	const refunds = Object.values(sb.store.state.refunds).filter(
		(r) => r.paymentId === p.id && r.status !== 'failed' && r.status !== 'canceled'
	);
	const chargebacks = Object.values(sb.store.state.chargebacks).filter(
		(c) => c.paymentId === p.id && c.reversedAt === null
	);
	const refunded = sumMinor(refunds);
	const chargedBack = sumMinor(chargebacks);
	const paidLike = p.status === 'paid';
	const remaining = paidLike ? Math.max(0, p.amount.minor - refunded - chargedBack) : 0;
	return { refunded, chargedBack, remaining };
}

/** A stable fake card per payment (what a terminal reads), Mastercard test range. */
function fakeCard(p: Payment) {
	const n = [...p.id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 10_000, 7);
	const last4 = String(n).padStart(4, '0');
	return {
		last4,
		masked: `545454******${last4}`,
		fingerprint: `fp_${p.id.slice(3)}`,
		authorizationCode: String((n * 7919) % 1_000_000).padStart(6, '0')
	};
}

/** `details` of a point-of-sale payment: the terminal, and the card once one was approved. */
function posDetails(p: Payment): Record<string, unknown> {
	const d: Record<string, unknown> = { terminalId: p.terminalId };
	if (p.status === 'paid' && p.cardPresent) {
		const c = fakeCard(p);
		Object.assign(d, {
			cardNumber: c.last4,
			maskedNumber: c.masked,
			cardFingerprint: c.fingerprint,
			cardLabel: 'Mastercard',
			cardCountryCode: 'BE',
			cardAudience: 'consumer',
			cardFunding: 'debit',
			receipt: {
				authorizationCode: c.authorizationCode,
				applicationIdentifier: 'A0000000041010',
				cardReadMethod: p.cardPresent.tap ? 'near-field-communication' : 'contactless',
				cardVerificationMethod: 'no-cvm-required'
			}
		});
	}
	if (p.status === 'failed') {
		d.failureReason = 'card_declined';
		d.failureMessage = 'The card was declined (sandbox terminal).';
	}
	return d;
}

/** `details.qrCode` of a Bancontact payment created with `include=details.qrCode`. */
export function qrCodeJson(sb: Sandbox, p: Payment) {
	return { height: QR_SIZE, width: QR_SIZE, src: `${sb.baseUrl}/_sandbox/qr/${p.id}.svg` };
}

export function paymentJson(sb: Sandbox, p: Payment, embed: string[] = [], include: string[] = []) {
	const base = sb.baseUrl;
	const t = paymentTotals(sb, p);
	const cur = p.amount.currency;
	const isPaid = p.status === 'paid';
	const links: Record<string, { href: string; type: string } | null> = {
		self: link(`${base}/v2/payments/${p.id}`),
		dashboard: link(`${base}/dashboard/payments/${p.id}`, 'text/html')
	};
	const pos = p.method === POINT_OF_SALE;
	// A point-of-sale payment waits on its terminal: no checkout; in test mode the state is
	// changed on the terminal (the sandbox's terminal simulator).
	if (p.status === 'open' && !pos) links.checkout = link(`${base}/checkout/${p.id}`, 'text/html');
	if (p.mode === 'test' && !FINAL.includes(p.status)) {
		links.changePaymentState = pos
			? link(`${base}/_sandbox/terminals/${p.terminalId}`, 'text/html')
			: link(`${base}/checkout/${p.id}`, 'text/html');
	}
	if (Object.values(sb.store.state.refunds).some((r) => r.paymentId === p.id)) {
		links.refunds = link(`${base}/v2/payments/${p.id}/refunds`);
	}
	if (Object.values(sb.store.state.chargebacks).some((c) => c.paymentId === p.id)) {
		links.chargebacks = link(`${base}/v2/payments/${p.id}/chargebacks`);
	}
	links.documentation = docs('get-payment');

	const out: Record<string, unknown> = {
		resource: 'payment',
		id: p.id,
		mode: p.mode,
		createdAt: iso(p.createdAt),
		amount: toJson(p.amount),
		description: p.description,
		method: p.method,
		metadata: p.metadata ?? null,
		status: p.status,
		isCancelable: isCancelable(p),
		profileId: p.profileId,
		sequenceType: p.sequenceType,
		redirectUrl: p.redirectUrl,
		webhookUrl: p.webhookUrl,
		locale: p.locale
	};
	if (p.cancelUrl) out.cancelUrl = p.cancelUrl;
	if (p.captureMode === 'manual') out.captureMode = 'manual';
	if (
		p.expiresAt !== null &&
		(p.status === 'open' || p.status === 'pending' || p.status === 'authorized')
	) {
		out.expiresAt = iso(p.expiresAt);
	}
	if (p.authorizedAt) out.authorizedAt = iso(p.authorizedAt);
	if (p.paidAt) out.paidAt = iso(p.paidAt);
	if (p.canceledAt) out.canceledAt = iso(p.canceledAt);
	if (p.expiredAt) out.expiredAt = iso(p.expiredAt);
	if (p.failedAt) out.failedAt = iso(p.failedAt);
	if (isPaid) {
		out.amountRefunded = toJson({ currency: cur, minor: t.refunded });
		out.amountRemaining = toJson({ currency: cur, minor: t.remaining });
		// Mollie leaves amountChargedBack out while nothing was charged back.
		if (t.chargedBack > 0) out.amountChargedBack = toJson({ currency: cur, minor: t.chargedBack });
		out.settlementAmount = toJson(
			convert({ currency: cur, minor: p.amount.minor - t.refunded - t.chargedBack }, 'EUR')
		);
		out.countryCode = 'BE';
	}
	if (p.method === 'banktransfer' && p.transferReference && p.status !== 'failed') {
		// Mollie's transfer instructions: where to wire the money, with which reference.
		out.details = { ...BANK_TRANSFER_ACCOUNT, transferReference: p.transferReference };
		if (p.status === 'open') {
			links.status = link(`${base}/checkout/${p.id}`, 'text/html');
			links.payOnline = link(`${base}/checkout/${p.id}`, 'text/html');
		}
	} else if (p.method === POINT_OF_SALE) {
		out.details = posDetails(p);
	} else if (p.status === 'failed') {
		out.details = {
			failureReason: 'unknown_reason',
			failureMessage: 'The payment failed (sandbox).'
		};
	} else if (p.method === 'bancontact' && p.status === 'paid' && p.qrCode) {
		// Paid in the Bancontact app: the card behind the app.
		const c = fakeCard(p);
		out.details = {
			cardNumber: c.last4,
			cardFingerprint: c.fingerprint,
			consumerName: 'J. Janssens',
			consumerAccount: null,
			consumerBic: null
		};
	}
	if (include.includes('details.qrCode') && p.qrCode && p.status === 'open') {
		out.details = { ...((out.details as object | undefined) ?? {}), qrCode: qrCodeJson(sb, p) };
	}
	out._links = links;
	if (embed.length > 0) {
		const embedded: Record<string, unknown[]> = {};
		if (embed.includes('refunds')) {
			embedded.refunds = Object.values(sb.store.state.refunds)
				.filter((r) => r.paymentId === p.id)
				.sort((a, b) => a.seq - b.seq)
				.map((r) => refundJson(sb, r));
		}
		if (embed.includes('chargebacks')) {
			embedded.chargebacks = Object.values(sb.store.state.chargebacks)
				.filter((c) => c.paymentId === p.id)
				.sort((a, b) => a.seq - b.seq)
				.map((c) => chargebackJson(sb, c));
		}
		out._embedded = embedded;
	}
	return out;
}

/** Finds a payment the credential may see in this mode, or throws Mollie's 404. */
export function visiblePayment(sb: Sandbox, auth: Auth, mode: Mode, id: string): Payment {
	const p = sb.store.state.payments[id];
	if (!p || !canSee(auth, mode, p)) throw notFound('payment', id);
	return p;
}

/**
 * Moves a payment to a new status with Mollie's rules, stamps the timestamp, and fires the
 * webhook where Mollie would. Returns false when the transition isn't allowed.
 */
export function transition(sb: Sandbox, p: Payment, next: PaymentStatus): boolean {
	if (p.status === next) return true;
	if (!canTransition(p, next)) return false;
	const now = sb.now();
	p.status = next;
	if (next === 'paid') p.paidAt = now;
	if (next === 'authorized') p.authorizedAt = now;
	if (next === 'canceled') p.canceledAt = now;
	if (next === 'expired') p.expiredAt = now;
	if (next === 'failed') p.failedAt = now;
	if (next === 'paid' && !p.method) p.method = p.allowedMethods?.[0] ?? 'ideal';
	if (WEBHOOK_STATUSES.includes(next)) sb.notify(p, `payment.${next}`);
	return true;
}

/** Expires open payments whose `expiresAt` passed (called by the scheduler). */
export function expireDue(sb: Sandbox): void {
	const now = sb.now();
	for (const p of Object.values(sb.store.state.payments)) {
		if (p.status === 'open' && p.expiresAt !== null && p.expiresAt <= now)
			transition(sb, p, 'expired');
	}
}

export function nextExpiry(sb: Sandbox): number | null {
	let next: number | null = null;
	for (const p of Object.values(sb.store.state.payments)) {
		if (p.status === 'open' && p.expiresAt !== null && (next === null || p.expiresAt < next)) {
			next = p.expiresAt;
		}
	}
	return next;
}

function parseMethod(
	value: unknown,
	amount: Money
): { method: string | null; allowed: string[] | null } {
	if (value === undefined || value === null) return { method: null, allowed: null };
	const list = Array.isArray(value) ? value : [value];
	const ids: string[] = [];
	if (list.includes(POINT_OF_SALE)) {
		if (list.length > 1) {
			throw new MollieError(
				422,
				"The payment method 'pointofsale' cannot be combined with other methods.",
				'method'
			);
		}
		if (amount.minor < POS_MIN_MINOR || amount.minor > POS_MAX_MINOR) {
			throw new MollieError(
				422,
				`The payment method 'pointofsale' is not available for ${amount.currency} ${toJson(amount).value}.`,
				'amount'
			);
		}
		return { method: POINT_OF_SALE, allowed: [POINT_OF_SALE] };
	}
	for (const v of list) {
		if (v === null) continue;
		if (typeof v !== 'string' || !METHOD_IDS.includes(v)) {
			throw new MollieError(422, `The payment method '${String(v)}' is invalid.`, 'method');
		}
		const spec = methodSpec(v);
		if (spec && !supportsAmount(spec, amount)) {
			throw new MollieError(
				422,
				`The payment method '${v}' is not available for ${amount.currency} ${toJson(amount).value}.`,
				'method'
			);
		}
		ids.push(v);
	}
	if (ids.length === 0) return { method: null, allowed: null };
	return { method: ids.length === 1 ? ids[0] : null, allowed: ids };
}

function parseDescription(value: unknown): string {
	if (value === undefined || value === null || value === '') {
		throw new MollieError(422, 'The description is required.', 'description');
	}
	if (typeof value !== 'string')
		throw new MollieError(422, 'The description must be a string.', 'description');
	// Mollie truncates descriptions longer than 255 characters.
	return value.slice(0, 255);
}

function parseMetadata(value: unknown): unknown {
	if (value === undefined) return null;
	if (JSON.stringify(value).length > 1024) {
		throw new MollieError(
			422,
			'The metadata is too large: at most 1024 bytes of JSON.',
			'metadata'
		);
	}
	return value;
}

function parseLocale(value: unknown): string | null {
	if (value === undefined || value === null || value === '') return null;
	if (typeof value !== 'string' || !LOCALES.includes(value)) {
		throw new MollieError(422, `The locale '${String(value)}' is invalid.`, 'locale');
	}
	return value;
}

/** POST /v2/payments */
export function createPayment(sb: Sandbox, ctx: Ctx): Reply {
	const auth = authenticate(sb, ctx);
	requireScope(auth, 'payments.write');
	const mode = modeFor(auth, ctx);
	const b = ctx.body;
	const profile = profileFor(auth, sb, b.profileId);
	const amount = parseAmount(b.amount, 'amount');
	const description = parseDescription(b.description);
	// A point-of-sale payment never sends the customer anywhere: no redirect URL needed.
	const missingRedirect =
		b.redirectUrl === undefined || b.redirectUrl === null || b.redirectUrl === '';
	if (missingRedirect && b.method !== POINT_OF_SALE) {
		throw new MollieError(422, 'The redirect URL is required.', 'redirectUrl');
	}
	const redirectUrl = optionalUrl(b, 'redirectUrl');
	const cancelUrl = optionalUrl(b, 'cancelUrl');
	const webhookUrl = reachableWebhook(sb, optionalUrl(b, 'webhookUrl'));
	const metadata = parseMetadata(b.metadata);
	const locale = parseLocale(b.locale);
	const { method, allowed } = parseMethod(b.method, amount);
	const captureMode = parseCaptureMode(b.captureMode, method);
	if (captureMode === 'manual' && allowed?.some((m) => !MANUAL_CAPTURE_METHODS.includes(m))) {
		throw new MollieError(
			422,
			'Manual capture is only supported by card payments here.',
			'captureMode'
		);
	}
	const sequenceType = b.sequenceType ?? 'oneoff';
	if (sequenceType !== 'oneoff' && sequenceType !== 'first' && sequenceType !== 'recurring') {
		throw new MollieError(
			422,
			`The sequence type '${String(sequenceType)}' is invalid.`,
			'sequenceType'
		);
	}
	if (sequenceType === 'recurring') {
		throw new MollieError(
			422,
			'Recurring payments need a customer with a valid mandate.',
			'customerId'
		);
	}
	const terminalId =
		method === POINT_OF_SALE ? parseTerminal(sb, auth, mode, profile.id, b, amount) : null;
	if (method !== POINT_OF_SALE && b.terminalId !== undefined && b.terminalId !== null) {
		throw new MollieError(
			422,
			"The terminalId is only allowed for the payment method 'pointofsale'.",
			'terminalId'
		);
	}
	const qrCode = includeList(ctx).includes('details.qrCode');
	if (qrCode) checkQrCode(method, amount);
	if (method !== POINT_OF_SALE && !METHODS.some((m) => supportsAmount(m, amount))) {
		throw new MollieError(
			422,
			`No payment method is available for ${amount.currency} ${toJson(amount).value}.`,
			'amount'
		);
	}
	if (mode === 'live' && (!auth.organization.canReceivePayments || profile.status !== 'verified')) {
		throw new MollieError(
			422,
			'This organization cannot receive live payments yet: complete the onboarding first.',
			'profileId'
		);
	}
	const now = sb.now();
	const expiresIn =
		method === POINT_OF_SALE
			? POS_EXPIRES_IN
			: method
				? (methodSpec(method)?.expiresIn ?? 15 * 60_000)
				: 15 * 60_000;
	const p: Payment = {
		id: sb.newId('tr_'),
		seq: sb.store.nextSeq(),
		mode,
		organizationId: auth.organization.id,
		profileId: profile.id,
		amount,
		description,
		redirectUrl,
		cancelUrl,
		webhookUrl,
		metadata,
		method,
		allowedMethods: allowed,
		locale,
		sequenceType,
		captureMode,
		terminalId,
		qrCode,
		cardPresent: null,
		transferReference: null,
		status: 'open',
		createdAt: now,
		expiresAt: now + expiresIn,
		authorizedAt: null,
		paidAt: null,
		canceledAt: null,
		expiredAt: null,
		failedAt: null
	};
	assignTransferReference(p);
	sb.store.state.payments[p.id] = p;
	return hal(201, paymentJson(sb, p, [], qrCode ? ['details.qrCode'] : []));
}

function includeList(ctx: Ctx): string[] {
	return (ctx.url.searchParams.get('include') ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
}

/**
 * `terminalId` of a point-of-sale payment: required, a terminal of this organization and mode,
 * on the payment's profile, active, in the payment's currency.
 */
function parseTerminal(
	sb: Sandbox,
	auth: Auth,
	mode: Mode,
	profileId: string,
	b: Record<string, unknown>,
	amount: Money
): string {
	const id = b.terminalId;
	if (id === undefined || id === null || id === '') {
		throw new MollieError(
			422,
			"The terminalId is required for the payment method 'pointofsale'.",
			'terminalId'
		);
	}
	const t = typeof id === 'string' ? visibleTerminal(sb, auth, mode, id) : null;
	if (!t) throw new MollieError(422, `The terminal '${String(id)}' does not exist.`, 'terminalId');
	if (t.profileId !== profileId) {
		throw new MollieError(
			422,
			`The terminal '${t.id}' belongs to another profile than the payment.`,
			'terminalId'
		);
	}
	if (t.status !== 'active') {
		throw new MollieError(
			422,
			`The terminal '${t.id}' is ${t.status}: only an active terminal can take payments.`,
			'terminalId'
		);
	}
	if (t.currency !== amount.currency) {
		throw new MollieError(
			422,
			`The terminal '${t.id}' takes ${t.currency} payments, not ${amount.currency}.`,
			'amount.currency'
		);
	}
	return t.id;
}

/**
 * `include=details.qrCode`: the sandbox implements Bancontact's QR (Mollie also documents QR
 * codes for iDEAL and bank transfer; not simulated here, so refused rather than silently left
 * out), up to Bancontact's mobile maximum of EUR 1,500.00.
 */
function checkQrCode(method: string | null, amount: Money): void {
	if (method !== 'bancontact') {
		throw new MollieError(
			422,
			"A QR code can only be included for the payment method 'bancontact' in this sandbox.",
			'include'
		);
	}
	if (amount.minor > BANCONTACT_QR_MAX_MINOR) {
		throw new MollieError(
			422,
			`The amount is higher than the maximum for a Bancontact QR code (EUR 1500.00).`,
			'amount'
		);
	}
}

function embedList(ctx: Ctx): string[] {
	return (ctx.url.searchParams.get('embed') ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
}

/** GET /v2/payments/:id */
export function getPayment(sb: Sandbox, ctx: Ctx): Reply {
	const auth = authenticate(sb, ctx);
	requireScope(auth, 'payments.read');
	const p = visiblePayment(sb, auth, modeFor(auth, ctx), ctx.params[0]);
	const embed = embedList(ctx);
	if (embed.includes('refunds')) requireScope(auth, 'refunds.read');
	return hal(200, paymentJson(sb, p, embed, includeList(ctx)));
}

/** GET /v2/payments */
export function listPayments(sb: Sandbox, ctx: Ctx): Reply {
	const auth = authenticate(sb, ctx);
	requireScope(auth, 'payments.read');
	const mode = modeFor(auth, ctx);
	const profile = profileFor(auth, sb, ctx.url.searchParams.get('profileId'));
	const items = Object.values(sb.store.state.payments).filter(
		(p) => canSee(auth, mode, p) && p.profileId === profile.id
	);
	return hal(
		200,
		paginate(sb, ctx, items, 'payments', (p) => paymentJson(sb, p), 'list-payments')
	);
}

/** PATCH /v2/payments/:id */
export function updatePayment(sb: Sandbox, ctx: Ctx): Reply {
	const auth = authenticate(sb, ctx);
	requireScope(auth, 'payments.write');
	const p = visiblePayment(sb, auth, modeFor(auth, ctx), ctx.params[0]);
	const b = ctx.body;
	const openOnly = ['redirectUrl', 'cancelUrl', 'method', 'locale'].filter(
		(f) => b[f] !== undefined
	);
	if (openOnly.length > 0 && p.status !== 'open') {
		throw new MollieError(
			422,
			`The payment's ${openOnly[0]} can only be updated while the payment is open.`,
			openOnly[0]
		);
	}
	if (b.description !== undefined) p.description = parseDescription(b.description);
	if (b.redirectUrl !== undefined) {
		if (b.redirectUrl === null || b.redirectUrl === '') {
			throw new MollieError(422, 'The redirect URL is required.', 'redirectUrl');
		}
		p.redirectUrl = optionalUrl(b, 'redirectUrl');
	}
	if (b.cancelUrl !== undefined) p.cancelUrl = optionalUrl(b, 'cancelUrl');
	if (b.webhookUrl !== undefined) p.webhookUrl = reachableWebhook(sb, optionalUrl(b, 'webhookUrl'));
	if (b.metadata !== undefined) p.metadata = parseMetadata(b.metadata);
	if (b.locale !== undefined) p.locale = parseLocale(b.locale);
	if (b.method !== undefined) {
		const wanted = Array.isArray(b.method) ? b.method : [b.method];
		if (p.method === POINT_OF_SALE || wanted.includes(POINT_OF_SALE)) {
			throw new MollieError(
				422,
				"The method of a 'pointofsale' payment cannot be changed, nor changed to it.",
				'method'
			);
		}
		const { method, allowed } = parseMethod(b.method, p.amount);
		if (p.captureMode === 'manual' && method && !MANUAL_CAPTURE_METHODS.includes(method)) {
			throw new MollieError(
				422,
				`The payment method '${method}' does not support manual capture.`,
				'method'
			);
		}
		p.method = method;
		p.allowedMethods = allowed;
		assignTransferReference(p);
		if (method) p.expiresAt = p.createdAt + (methodSpec(method)?.expiresIn ?? 15 * 60_000);
	}
	return hal(200, paymentJson(sb, p));
}

/** DELETE /v2/payments/:id — cancel. */
export function cancelPayment(sb: Sandbox, ctx: Ctx): Reply {
	const auth = authenticate(sb, ctx);
	requireScope(auth, 'payments.write');
	const p = visiblePayment(sb, auth, modeFor(auth, ctx), ctx.params[0]);
	if (!isCancelable(p)) {
		throw new MollieError(422, `The payment cannot be canceled: its status is '${p.status}'.`);
	}
	transition(sb, p, 'canceled');
	return hal(200, paymentJson(sb, p));
}

export { HAL };
