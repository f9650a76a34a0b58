import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'mollie-api-typescript';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSandbox, type RunningSandbox, type StartOptions } from '../server.ts';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET, SEED } from '../seed.ts';

export { SEED, DEV_CLIENT_ID, DEV_CLIENT_SECRET };
export const CALLBACK = 'http://127.0.0.1:5173/apps/mollie/callback';
export const BASIC = { username: DEV_CLIENT_ID, password: DEV_CLIENT_SECRET };
export const ALL_TEST_SCOPES = [
	'organizations.read',
	'profiles.read',
	'onboarding.read',
	'payments.read',
	'payments.write',
	'refunds.read',
	'refunds.write'
];
const NO_RETRY = { strategy: 'none' } as const;

export async function start(opts: StartOptions = {}): Promise<RunningSandbox> {
	return startSandbox({ port: 0, ...opts });
}

/**
 * The hooks of a test file that shares one sandbox: started before the first test and handed to
 * `ready`, reset to its seed before each test, closed at the end. A callback rather than a return
 * value, so the file can keep a plain `sb` variable.
 */
export function useSandbox(ready: (sb: RunningSandbox) => void, opts: StartOptions = {}) {
	let sb: RunningSandbox;
	beforeAll(async () => {
		sb = await start(opts);
		ready(sb);
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.store.reset(sb.clock.now()));
}

/** SDK client with an API key (no retries, so error tests see the first answer). */
export function keyClient(sb: RunningSandbox, key: string = SEED.testKey): Client {
	return new Client({ serverURL: sb.url, security: { apiKey: key }, retryConfig: NO_RETRY });
}

/** SDK client with an OAuth access token; `profileId`/`testmode` become client defaults. */
export function oauthClient(
	sb: RunningSandbox,
	token: string,
	defaults: { profileId?: string; testmode?: boolean } = {}
): Client {
	return new Client({
		serverURL: sb.url,
		security: { oAuth: token },
		retryConfig: NO_RETRY,
		...defaults
	});
}

/** Client for /oauth2/tokens (Basic auth is passed per call). */
export function tokenClient(sb: RunningSandbox): Client {
	return new Client({ serverURL: sb.url, retryConfig: NO_RETRY });
}

export async function control<T = unknown>(
	sb: RunningSandbox,
	method: string,
	path: string,
	body?: unknown
): Promise<{ status: number; body: T }> {
	const res = await fetch(`${sb.url}/_sandbox${path}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await res.text();
	return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Runs the consent screen with plain form posts (as a browser without JS would). */
export async function authorize(
	sb: RunningSandbox,
	opts: {
		organization?: string;
		scopes?: string[];
		state?: string;
		redirectUri?: string | null;
		decision?: string;
	} = {}
): Promise<URL> {
	const q = new URLSearchParams({
		client_id: DEV_CLIENT_ID,
		state: opts.state ?? 'xyz',
		scope: (opts.scopes ?? ALL_TEST_SCOPES).join(' '),
		response_type: 'code',
		approval_prompt: 'auto'
	});
	if (opts.redirectUri !== null) q.set('redirect_uri', opts.redirectUri ?? CALLBACK);
	const page = await fetch(`${sb.url}/oauth2/authorize?${q}`);
	if (page.status !== 200) throw new Error(`authorize page ${page.status}`);
	const form = new URLSearchParams(q);
	form.set('organization', opts.organization ?? SEED.dupont);
	form.set('decision', opts.decision ?? 'approve');
	const res = await fetch(`${sb.url}/oauth2/authorize`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: form.toString(),
		redirect: 'manual'
	});
	const location = res.headers.get('location');
	if (!location) throw new Error(`no redirect (${res.status})`);
	return new URL(location);
}

/** Full OAuth dance through the SDK's token endpoint; returns both tokens. */
export async function connect(
	sb: RunningSandbox,
	opts: { organization?: string; scopes?: string[] } = {}
): Promise<{ accessToken: string; refreshToken: string }> {
	const redirect = await authorize(sb, opts);
	const code = redirect.searchParams.get('code');
	if (!code) throw new Error(`no code in ${redirect.href}`);
	const t = await tokenClient(sb).oauth.generate(BASIC, {
		requestBody: { grantType: 'authorization_code', code, redirectUri: CALLBACK }
	});
	return { accessToken: t.accessToken as string, refreshToken: t.refreshToken as string };
}

export const paymentInput = (over: Record<string, unknown> = {}) => ({
	amount: { currency: 'EUR', value: '12.50' },
	description: 'Invoice 2024-001',
	redirectUrl: 'https://acquit.example/return',
	...over
});

/** Expects `fn` to throw an SDK error with this HTTP status; returns the error for more checks. */
export async function rejects(
	fn: () => Promise<unknown>,
	status: number
): Promise<{ statusCode: number; body: string; field?: string; detail?: string; name: string }> {
	try {
		await fn();
	} catch (e) {
		const err = e as {
			statusCode?: number;
			body?: string;
			field?: string;
			detail?: string;
			name: string;
		};
		if (err.statusCode !== status) {
			throw new Error(
				`expected HTTP ${status}, got ${err.statusCode}: ${err.name} ${err.body ?? String(e)}`,
				{ cause: e }
			);
		}
		return err as {
			statusCode: number;
			body: string;
			field?: string;
			detail?: string;
			name: string;
		};
	}
	throw new Error(`expected HTTP ${status}, but the call succeeded`);
}

/** Raw API call for inputs the SDK refuses to send (e.g. amount.value as a number). */
export async function raw(
	sb: RunningSandbox,
	method: string,
	path: string,
	body: unknown,
	token: string = SEED.testKey
): Promise<{ status: number; contentType: string; body: Record<string, unknown> }> {
	const res = await fetch(`${sb.url}${path}`, {
		method,
		headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await res.text();
	return {
		status: res.status,
		contentType: res.headers.get('content-type') ?? '',
		body: text ? (JSON.parse(text) as Record<string, unknown>) : {}
	};
}

export interface Receiver {
	url: string;
	hits: { body: string; headers: IncomingMessage['headers']; at: number }[];
	/** Status to answer for hit number n (1-based). */
	respond: (n: number) => number | 'hang';
	close(): Promise<void>;
}

/** A local webhook receiver. */
export async function receiver(
	respond: (n: number) => number | 'hang' = () => 200
): Promise<Receiver> {
	const r: Receiver = { url: '', hits: [], respond, close: async () => undefined };
	const server: Server = createServer((req, res) => {
		let body = '';
		req.on('data', (c: Buffer) => (body += c.toString()));
		req.on('end', () => {
			r.hits.push({ body, headers: req.headers, at: Date.now() });
			const answer = r.respond(r.hits.length);
			if (answer === 'hang') return;
			res.writeHead(answer, { 'Content-Type': 'text/plain' });
			res.end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/mollie`;
	r.close = () =>
		new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return r;
}

export async function waitFor<T>(
	fn: () => Promise<T | undefined> | T | undefined,
	ms = 5000
): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const v = await fn();
		if (v !== undefined && v !== false) return v;
		if (Date.now() > end) throw new Error('waitFor timed out');
		await new Promise((r) => setTimeout(r, 10));
	}
}
