// A real SMTP server on loopback that keeps what it receives: the tests' mail server (Vitest,
// Playwright through scripts/e2e-server.ts, the workerd smoke test) and `npm run mail` for
// development. Built on the `smtp-server` package (Nodemailer's), plain SMTP without TLS.
//
// Each accepted message is kept in memory and, with `dir`, written to `<dir>/<n>-<id>.eml`
// beside `<…>.json` (the envelope) so another process (a Playwright worker) can read it.
// An address is refused with `<dir>/refuse/<address>` present (its content: `550 text`), or
// with `refuse(address, reply)`: how tests make the server fail and come back.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
	envelope: { from: string; to: string[] };
	raw: Buffer;
}

export interface SmtpCatcher {
	port: number;
	/** `smtp://127.0.0.1:<port>`, or `smtp://user:pass@127.0.0.1:<port>?security=none` */
	url: string;
	/** The user names of every AUTH attempt, accepted or not. */
	logins: string[];
	received: CaughtMail[];
	/** Refuse RCPT TO for `address` with a reply such as `550 5.1.1 No such user` (null: accept). */
	refuse(address: string, reply: string | null): void;
	close(): Promise<void>;
}

export async function startSmtpCatcher(
	options: {
		port?: number;
		dir?: string;
		auth?: { user: string; password: string };
		log?: (line: string) => void;
	} = {}
): Promise<SmtpCatcher> {
	const received: CaughtMail[] = [];
	const refused = new Map<string, string>();
	const logins: string[] = [];
	if (options.dir) mkdirSync(join(options.dir, 'refuse'), { recursive: true });
	let counter = 0;

	const refusal = (address: string): string | null => {
		const key = address.toLowerCase();
		if (refused.has(key)) return refused.get(key)!;
		const file = options.dir && join(options.dir, 'refuse', key);
		return file && existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
	};

	const server = new SMTPServer({
		logger: false,
		disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
		authOptional: !options.auth,
		allowInsecureAuth: true,
		size: 25 * 1024 * 1024,
		onAuth(auth, _session, callback) {
			logins.push(auth.username ?? '');
			const ok =
				options.auth &&
				auth.username === options.auth.user &&
				auth.password === options.auth.password;
			if (ok) return callback(null, { user: auth.username });
			const error = Object.assign(new Error('5.7.8 Authentication credentials invalid'), {
				responseCode: 535
			});
			callback(error);
		},
		onRcptTo(address, _session, callback) {
			const reply = refusal(address.address);
			if (!reply) return callback();
			const code = Number(reply.slice(0, 3)) || 550;
			callback(Object.assign(new Error(reply.slice(4) || 'refused'), { responseCode: code }));
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks);
				const envelope = {
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address)
				};
				received.push({ envelope, raw });
				const n = ++counter;
				if (options.dir) {
					// Made again each time: a test run's setup may clear the folder after start-up.
					mkdirSync(options.dir, { recursive: true });
					const name = `${Date.now()}-${process.pid}-${n}`;
					writeFileSync(join(options.dir, `${name}.json`), JSON.stringify(envelope));
					writeFileSync(join(options.dir, `${name}.eml`), raw);
				}
				options.log?.(`${envelope.from} → ${envelope.to.join(', ')} (${raw.length} bytes)`);
				callback(null, `Ok: queued as acquit-${n}`);
			});
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (server.server.address() as AddressInfo).port;
	const credentials = options.auth
		? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.password)}@`
		: '';
	return {
		port,
		// No TLS here: logging in over plain SMTP has to be asked for (?security=none).
		url: `smtp://${credentials}127.0.0.1:${port}${options.auth ? '?security=none' : ''}`,
		logins,
		received,
		refuse(address, reply) {
			if (reply) refused.set(address.toLowerCase(), reply);
			else refused.delete(address.toLowerCase());
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
