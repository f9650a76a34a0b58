import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Ctx, Reply } from './http.ts';
import { hal, html, json, parseBody } from './http.ts';
import { MollieError, OAuthError, errorBody } from './errors.ts';
import { Sandbox } from './core.ts';
import type { Clock } from './clock.ts';
import type { Store } from './store.ts';
import type { AppConfig, FailRule } from './types.ts';
import { defaultApps } from './seed.ts';
import * as payments from './payments.ts';
import * as refunds from './refunds.ts';
import * as chargebacks from './chargebacks.ts';
import * as methods from './methods.ts';
import * as orgs from './organizations.ts';
import * as oauth from './oauth.ts';
import * as checkout from './checkout.ts';
import * as control from './control.ts';
import * as terminals from './terminals.ts';
import * as bancontactQr from './bancontactqr.ts';
import { page } from './layout.ts';

type Handler = (sb: Sandbox, ctx: Ctx) => Reply;
interface Route {
	method: string;
	pattern: RegExp;
	handler: Handler;
}

const ID = '([A-Za-z0-9_]+)';
const r = (method: string, path: string, handler: Handler): Route => ({
	method,
	pattern: new RegExp(`^${path.replace(/:id/g, ID)}$`),
	handler
});

const ROUTES: Route[] = [
	r('GET', '/oauth2/authorize', oauth.authorizePage),
	r('POST', '/oauth2/authorize', oauth.authorizeSubmit),
	r('POST', '/oauth2/tokens', oauth.tokens),
	r('DELETE', '/oauth2/tokens', oauth.revokeToken),
	r('GET', '/v2/organizations/me', orgs.getCurrentOrganization),
	r('GET', '/v2/organizations/:id', orgs.getOrganization),
	r('GET', '/v2/onboarding/me', orgs.getOnboarding),
	r('GET', '/v2/profiles', orgs.listProfiles),
	r('GET', '/v2/profiles/:id', orgs.getProfile),
	r('GET', '/v2/methods', methods.listMethods),
	r('GET', '/v2/methods/all', methods.listAllMethods),
	r('GET', '/v2/methods/:id', methods.getMethod),
	r('POST', '/v2/payments', payments.createPayment),
	r('GET', '/v2/payments', payments.listPayments),
	r('GET', '/v2/payments/:id', payments.getPayment),
	r('PATCH', '/v2/payments/:id', payments.updatePayment),
	r('DELETE', '/v2/payments/:id', payments.cancelPayment),
	r('POST', '/v2/payments/:id/refunds', refunds.createRefund),
	r('GET', '/v2/payments/:id/refunds', refunds.listPaymentRefunds),
	r('GET', '/v2/payments/:id/refunds/:id', refunds.getRefund),
	r('DELETE', '/v2/payments/:id/refunds/:id', refunds.cancelRefund),
	r('GET', '/v2/refunds', refunds.listAllRefunds),
	r('GET', '/v2/payments/:id/chargebacks', chargebacks.listPaymentChargebacks),
	r('GET', '/v2/payments/:id/chargebacks/:id', chargebacks.getChargeback),
	r('GET', '/v2/chargebacks', chargebacks.listAllChargebacks),
	r('GET', '/v2/terminals', terminals.listTerminals),
	r('GET', '/v2/terminals/:id', terminals.getTerminal),
	r('GET', '/checkout/:id', checkout.checkoutPage),
	r('POST', '/checkout/:id', checkout.submitStatus),
	r('POST', '/checkout/:id/method', checkout.chooseMethod),
	r('GET', '/dashboard/payments/:id', checkout.dashboardPage),
	r('GET', '/external/icons/payment-methods/([A-Za-z0-9@%._-]+)', (_sb, ctx) =>
		methods.methodIcon(ctx)
	),
	r('GET', '/_sandbox', control.index),
	r('POST', '/_sandbox/reset', control.reset),
	r('GET', '/_sandbox/state', control.dumpState),
	r('GET', '/_sandbox/clock', control.clockInfo),
	r('POST', '/_sandbox/clock/advance', control.advanceClock),
	r('POST', '/_sandbox/clock/speed', control.setSpeed),
	r('POST', '/_sandbox/payments/:id/status', control.setPaymentStatus),
	r('POST', '/_sandbox/payments/:id/expire', control.expirePayment),
	r('POST', '/_sandbox/payments/:id/chargebacks', control.createChargeback),
	r('POST', '/_sandbox/chargebacks/:id/reverse', control.reverse),
	r('POST', '/_sandbox/refunds/:id/status', control.setRefund),
	r('POST', '/_sandbox/fail-next', control.failNext),
	r('POST', '/_sandbox/organizations/:id/revoke', control.revokeOrganization),
	r('POST', '/_sandbox/oauth/code', control.oauthCode),
	r('GET', '/_sandbox/webhooks', control.webhookLog),
	r('POST', '/_sandbox/webhooks/drop', control.dropWebhooks),
	r('POST', '/_sandbox/profiles/:id/methods', control.activateMethods),
	r('POST', '/_sandbox/organizations/:id/onboarding', control.advanceOnboarding),
	r('POST', '/_sandbox/refunds/queue-next', control.queueRefunds),
	r('POST', '/_sandbox/profiles/:id/terminals', terminals.createTerminal),
	r('POST', '/_sandbox/terminals/:id/status', terminals.setTerminalStatus),
	r('GET', '/_sandbox/terminals/:id', terminals.terminalPage),
	r('POST', '/_sandbox/terminals/:id/(approve|decline|timeout|cancel)', terminals.terminalAction),
	r('GET', '/_sandbox/qr/:id\\.svg', bancontactQr.qrImage),
	r('GET', '/_sandbox/scan/:id', bancontactQr.scanPage),
	r('POST', '/_sandbox/scan/:id/(pay|cancel)', bancontactQr.scanAction),
	r('GET', '/', (sb) =>
		html(
			200,
			page(
				'en',
				'Mollie sandbox',
				`<h1>Mollie sandbox</h1><p>API: <code>${sb.baseUrl}/v2</code>. OAuth: <code>${sb.baseUrl}/oauth2/authorize</code>, <code>${sb.baseUrl}/oauth2/tokens</code>. Control API: <a href="/_sandbox">/_sandbox</a>.</p>`
			)
		)
	)
];

const API_PATH = /^\/(v2\/|oauth2\/tokens)/;
const MUTATING = new Set(['POST', 'PATCH', 'DELETE']);
const MAX_BODY = 1024 * 1024;
/** Mollie keeps idempotency keys 24 hours (docs: API idempotency). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;

/** The body's meaning, whatever the key order or encoding (JSON or form). */
function canonical(v: unknown): string {
	if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
	if (v && typeof v === 'object') {
		const o = v as Record<string, unknown>;
		return `{${Object.keys(o)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(v) ?? 'null';
}

function takeFailRule(sb: Sandbox, path: string): FailRule | null {
	if (!API_PATH.test(path)) return null;
	const rules = sb.store.state.failRules;
	const rule = rules.find(
		(x) => x.remaining > 0 && (!x.pathPrefix || path.startsWith(x.pathPrefix))
	);
	if (!rule) return null;
	rule.remaining -= 1;
	sb.store.state.failRules = rules.filter((x) => x.remaining > 0);
	return rule;
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY) {
				reject(new MollieError(413, 'The request body is too large.'));
				req.destroy();
			} else chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function errorReply(e: unknown): Reply {
	if (e instanceof MollieError) return hal(e.status, e.toJSON());
	if (e instanceof OAuthError) {
		return json(e.status, { error: e.error, error_description: e.description });
	}
	console.error('[mollie-sandbox] internal error', e);
	return hal(
		500,
		errorBody(500, 'An internal server error occurred while processing your request.')
	);
}

export function createHandler(sb: Sandbox, holds: Set<ServerResponse>) {
	return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		let reply: Reply;
		try {
			reply = await handle(sb, req, res, holds);
		} catch (e) {
			reply = errorReply(e);
		}
		if (reply.status === 0) return; // held open (simulated timeout)
		const headers: Record<string, string> = { ...reply.headers };
		if (reply.contentType) headers['Content-Type'] = reply.contentType;
		if (reply.contentType?.startsWith('text/html')) {
			headers['Cache-Control'] = 'no-store';
			headers['Content-Security-Policy'] =
				"default-src 'self'; style-src 'unsafe-inline'; img-src 'self'";
		}
		res.writeHead(reply.status, headers);
		res.end(reply.body ?? '');
	};
}

async function handle(
	sb: Sandbox,
	req: IncomingMessage,
	res: ServerResponse,
	holds: Set<ServerResponse>
): Promise<Reply> {
	const method = (req.method ?? 'GET').toUpperCase();
	const url = new URL(req.url ?? '/', sb.baseUrl);
	const path = url.pathname.replace(/\/+$/, '') || '/';
	const rawBody = await readBody(req);
	sb.tick();

	const rule = takeFailRule(sb, path);
	if (rule) {
		if (rule.status === 'timeout') {
			holds.add(res);
			res.on('close', () => holds.delete(res));
			return { status: 0 };
		}
		if (rule.status === 'malformed') {
			// A success status with a body in no documented shape: the SDK's validation refuses it.
			return hal(method === 'POST' ? 201 : 200, { resource: 'unexpected', id: 42, _links: {} });
		}
		const detail =
			rule.status === 429
				? 'You have exceeded the rate limit. Please try again later.'
				: rule.status === 503
					? 'The service is temporarily unavailable. Please try again later.'
					: 'An internal server error occurred while processing your request.';
		const reply = hal(rule.status, errorBody(rule.status, detail));
		if (rule.status === 429) reply.headers = { 'Retry-After': '1' };
		return reply;
	}

	const candidates = ROUTES.filter((rt) => rt.pattern.test(path));
	const route = candidates.find((rt) => rt.method === method);
	if (!route) {
		if (candidates.length > 0) {
			return hal(405, errorBody(405, `The method ${method} is not allowed on ${path}.`));
		}
		if (
			path.startsWith('/checkout') ||
			path.startsWith('/dashboard') ||
			path.startsWith('/_sandbox/terminals/') ||
			path.startsWith('/_sandbox/scan/') ||
			path === '/favicon.ico'
		) {
			return html(404, page('en', 'Not found', '<h1>Not found</h1>'));
		}
		return hal(404, errorBody(404, `The resource ${path} could not be found.`));
	}
	const params = (route.pattern.exec(path) ?? []).slice(1);
	const ctx: Ctx = {
		method,
		url,
		path,
		headers: req.headers,
		rawBody,
		body: parseBody(rawBody, req.headers['content-type']),
		params
	};

	// Mollie's idempotency: POST only (the key is ignored on GET, PATCH and DELETE), kept 24 hours,
	// per credentials; the same key for another endpoint or body is a 400; a replay carries
	// `Idempotent-Replayed: true`.
	const idemKey = req.headers['idempotency-key'];
	const useIdem =
		typeof idemKey === 'string' && idemKey !== '' && method === 'POST' && path.startsWith('/v2/');
	const storeKey = useIdem ? `${req.headers.authorization ?? ''}|${idemKey}` : '';
	if (useIdem) {
		const kept = sb.store.state.idempotency;
		for (const [k, v] of Object.entries(kept)) {
			if (sb.now() - v.storedAt >= IDEMPOTENCY_TTL_MS) delete kept[k];
		}
		const cached = kept[storeKey];
		if (cached) {
			const same =
				(cached.method ?? method) === method &&
				(cached.path ?? path) === path &&
				(cached.requestBody ?? canonical(ctx.body)) === canonical(ctx.body);
			if (!same) {
				return hal(
					400,
					errorBody(
						400,
						'The Idempotency-Key was already used for a different request: send a new key for a new request.'
					)
				);
			}
			return {
				status: cached.status,
				body: cached.body,
				contentType: cached.contentType,
				headers: { 'Idempotent-Replayed': 'true' }
			};
		}
	}
	let reply: Reply;
	try {
		reply = route.handler(sb, ctx);
	} catch (e) {
		reply = errorReply(e);
	}
	if (useIdem && reply.status < 500) {
		sb.store.state.idempotency[storeKey] = {
			status: reply.status,
			body: reply.body ?? '',
			contentType: reply.contentType ?? '',
			storedAt: sb.now(),
			method,
			path,
			requestBody: canonical(ctx.body)
		};
	}
	if (MUTATING.has(method)) sb.tick();
	return reply;
}

export interface StartOptions {
	/** 0 picks a free port. Default: SANDBOX_PORT or 7777. */
	port?: number;
	/** Default: SANDBOX_HOST or 127.0.0.1. */
	host?: string;
	/** Sandbox time runs this many times faster than real time (0 freezes it). */
	clockSpeed?: number;
	/** Persist state to this JSON file (loaded on start if present). */
	persistFile?: string;
	/** Registered OAuth apps (default: the Acquit dev app). */
	apps?: AppConfig[];
	/** Real-time limit for a webhook answer (default 15000 ms, as Mollie). */
	webhookTimeoutMs?: number;
	/** Behave like Mollie: refuse unreachable webhook URLs, exact redirect URIs only. */
	strict?: boolean;
	/** Webhook hosts strict mode accepts anyway, e.g. ['127.0.0.1'] for a local test harness. */
	webhookAllow?: string[];
}

export interface RunningSandbox {
	url: string;
	port: number;
	clock: Clock;
	store: Store;
	sandbox: Sandbox;
	close(): Promise<void>;
}

export async function startSandbox(opts: StartOptions = {}): Promise<RunningSandbox> {
	const sb = new Sandbox({
		clockSpeed: opts.clockSpeed,
		persistFile: opts.persistFile,
		apps: opts.apps ?? defaultApps(),
		webhookTimeoutMs: opts.webhookTimeoutMs,
		strict: opts.strict,
		webhookAllow: opts.webhookAllow
	});
	const holds = new Set<ServerResponse>();
	const sockets = new Set<Socket>();
	const server: Server = createServer((req, res) => void createHandler(sb, holds)(req, res));
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	const host = opts.host ?? process.env.SANDBOX_HOST ?? '127.0.0.1';
	const port = opts.port ?? Number(process.env.SANDBOX_PORT ?? 7777);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve());
	});
	const actual = (server.address() as AddressInfo).port;
	const hostPart = host.includes(':') ? `[${host}]` : host;
	sb.baseUrl = `http://${hostPart}:${actual}`;
	sb.tick();
	let closing: Promise<void> | null = null;
	return {
		url: sb.baseUrl,
		port: actual,
		clock: sb.clock,
		store: sb.store,
		sandbox: sb,
		close() {
			closing ??= (async () => {
				await sb.close();
				for (const res of holds) res.destroy();
				await new Promise<void>((resolve) => {
					server.close(() => resolve());
					for (const s of sockets) s.destroy();
				});
			})();
			return closing;
		}
	};
}
