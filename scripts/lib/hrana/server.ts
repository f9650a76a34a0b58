// DEVELOPMENT AND TEST TOOL ONLY — never used in production (production talks to Turso).
// A Hrana-over-HTTP server (the protocol of `@libsql/client/web`) on top of the real libSQL
// engine from the `libsql` package, so the Worker build can run in workerd against a local file.
//
// One connection serves every stream. A stream that leaves a transaction open owns the
// connection until it commits, rolls back, closes or expires; other streams wait for it. That
// makes transactions serializable and keeps one stream from ever running inside another's
// transaction, which is all a development database needs.
import Database from 'libsql';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Engine, StreamState, toHranaError } from './engine';
import {
	ProtocolError,
	type CursorRequest,
	type PipelineRequest,
	type PipelineResponse,
	type StreamResult
} from './protocol';

export type HranaServerOptions = {
	/** Database file (created if missing), or `:memory:`. */
	file: string;
	/** 0 (the default) picks a free port. */
	port?: number;
	host?: string;
	/** When set, requests must carry `Authorization: Bearer <authToken>`. */
	authToken?: string;
	/** A stream idle this long is closed and its open transaction rolled back. */
	streamTimeoutMs?: number;
	/** How long a request waits for another stream's transaction before failing. */
	lockTimeoutMs?: number;
	log?: (line: string) => void;
};

export type HranaServer = { url: string; port: number; close: () => Promise<void> };

type Stream = { id: number; state: StreamState; timer?: NodeJS.Timeout };

const MAX_BODY = 16 * 1024 * 1024;
const VERSION = 'acquit-hrana-dev/1 (libsql 0.5.29)';

export async function startHranaServer(options: HranaServerOptions): Promise<HranaServer> {
	const {
		file,
		port = 0,
		host = '127.0.0.1',
		authToken,
		streamTimeoutMs = 15_000,
		lockTimeoutMs = 10_000,
		log = () => {}
	} = options;
	if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
	const db = new Database(file, { timeout: 2_000 });
	const engine = new Engine(db);

	const streams = new Map<string, Stream>();
	let nextStreamId = 1;
	let owner: Stream | null = null;
	let waiters: (() => void)[] = [];

	const newBaton = (stream: Stream) => `${stream.id}.${randomBytes(12).toString('hex')}`;

	function release(stream: Stream) {
		if (owner !== stream) return;
		owner = null;
		const woken = waiters;
		waiters = [];
		for (const wake of woken) wake();
	}

	async function acquire(stream: Stream) {
		const deadline = Date.now() + lockTimeoutMs;
		while (owner !== null && owner !== stream) {
			const left = deadline - Date.now();
			if (left <= 0) {
				throw new ProtocolError(
					'database is locked by another stream’s transaction',
					'SQLITE_BUSY',
					503
				);
			}
			await new Promise<void>((wake) => {
				const timer = setTimeout(wake, left);
				waiters.push(() => {
					clearTimeout(timer);
					wake();
				});
			});
		}
	}

	function closeStream(stream: Stream, why: string) {
		clearTimeout(stream.timer);
		for (const [baton, s] of streams) if (s === stream) streams.delete(baton);
		if (owner === stream) {
			if (engine.rollbackIfOpen()) log(`stream ${stream.id} ${why}: open transaction rolled back`);
			release(stream);
		}
	}

	/** Finds (or opens) the stream, takes the connection, runs `work`, keeps or closes the stream. */
	async function withStream<T>(
		baton: string | null | undefined,
		work: (stream: Stream) => { value: T; close: boolean }
	): Promise<{ value: T; baton: string | null }> {
		let stream: Stream;
		if (baton) {
			const found = streams.get(baton);
			if (!found) {
				throw new ProtocolError('The stream has expired or the baton is invalid', 'STREAM_EXPIRED');
			}
			streams.delete(baton);
			clearTimeout(found.timer);
			stream = found;
		} else {
			stream = { id: nextStreamId++, state: new StreamState() };
		}
		try {
			await acquire(stream);
			// Held while the requests run; kept afterwards only if a transaction stays open.
			owner = stream;
			const { value, close } = work(stream);
			if (close) {
				closeStream(stream, 'closed');
				return { value, baton: null };
			}
			if (engine.autocommit) release(stream);
			const next = newBaton(stream);
			streams.set(next, stream);
			stream.timer = setTimeout(() => closeStream(stream, 'expired'), streamTimeoutMs);
			stream.timer.unref();
			return { value, baton: next };
		} catch (e) {
			closeStream(stream, 'failed');
			throw e;
		}
	}

	async function pipeline(body: PipelineRequest): Promise<PipelineResponse> {
		if (!body || !Array.isArray(body.requests)) {
			throw new ProtocolError('Expected {baton, requests: [...]}', 'HRANA_PROTO_ERROR');
		}
		const { value, baton } = await withStream(body.baton, (stream) => {
			const results: StreamResult[] = [];
			let close = false;
			for (const request of body.requests) {
				if (close) {
					results.push({
						type: 'error',
						error: { message: 'The stream is closed', code: 'STREAM_CLOSED' }
					});
					continue;
				}
				if (request?.type === 'close') {
					engine.rollbackIfOpen();
					close = true;
				}
				results.push(engine.handle(stream.state, request));
			}
			return { value: results, close };
		});
		return { baton, base_url: null, results: value };
	}

	async function cursor(body: CursorRequest): Promise<string> {
		if (!body?.batch || !Array.isArray(body.batch.steps)) {
			throw new ProtocolError('Expected {baton, batch: {steps: [...]}}', 'HRANA_PROTO_ERROR');
		}
		const { value, baton } = await withStream(body.baton, (stream) => ({
			value: engine.cursorEntries(stream.state, body.batch),
			close: false
		}));
		// A cursor response is newline-delimited JSON: the head, then one entry per line.
		return [{ baton, base_url: null }, ...value].map((x) => JSON.stringify(x) + '\n').join('');
	}

	async function route(req: IncomingMessage, res: ServerResponse) {
		const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';
		if (req.method === 'GET' && path === '/health') return send(res, 200, 'text/plain', 'ok');
		if (req.method === 'GET' && path === '/version') return send(res, 200, 'text/plain', VERSION);
		if (authToken && req.headers.authorization !== `Bearer ${authToken}`) {
			return sendError(res, new ProtocolError('Authentication failed', 'AUTH_FAILED', 401));
		}
		// Version probes. JSON only: `v3-protobuf` is deliberately absent, so clients that probe
		// it fall back to JSON.
		if (req.method === 'GET' && (path === '/v2' || path === '/v3')) {
			return send(res, 200, 'text/plain', '');
		}
		if (req.method === 'POST' && (path === '/v2/pipeline' || path === '/v3/pipeline')) {
			const body = (await readJson(req)) as PipelineRequest;
			return send(res, 200, 'application/json', JSON.stringify(await pipeline(body)));
		}
		if (req.method === 'POST' && path === '/v3/cursor') {
			const body = (await readJson(req)) as CursorRequest;
			return send(res, 200, 'text/plain', await cursor(body));
		}
		return sendError(
			res,
			new ProtocolError(`No route for ${req.method} ${path}`, 'NOT_FOUND', 404)
		);
	}

	const server = createServer((req, res) => {
		route(req, res).catch((e: unknown) => {
			if (!(e instanceof ProtocolError)) log(`internal error: ${String(e)}`);
			sendError(res, e);
		});
	});
	await new Promise<void>((ready, fail) => {
		server.once('error', fail);
		server.listen(port, host, () => ready());
	});
	const actual = (server.address() as AddressInfo).port;
	const url = `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
	log(`Hrana dev server on ${url} (${file})`);

	return {
		url,
		port: actual,
		close: async () => {
			for (const stream of new Set(streams.values())) closeStream(stream, 'server closing');
			await new Promise<void>((done) => {
				server.close(() => done());
				server.closeAllConnections();
			});
			db.close();
		}
	};
}

function send(res: ServerResponse, status: number, type: string, body: string) {
	// Exactly `application/json`: hrana-client only parses error bodies with that content type.
	res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
	res.end(body);
}

function sendError(res: ServerResponse, e: unknown) {
	if (res.headersSent) return res.destroy();
	const status = e instanceof ProtocolError ? e.status : 500;
	send(res, status, 'application/json', JSON.stringify(toHranaError(e)));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY) throw new ProtocolError('Request body too large', 'BODY_TOO_LARGE', 413);
		chunks.push(chunk as Buffer);
	}
	try {
		return JSON.parse(Buffer.concat(chunks).toString('utf8'));
	} catch {
		throw new ProtocolError('Request body is not valid JSON', 'HRANA_PROTO_ERROR');
	}
}
