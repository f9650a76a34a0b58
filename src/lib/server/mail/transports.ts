import { serverEnv } from '../config';
import { buildMime } from './mime';
import {
	parseAddress,
	type Delivered,
	type MailAddress,
	type MailTransport,
	type OutgoingMail
} from './message';
import { parseSmtpUrl, smtpSend, SmtpError, type SmtpServer } from './smtp/client';

/**
 * Cloudflare Email Service refuses messages over 5 MiB; SMTP servers commonly take 10 to 25 MB.
 * One limit for all keeps a message valid whichever transport ends up sending it.
 */
export const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

export class MessageTooLargeError extends Error {
	constructor(readonly bytes: number) {
		super(`the message is ${bytes} bytes, more than the ${MAX_MESSAGE_BYTES} allowed`);
		this.name = 'MessageTooLargeError';
	}
}

/** Development: nothing leaves; the message's row in `outbox` is all there is. */
export class OutboxTransport implements MailTransport {
	readonly name = 'outbox';
	async send(): Promise<Delivered> {
		return { response: 'stored in the outbox (MAIL_TRANSPORT=outbox)' };
	}
}

/** Any SMTP submission server: the platform's (SMTP_URL) or a company's own. */
export class SmtpTransport implements MailTransport {
	readonly name = 'smtp';
	constructor(private readonly server: SmtpServer) {}

	async send(mail: OutgoingMail): Promise<Delivered> {
		const message = buildMime(mail);
		const bytes = new TextEncoder().encode(message).length;
		if (bytes > MAX_MESSAGE_BYTES) throw new MessageTooLargeError(bytes);
		const reply = await smtpSend(
			this.server,
			{ from: mail.from.email, to: [...mail.to, ...mail.cc, ...mail.bcc] },
			message,
			{ helo: mail.from.email.split('@')[1] }
		);
		return { response: reply.text };
	}
}

/** The part of Cloudflare Email Service's `send_email` binding used here. */
export interface SendEmailBinding {
	send(message: {
		from: string | { email: string; name: string };
		to: string | string[];
		cc?: string[];
		bcc?: string[];
		replyTo?: string | { email: string; name: string };
		subject: string;
		text?: string;
		html?: string;
		headers?: Record<string, string>;
		attachments?: {
			content: ArrayBuffer;
			filename: string;
			type: string;
			disposition: 'attachment' | 'inline';
			contentId?: string;
		}[];
	}): Promise<{ messageId?: string }>;
}

const named = (a: MailAddress) => (a.name ? { email: a.email, name: a.name } : a.email);

/**
 * Cloudflare Email Service through the Worker's `send_email` binding (wrangler.toml). Only
 * available in workerd; the sending domain must be onboarded in the Cloudflare dashboard.
 */
export class CloudflareTransport implements MailTransport {
	readonly name = 'cloudflare';
	constructor(private readonly binding: SendEmailBinding) {}

	async send(mail: OutgoingMail): Promise<Delivered> {
		const size =
			new TextEncoder().encode(mail.text + mail.html).length +
			mail.attachments.reduce((n, a) => n + Math.ceil(a.content.length / 3) * 4, 0);
		if (size > MAX_MESSAGE_BYTES) throw new MessageTooLargeError(size);
		const result = await this.binding.send({
			from: named(mail.from),
			to: mail.to,
			...(mail.cc.length ? { cc: mail.cc } : {}),
			...(mail.bcc.length ? { bcc: mail.bcc } : {}),
			...(mail.replyTo ? { replyTo: named(mail.replyTo) } : {}),
			subject: mail.subject,
			text: mail.text,
			html: mail.html,
			headers: {
				'Message-ID': mail.messageId,
				...(mail.locale ? { 'Content-Language': mail.locale } : {})
			},
			attachments: mail.attachments.map((a) => ({
				content: a.content.slice().buffer as ArrayBuffer,
				filename: a.filename,
				type: a.contentType,
				...(a.contentId
					? { disposition: 'inline' as const, contentId: a.contentId }
					: { disposition: 'attachment' as const })
			}))
		});
		return { response: result?.messageId ? `accepted as ${result.messageId}` : 'accepted' };
	}
}

type Config = Record<string, string | undefined>;

/** The platform's sender, `MAIL_FROM` (`Acquit <invoices@your-domain>`). */
export function platformSender(config: Config = serverEnv()): MailAddress {
	const configured = config.MAIL_FROM?.trim();
	const parsed = configured ? parseAddress(configured) : null;
	if (configured && !parsed) throw new Error(`MAIL_FROM is not an address: ${configured}`);
	return parsed ?? { email: 'no-reply@acquit.invalid', name: 'Acquit' };
}

/**
 * The platform transport, from configuration read now (Workers fill env per request):
 * MAIL_TRANSPORT = outbox (default) | smtp (SMTP_URL) | cloudflare (the `send_email` binding
 * named by MAIL_BINDING, default SEND_EMAIL).
 */
export async function platformTransport(config: Config = serverEnv()): Promise<MailTransport> {
	const kind = (config.MAIL_TRANSPORT || 'outbox').trim();
	if (kind === 'outbox') return new OutboxTransport();
	if (kind === 'smtp') {
		if (!config.SMTP_URL) throw new Error('MAIL_TRANSPORT=smtp needs SMTP_URL');
		return new SmtpTransport(parseSmtpUrl(config.SMTP_URL));
	}
	if (kind === 'cloudflare') {
		// Bindings are not strings, so they are not in $env; workerd exposes them here. A variable
		// specifier keeps Vite and Node from resolving a module only workerd has.
		const specifier = 'cloudflare:workers';
		const workers = (await import(/* @vite-ignore */ specifier)) as {
			env: Record<string, unknown>;
		};
		const name = config.MAIL_BINDING || 'SEND_EMAIL';
		const binding = workers.env[name] as SendEmailBinding | undefined;
		if (!binding?.send) throw new Error(`MAIL_TRANSPORT=cloudflare needs the ${name} binding`);
		return new CloudflareTransport(binding);
	}
	throw new Error(`MAIL_TRANSPORT must be outbox, smtp or cloudflare (got ${kind})`);
}

export { SmtpError };
