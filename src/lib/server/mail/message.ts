/** One file attached to a message (the invoice's PDF, for instance). */
export interface MailAttachment {
	filename: string;
	contentType: string;
	content: Uint8Array;
	/** Set for an image the HTML shows inline (`<img src="cid:…">`): attached inline. */
	contentId?: string;
}

export interface MailAddress {
	email: string;
	/** Display name, e.g. the company's name on mail sent for it. */
	name?: string;
}

/**
 * A message ready to leave, whatever the transport: both parts, every header that matters.
 * Transports must not add or drop content (the outbox record shows exactly this).
 */
export interface OutgoingMail {
	from: MailAddress;
	to: string[];
	cc: string[];
	bcc: string[];
	replyTo?: MailAddress;
	subject: string;
	text: string;
	html: string;
	/** `<random@sender-domain>`, kept in the record so a reply or a bounce can be matched. */
	messageId: string;
	/** The language the message is written in (Content-Language). */
	locale?: string;
	attachments: MailAttachment[];
}

/** What a transport reports when the message was accepted. */
export interface Delivered {
	/** The server's own answer (SMTP's final 250 line, or the API's message id). */
	response: string;
}

/** The only thing every delivery method has to do. */
export interface MailTransport {
	readonly name: 'outbox' | 'smtp' | 'cloudflare';
	send(mail: OutgoingMail): Promise<Delivered>;
}

/** `Name <addr@host>` or `addr@host` → parts (the form MAIL_FROM is written in). */
export function parseAddress(value: string): MailAddress | null {
	const trimmed = value.trim();
	const angle = /^(.*)<([^<>\s]+@[^<>\s]+)>$/.exec(trimmed);
	if (angle) {
		const name = angle[1].trim().replace(/^"(.*)"$/, '$1');
		return name ? { email: angle[2], name } : { email: angle[2] };
	}
	return isEmailAddress(trimmed) ? { email: trimmed } : null;
}

/**
 * A plain `local@domain.tld` address, nothing that could smuggle a header or a second
 * recipient: no spaces, commas, angle brackets, quotes or line breaks.
 */
export function isEmailAddress(value: string): boolean {
	return (
		value.length <= 254 && /^[^\s@<>",;:()[\]\\]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(value)
	);
}

/** A fresh Message-ID on the sender's domain. */
export function newMessageId(fromEmail: string): string {
	const domain = fromEmail.split('@')[1] || 'acquit.invalid';
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	const id = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
	return `<${id}@${domain}>`;
}
