// `npm run bench -- --scale` (issue 13): one company grown to 100, 10,000 and 100,000 invoices
// through the real schema (scripts/lib/seedScale.ts, big batched inserts), and at each size the
// signed-in pages timed on the production build twice: on the local database file, and through
// the local libSQL HTTP server (scripts/lib/hrana) behind a proxy that adds a delay to every
// request, as a Worker talking to Turso pays per round trip. The proxy also counts the round
// trips of one page view. Then Lighthouse (mobile) on the invoice list and the editor at the
// largest size, and the Mollie webhook against its floor.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { closeSync, copyFileSync, openSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { ClientCore } from 'mollie-api-typescript/core.js';
import { paymentsGet } from 'mollie-api-typescript/funcs/paymentsGet.js';
import { createAccount } from '../../src/lib/server/auth/accounts';
import { createSession } from '../../src/lib/server/auth/session';
import { randomToken } from '../../src/lib/server/secrets/tokens';
import type { Db } from '../../src/lib/server/db';
import * as schema from '../../src/lib/server/db/schema';
import { decryptSecret } from '../../src/lib/server/secrets/crypto';
import { startHranaServer } from '../lib/hrana/server';
import { seedScale } from '../lib/seedScale';
import type { BenchDb } from './app';
import { runLighthouse, type LighthouseFigures } from './payPage';
import { freePort } from './servers';
import { seedPayments } from './transactions';
import { fetchRetry, median, sleep, waitFor } from './util';

export const SIZES = [100, 10_000, 100_000] as const;

export interface RouteFigure {
	ms: number;
	html: number;
	status: number;
}

export interface ScaleFigures {
	routes: string[];
	/** Per size: route → figures on the file, through the delayed HTTP database, round trips. */
	sizes: {
		invoices: number;
		seedMs: number;
		local: Record<string, RouteFigure>;
		remote: Record<string, RouteFigure>;
		trips: Record<string, number>;
	}[];
	delayMs: number;
	lighthouse: Record<string, LighthouseFigures>;
}

/** The pages measured, with the id of one invoice of the company for the single invoice page. */
function routes(invoiceId: string): Record<string, string> {
	return {
		dashboard: '/dashboard',
		'invoice list': '/invoices',
		'new invoice (editor)': '/invoices/new',
		'payments overview': '/payments',
		'single invoice page': `/invoices/${invoiceId}`,
		'/api/changes': '/api/changes',
		customers: '/customers',
		'Mollie transactions': '/payments/mollie'
	};
}

async function get(url: string, cookie: string) {
	const started = performance.now();
	const res = await fetchRetry(url, { headers: { cookie }, redirect: 'manual' });
	const body = await res.arrayBuffer();
	return { status: res.status, ms: performance.now() - started, bytes: body.byteLength };
}

async function timeRoute(url: string, cookie: string, samples: number): Promise<RouteFigure> {
	const first = await get(url, cookie);
	const times: number[] = [];
	for (let i = 0; i < samples; i++) times.push((await get(url, cookie)).ms);
	return { ms: median(times), html: first.bytes, status: first.status };
}

/** A proxy in front of the Hrana server: `delayMs` before each request, and a request count. */
async function delayingProxy(delayMs: number) {
	const state = { requests: 0, target: '' };
	const server: Server = createServer((req, res) => {
		state.requests++;
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			void (async () => {
				await sleep(delayMs);
				const headers: Record<string, string> = {};
				for (const [k, v] of Object.entries(req.headers)) {
					if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
				}
				const upstream = await fetch(`${state.target}${req.url}`, {
					method: req.method,
					headers,
					body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks)
				});
				const body = Buffer.from(await upstream.arrayBuffer());
				res.writeHead(upstream.status, {
					'content-type': upstream.headers.get('content-type') ?? 'application/json'
				});
				res.end(body);
			})().catch((err: unknown) => {
				res.writeHead(502);
				res.end(String(err));
			});
		});
	});
	const port = await freePort();
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${port}`,
		state,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

/** A second `vite preview` of the same build whose database is the delayed HTTP one. */
export async function startRemotePreview(opts: {
	root: string;
	databaseUrl: string;
	sandboxURL: string;
	tokenKey: string;
	logFile: string;
}) {
	const port = await freePort();
	const baseURL = `http://127.0.0.1:${port}`;
	const fd = openSync(opts.logFile, 'w');
	const child: ChildProcess = spawn(
		'npx',
		['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
		{
			cwd: opts.root,
			detached: true,
			stdio: ['ignore', fd, fd],
			env: {
				...process.env,
				DATABASE_URL: opts.databaseUrl,
				PUBLIC_BASE_URL: baseURL,
				MOLLIE_API_URL: opts.sandboxURL,
				TOKEN_ENCRYPTION_KEY: opts.tokenKey,
				MAIL_TRANSPORT: 'outbox'
			}
		}
	);
	closeSync(fd);
	const stop = () => {
		try {
			if (child.pid) process.kill(-child.pid, 'SIGTERM');
		} catch {
			// Gone already.
		}
	};
	process.on('exit', stop);
	await waitFor(
		async () => {
			const res = await fetch(`${baseURL}/login`).catch(() => null);
			await res?.arrayBuffer();
			return res?.ok ?? false;
		},
		90_000,
		`the second preview on ${baseURL}`,
		250
	);
	return { baseURL, stop };
}

export async function measureScale(opts: {
	root: string;
	db: BenchDb;
	databaseFile: string;
	baseURL: string;
	sandboxURL: string;
	tokenKey: string;
	logDir: string;
	samples: number;
	delayMs: number;
	lighthouseRuns: number;
	step: (text: string) => void;
	cleanups: (() => Promise<void> | void)[];
}): Promise<ScaleFigures> {
	const { db, step } = opts;
	const appDb = db as unknown as Db;
	const account = await createAccount(appDb, {
		email: `scale-${Date.now()}@example.test`,
		password: 'scale bench password',
		name: 'Scale Owner',
		companyName: 'Scale Historique SRL',
		locale: 'en'
	});
	if (!account.ok) throw new Error('scale: could not create the company');
	const token = randomToken();
	await createSession(appDb, token, account.userId);
	const cookie = `acquit_session=${token}`;
	const [journal] = await db
		.select({ id: schema.journals.id })
		.from(schema.journals)
		.where(eq(schema.journals.companyId, account.companyId));

	step('scale: starting the libSQL HTTP server, its delaying proxy and a second preview …');
	// The HTTP database serves a copy, taken after each size is seeded: two engines sharing one
	// file in rollback-journal mode stalled each other's locks (a page waited over a minute).
	// The same goes for the page timings on a file: the bench's long-running preview stalled on
	// its database once this process had seeded it (cause not found), so each size gets a fresh
	// preview on its own copy.
	const remoteFile = opts.databaseFile.replace(/\.db$/, '-remote.db');
	const localFile = opts.databaseFile.replace(/\.db$/, '-local.db');
	let local: Awaited<ReturnType<typeof startRemotePreview>> | null = null;
	opts.cleanups.push(() => local?.stop());
	let hrana: Awaited<ReturnType<typeof startHranaServer>> | null = null;
	opts.cleanups.push(() => hrana?.close());
	const proxy = await delayingProxy(opts.delayMs);
	opts.cleanups.push(() => proxy.close());
	let remote: Awaited<ReturnType<typeof startRemotePreview>> | null = null;
	opts.cleanups.push(() => remote?.stop());

	const figures: ScaleFigures = { routes: [], sizes: [], delayMs: opts.delayMs, lighthouse: {} };
	let seeded = 0;
	for (const [n, size] of SIZES.entries()) {
		step(`scale: seeding up to ${size.toLocaleString('en')} invoices …`);
		const started = performance.now();
		const prefix = `z${n}`;
		const added = size - seeded;
		await seedScale(appDb, {
			companyId: account.companyId,
			journalId: journal!.id,
			invoices: added,
			prefix,
			seed: 31 + n
		});
		// Mollie payments for one invoice in ten, with their ledger rows.
		const some = Array.from({ length: Math.ceil(added / 10) }, (_, i) => ({
			id: `${prefix}i${i * 10}`,
			number: '',
			customer: ''
		}));
		await seedPayments(
			db,
			{ companyId: account.companyId, cookie, invoices: some },
			some.length,
			'pfl_scalebench1'
		);
		seeded = size;
		const seedMs = performance.now() - started;
		await hrana?.close();
		local?.stop();
		copyFileSync(opts.databaseFile, localFile);
		copyFileSync(opts.databaseFile, remoteFile);
		local = await startRemotePreview({
			root: opts.root,
			databaseUrl: `file:${localFile}`,
			sandboxURL: opts.sandboxURL,
			tokenKey: opts.tokenKey,
			logFile: `${opts.logDir}/local-preview-${size}.log`
		});
		hrana = await startHranaServer({ file: remoteFile });
		proxy.state.target = hrana.url;
		remote ??= await startRemotePreview({
			root: opts.root,
			databaseUrl: proxy.url,
			sandboxURL: opts.sandboxURL,
			tokenKey: opts.tokenKey,
			logFile: `${opts.logDir}/remote-preview.log`
		});

		const newest = `${prefix}i${added - 4}`;
		const pages = routes(newest);
		figures.routes = Object.keys(pages);
		const localFigures: Record<string, RouteFigure> = {};
		const remoteFigures: Record<string, RouteFigure> = {};
		const trips: Record<string, number> = {};
		step(`scale: timing ${figures.routes.length} pages at ${size.toLocaleString('en')} …`);
		for (const [name, path] of Object.entries(pages)) {
			localFigures[name] = await timeRoute(`${local.baseURL}${path}`, cookie, opts.samples);
			proxy.state.requests = 0;
			await get(`${remote.baseURL}${path}`, cookie);
			trips[name] = proxy.state.requests;
			remoteFigures[name] = await timeRoute(`${remote.baseURL}${path}`, cookie, opts.samples);
		}
		figures.sizes.push({
			invoices: size,
			seedMs,
			local: localFigures,
			remote: remoteFigures,
			trips
		});
	}

	for (const [name, path] of [
		['invoice list', '/invoices'],
		['new invoice (editor)', '/invoices/new']
	] as const) {
		step(`scale: Lighthouse mobile on ${path} at ${SIZES.at(-1)!.toLocaleString('en')} …`);
		figures.lighthouse[name] = await runLighthouse(
			`${local!.baseURL}${path}`,
			opts.lighthouseRuns,
			cookie
		);
	}
	return figures;
}

export interface WebhookFloor {
	webhookMs: number;
	/** The payment fetched as the webhook must fetch it (`embed=refunds,chargebacks`), one write. */
	floorMs: number;
	/** The same without `embed` (the floor as measured until 2026-12-07), one write. */
	plainFloorMs: number;
	/** An empty delivery (`id=`): what receiving any request costs the app's server. */
	receiptMs: number;
	requests: number;
}

/**
 * The webhook of a known paid payment against its floor, interleaved so both see the same
 * machine: the floor is what no implementation can avoid — one fetch of the payment from Mollie
 * through the SDK (the same sandbox, the company's token, the same request: with its refunds and
 * chargebacks embedded, which issue 13 asks the webhook to read in that one call) plus one write
 * transaction on the same database file — done in this process, without HTTP to the app. The
 * same floor without `embed` is timed too (a smaller answer; what the bench called the floor
 * before), so the two can be told apart. Receiving a delivery is
 * unavoidable too, so an empty one (`id=`, answered before any database or Mollie work) is timed
 * in the same rounds: it shows what the server (here `vite preview`) costs per request.
 */
export async function webhookAgainstFloor(opts: {
	db: BenchDb;
	baseURL: string;
	sandboxURL: string;
	tokenKey: string;
	companyId: string;
	paymentId: string;
	requests: number;
}): Promise<WebhookFloor> {
	const { db } = opts;
	const [connection] = await db
		.select()
		.from(schema.mollieConnections)
		.where(eq(schema.mollieConnections.companyId, opts.companyId));
	if (!connection?.accessToken) throw new Error('webhook floor: the company has no Mollie token');
	const keys = { encryptionKey: opts.tokenKey, oldEncryptionKeys: [] };
	// As src/lib/server/mollie/tokens.ts seals it (that module reads $env, which exists only
	// inside Vite) and as client.ts builds the SDK client.
	const accessToken = await decryptSecret(
		connection.accessToken,
		keys,
		`mollie:${opts.companyId}:access`
	);
	const client = new ClientCore({
		serverURL: opts.sandboxURL,
		security: { oAuth: accessToken },
		testmode: connection.mode === 'test',
		retryConfig: { strategy: 'none' }
	});
	const deliver = async (id: string) => {
		const res = await fetch(`${opts.baseURL}/api/webhooks/mollie`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: `id=${id}`
		});
		await res.arrayBuffer();
		if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
	};
	const webhook: number[] = [];
	const floor: number[] = [];
	const plainFloor: number[] = [];
	const receipt: number[] = [];
	const fetchAndWrite = async (embed?: string) => {
		const payment = await paymentsGet(client, { paymentId: opts.paymentId, embed });
		if (!payment.ok) throw new Error(`floor: Mollie answered ${String(payment.error)}`);
		await db.batch([
			db
				.update(schema.molliePayments)
				.set({ updatedAt: new Date() })
				.where(eq(schema.molliePayments.id, opts.paymentId))
		]);
	};
	for (let i = 0; i < opts.requests; i++) {
		let started = performance.now();
		await deliver(opts.paymentId);
		webhook.push(performance.now() - started);

		started = performance.now();
		await deliver('');
		receipt.push(performance.now() - started);

		started = performance.now();
		await fetchAndWrite('refunds,chargebacks');
		floor.push(performance.now() - started);

		started = performance.now();
		await fetchAndWrite();
		plainFloor.push(performance.now() - started);
	}
	return {
		webhookMs: median(webhook),
		floorMs: median(floor),
		plainFloorMs: median(plainFloor),
		receiptMs: median(receipt),
		requests: opts.requests
	};
}
