import { encodeBase64 } from '@oslojs/encoding';
import { openSocket, SocketError, type MailSocket, type Security } from './socket';

// A small SMTP client (RFC 5321) over MailSocket: the same code sends from Node and from
// workerd. It speaks what submission servers need: EHLO, STARTTLS when offered, AUTH PLAIN or
// LOGIN, one MAIL FROM, a RCPT TO per recipient, DATA, QUIT.

export interface SmtpServer {
	host: string;
	port: number;
	/**
	 * `tls`: implicit TLS (smtps, 465); `starttls`: upgrade when the server offers it, and never
	 * log in without it; `none`: plain SMTP (a relay on a trusted network).
	 */
	security: Security;
	user?: string;
	password?: string;
}

/**
 * Why sending failed, in categories the delivery layer words and decides on: `transient`
 * failures are retried automatically (connection refused, timeout, any 4xx reply), permanent
 * ones are not (5xx, a refused address, refused credentials).
 */
export type SmtpFailure =
	| 'connection' // refused, reset, unknown host
	| 'timeout'
	| 'tls'
	| 'no_starttls' // STARTTLS expected, not offered: the login was not sent in clear
	| 'auth' // the server refused the user name or password
	| 'recipient' // the server refused an address (RCPT TO)
	| 'rejected'; // any other refusal (sender, message content, size)

export class SmtpError extends Error {
	constructor(
		readonly failure: SmtpFailure,
		/** The server's reply code, when there was one. */
		readonly code: number | null,
		/** The server's words, or the socket's error. */
		readonly detail: string
	) {
		super(`${failure}: ${detail}`);
		this.name = 'SmtpError';
	}

	get transient(): boolean {
		if (this.code !== null) return this.code >= 400 && this.code < 500;
		return this.failure === 'connection' || this.failure === 'timeout';
	}
}

export interface Reply {
	code: number;
	lines: string[];
	text: string;
}

const encoder = new TextEncoder();
const DEFAULT_TIMEOUT_MS = 20_000;

class Session {
	private buffer = '';
	private decoder = new TextDecoder();
	constructor(
		private socket: MailSocket,
		private readonly timeoutMs: number
	) {}

	/** One complete (possibly multi-line) reply. */
	async reply(): Promise<Reply> {
		const lines: string[] = [];
		for (;;) {
			const eol = this.buffer.indexOf('\n');
			if (eol >= 0) {
				const line = this.buffer.slice(0, eol).replace(/\r$/, '');
				this.buffer = this.buffer.slice(eol + 1);
				lines.push(line);
				if (!/^\d{3}-/.test(line)) {
					const code = Number(line.slice(0, 3));
					if (!Number.isInteger(code) || code < 200) {
						throw new SmtpError('rejected', null, `not an SMTP reply: ${line.slice(0, 200)}`);
					}
					return { code, lines, text: lines.join('\n') };
				}
				continue;
			}
			const chunk = await this.timed(this.socket.read());
			if (chunk === null) {
				throw new SmtpError('connection', null, 'the server closed the connection');
			}
			this.buffer += this.decoder.decode(chunk, { stream: true });
		}
	}

	async command(line: string): Promise<Reply> {
		await this.timed(this.socket.write(encoder.encode(line + '\r\n')));
		return this.reply();
	}

	async upgrade() {
		this.socket = await this.timed(this.socket.startTls());
		this.buffer = '';
	}

	async writeRaw(data: string) {
		await this.timed(this.socket.write(encoder.encode(data)));
	}

	close() {
		this.socket.close();
	}

	private timed<T>(promise: Promise<T>): Promise<T> {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(
				() => reject(new SmtpError('timeout', null, `no answer within ${this.timeoutMs / 1000} s`)),
				this.timeoutMs
			);
		});
		return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
	}
}

function expect(reply: Reply, ok: (code: number) => boolean, failure: SmtpFailure): Reply {
	if (!ok(reply.code)) throw new SmtpError(failure, reply.code, reply.text);
	return reply;
}
const is2xx = (c: number) => c >= 200 && c < 300;

/** Dot-stuffing (RFC 5321 4.5.2) and the end-of-data marker; line ends normalized to CRLF. */
export function dataBlock(message: string): string {
	const crlf = message.replace(/\r?\n/g, '\r\n');
	const stuffed = crlf.replace(/^\./, '..').replace(/\r\n\./g, '\r\n..');
	return (stuffed.endsWith('\r\n') ? stuffed : stuffed + '\r\n') + '.\r\n';
}

const b64 = (s: string) => encodeBase64(encoder.encode(s));

/**
 * Sends one message. Resolves with the server's final answer to DATA (`250 …queued as …`);
 * rejects with an SmtpError that says what went wrong and whether trying again may help.
 */
export async function smtpSend(
	server: SmtpServer,
	envelope: { from: string; to: string[] },
	message: string,
	options: { timeoutMs?: number; helo?: string } = {}
): Promise<Reply> {
	const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	let socket: MailSocket;
	try {
		socket = await Promise.race([
			openSocket(server.host, server.port, server.security),
			new Promise<never>((_, reject) =>
				setTimeout(
					() =>
						reject(
							new SmtpError('timeout', null, `could not connect within ${timeoutMs / 1000} s`)
						),
					timeoutMs
				)
			)
		]);
	} catch (e) {
		throw asSmtpError(e, server.security === 'tls' ? 'tls' : 'connection');
	}
	const session = new Session(socket, timeoutMs);
	try {
		expect(await session.reply(), (c) => c === 220, 'rejected');
		const helo = options.helo ?? 'acquit.invalid';
		let ehlo = expect(await session.command(`EHLO ${helo}`), is2xx, 'rejected');
		const offers = (word: string) =>
			ehlo.lines.some(
				(l) =>
					l
						.slice(4)
						.toUpperCase()
						.split(/[\s=]+/)[0] === word
			);
		if (server.security === 'starttls' && offers('STARTTLS')) {
			expect(await session.command('STARTTLS'), (c) => c === 220, 'tls');
			try {
				await session.upgrade();
			} catch (e) {
				throw asSmtpError(e, 'tls');
			}
			ehlo = expect(await session.command(`EHLO ${helo}`), is2xx, 'rejected');
		} else if (server.security === 'starttls' && server.user) {
			// Without STARTTLS the password would cross the network in clear (or a man in the
			// middle stripped the offer): refuse before AUTH. `none` is the explicit opt-out.
			throw new SmtpError(
				'no_starttls',
				null,
				'the server does not offer STARTTLS; the login was not sent unencrypted'
			);
		}
		if (server.user) {
			const auth = ehlo.lines.find((l) => /^AUTH[\s=]/i.test(l.slice(4)));
			const methods = auth ? auth.slice(9).toUpperCase().split(/\s+/) : [];
			if (methods.includes('PLAIN') || !methods.includes('LOGIN')) {
				const token = b64(`\0${server.user}\0${server.password ?? ''}`);
				expect(await session.command(`AUTH PLAIN ${token}`), is2xx, 'auth');
			} else {
				expect(await session.command('AUTH LOGIN'), (c) => c === 334, 'auth');
				expect(await session.command(b64(server.user)), (c) => c === 334, 'auth');
				expect(await session.command(b64(server.password ?? '')), is2xx, 'auth');
			}
		}
		expect(await session.command(`MAIL FROM:<${envelope.from}>`), is2xx, 'rejected');
		for (const rcpt of envelope.to) {
			expect(await session.command(`RCPT TO:<${rcpt}>`), is2xx, 'recipient');
		}
		expect(await session.command('DATA'), (c) => c === 354, 'rejected');
		await session.writeRaw(dataBlock(message));
		const accepted = expect(await session.reply(), is2xx, 'rejected');
		// QUIT is a courtesy: the message is already accepted, so its answer changes nothing.
		await session.command('QUIT').catch(() => {});
		return accepted;
	} catch (e) {
		throw asSmtpError(e, 'connection');
	} finally {
		session.close();
	}
}

function asSmtpError(e: unknown, fallback: SmtpFailure): SmtpError {
	if (e instanceof SmtpError) return e;
	if (e instanceof SocketError) {
		const tls = /tls|ssl|certificate/i.test(e.message) || e.code.startsWith('ERR_TLS');
		return new SmtpError(tls ? 'tls' : fallback, null, e.message);
	}
	return new SmtpError(fallback, null, e instanceof Error ? e.message : String(e));
}

/**
 * `smtp://user:pass@host:port` (STARTTLS when offered, required before logging in; default port
 * 587), `smtp://…?security=none` (plain SMTP, login included) or `smtps://…` (implicit TLS,
 * default 465). User and password are URL-encoded in the URL.
 */
export function parseSmtpUrl(value: string): SmtpServer {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new Error('SMTP_URL is not a URL (smtp://user:pass@host:587 or smtps://…:465)');
	}
	const implicit = url.protocol === 'smtps:';
	if (!implicit && url.protocol !== 'smtp:') {
		throw new Error(`SMTP_URL must start with smtp:// or smtps:// (got ${url.protocol})`);
	}
	// `smtp://…?security=none`: plain SMTP on purpose, login included (a trusted local relay).
	const plain = url.searchParams.get('security');
	if (plain !== null && (implicit || plain !== 'none')) {
		throw new Error('SMTP_URL: the only security option is ?security=none, on smtp://');
	}
	if (!url.hostname) throw new Error('SMTP_URL has no host');
	return {
		host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
		port: url.port ? Number(url.port) : implicit ? 465 : 587,
		security: implicit ? 'tls' : plain ? 'none' : 'starttls',
		user: url.username ? decodeURIComponent(url.username) : undefined,
		password: url.password ? decodeURIComponent(url.password) : undefined
	};
}
