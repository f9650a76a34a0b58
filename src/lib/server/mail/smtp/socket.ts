// A TCP (or TLS) connection with just what an SMTP client needs, on two runtimes: Cloudflare's
// `cloudflare:sockets` in workerd, `node:net`/`node:tls` on Node (vite preview, tests, scripts).
// Which one is a property of the runtime, not of configuration: workerd says who it is in
// navigator.userAgent.

export type Security = 'tls' | 'starttls' | 'none';

export interface MailSocket {
	/** Next chunk of bytes; null once the server closed the connection. */
	read(): Promise<Uint8Array | null>;
	write(data: Uint8Array): Promise<void>;
	/** Upgrades this connection to TLS (after the server said yes to STARTTLS). */
	startTls(): Promise<MailSocket>;
	close(): void;
}

export class SocketError extends Error {
	constructor(
		message: string,
		readonly code: string
	) {
		super(message);
		this.name = 'SocketError';
	}
}

const onWorkers = () => globalThis.navigator?.userAgent === 'Cloudflare-Workers';

export function openSocket(host: string, port: number, security: Security): Promise<MailSocket> {
	return onWorkers()
		? openWorkersSocket(host, port, security)
		: openNodeSocket(host, port, security);
}

// ——— workerd ———

type CfSocket = {
	readable: ReadableStream<Uint8Array>;
	writable: WritableStream<Uint8Array>;
	opened: Promise<unknown>;
	close(): Promise<void>;
	startTls(): CfSocket;
};

async function openWorkersSocket(host: string, port: number, security: Security) {
	// A variable specifier: Vite and Node never try to resolve this module, workerd has it.
	const specifier = 'cloudflare:sockets';
	const { connect } = (await import(/* @vite-ignore */ specifier)) as {
		connect(
			address: { hostname: string; port: number },
			options: { secureTransport: 'on' | 'off' | 'starttls'; allowHalfOpen: boolean }
		): CfSocket;
	};
	const socket = connect(
		{ hostname: host, port },
		{
			secureTransport: security === 'tls' ? 'on' : security === 'starttls' ? 'starttls' : 'off',
			allowHalfOpen: false
		}
	);
	try {
		await socket.opened;
	} catch (e) {
		throw new SocketError(e instanceof Error ? e.message : String(e), 'ECONNREFUSED');
	}
	return wrapWorkers(socket);
}

function wrapWorkers(socket: CfSocket): MailSocket {
	const reader = socket.readable.getReader();
	const writer = socket.writable.getWriter();
	return {
		async read() {
			try {
				const { value, done } = await reader.read();
				return done ? null : (value ?? new Uint8Array());
			} catch (e) {
				throw new SocketError(e instanceof Error ? e.message : String(e), 'ECONNRESET');
			}
		},
		async write(data) {
			await writer.write(data);
		},
		async startTls() {
			reader.releaseLock();
			writer.releaseLock();
			return wrapWorkers(socket.startTls());
		},
		close() {
			socket.close().catch(() => {});
		}
	};
}

// ——— Node ———

type NodeStream = import('node:net').Socket;

async function openNodeSocket(host: string, port: number, security: Security) {
	const net = await import('node:net');
	const tls = await import('node:tls');
	const stream: NodeStream =
		security === 'tls'
			? tls.connect({ host, port, servername: host })
			: net.connect({ host, port });
	await new Promise<void>((resolve, reject) => {
		stream.once(security === 'tls' ? 'secureConnect' : 'connect', () => resolve());
		stream.once('error', (e: NodeJS.ErrnoException) =>
			reject(new SocketError(e.message, e.code ?? 'ECONNREFUSED'))
		);
	});
	return wrapNode(stream, host);
}

function wrapNode(stream: NodeStream, host: string): MailSocket {
	const chunks: Uint8Array[] = [];
	let ended = false;
	let failure: SocketError | null = null;
	let wake: (() => void) | null = null;
	const notify = () => {
		wake?.();
		wake = null;
	};
	const onData = (chunk: Buffer) => {
		chunks.push(new Uint8Array(chunk));
		notify();
	};
	const onEnd = () => {
		ended = true;
		notify();
	};
	const onError = (e: NodeJS.ErrnoException) => {
		failure = new SocketError(e.message, e.code ?? 'ECONNRESET');
		notify();
	};
	stream.on('data', onData);
	stream.on('end', onEnd);
	stream.on('close', onEnd);
	stream.on('error', onError);
	const detach = () => {
		stream.off('data', onData);
		stream.off('end', onEnd);
		stream.off('close', onEnd);
		stream.off('error', onError);
	};
	return {
		async read() {
			while (chunks.length === 0 && !ended && !failure) {
				await new Promise<void>((resolve) => (wake = resolve));
			}
			if (chunks.length) return chunks.shift()!;
			if (failure) throw failure;
			return null;
		},
		write(data) {
			return new Promise((resolve, reject) =>
				stream.write(data, (e) =>
					e ? reject(new SocketError(e.message, 'ECONNRESET')) : resolve()
				)
			);
		},
		async startTls() {
			detach();
			const tls = await import('node:tls');
			const secure = tls.connect({ socket: stream, servername: host });
			await new Promise<void>((resolve, reject) => {
				secure.once('secureConnect', () => resolve());
				secure.once('error', (e: NodeJS.ErrnoException) =>
					reject(new SocketError(e.message, e.code ?? 'ETLS'))
				);
			});
			return wrapNode(secure, host);
		},
		close() {
			stream.destroy();
		}
	};
}
