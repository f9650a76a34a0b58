import { encodeBase64 } from '@oslojs/encoding';
import type { MailAddress, OutgoingMail } from './message';

// RFC 5322/2045 message text, built by hand so it is byte-for-byte the same on Node and in
// workerd. Bodies and attachments are base64 (always 7-bit safe, lines of 76), headers with
// anything beyond printable ASCII are RFC 2047 encoded words.

const CRLF = '\r\n';
const encoder = new TextEncoder();

function base64Lines(bytes: Uint8Array): string {
	const all = encodeBase64(bytes);
	const lines: string[] = [];
	for (let i = 0; i < all.length; i += 76) lines.push(all.slice(i, i + 76));
	return lines.join(CRLF);
}

const plainAscii = (s: string) => /^[\x20-\x7e]*$/.test(s);

/** An unstructured header value (Subject): as is when plain ASCII, else encoded words. */
export function encodeWords(value: string): string {
	const oneLine = value.replace(/[\r\n]+/g, ' ');
	if (plainAscii(oneLine) && oneLine.length < 900) return oneLine;
	// Whole characters per word, at most 45 bytes each (60 base64 chars + 12 of framing < 76).
	const words: string[] = [];
	let chunk = '';
	for (const char of oneLine) {
		if (encoder.encode(chunk + char).length > 45) {
			words.push(chunk);
			chunk = '';
		}
		chunk += char;
	}
	if (chunk) words.push(chunk);
	return words.map((w) => `=?UTF-8?B?${encodeBase64(encoder.encode(w))}?=`).join(CRLF + ' ');
}

/** `"Name" <addr>` with the name quoted or encoded as needed. */
export function formatAddress(address: MailAddress): string {
	const name = address.name?.replace(/[\r\n]+/g, ' ').trim();
	if (!name) return address.email;
	const shown = plainAscii(name)
		? `"${name.replace(/["\\]/g, (c) => '\\' + c)}"`
		: encodeWords(name);
	return `${shown} <${address.email}>`;
}

/** RFC 2231 parameter for a file name that may hold accents. */
function filenameParams(filename: string): string {
	const clean = filename.replace(/[\r\n"\\]/g, '_');
	if (plainAscii(clean)) return `filename="${clean}"`;
	const encoded = [...encoder.encode(clean)]
		.map((b) =>
			/[A-Za-z0-9._-]/.test(String.fromCharCode(b))
				? String.fromCharCode(b)
				: '%' + b.toString(16).toUpperCase().padStart(2, '0')
		)
		.join('');
	return `filename*=UTF-8''${encoded}`;
}

function boundary(tag: string): string {
	const bytes = crypto.getRandomValues(new Uint8Array(12));
	return `=_${tag}_${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** RFC 5322 date, e.g. `Mon, 30 Nov 2026 04:52:17 +0000`. */
function rfcDate(date: Date): string {
	return date.toUTCString().replace(/GMT$/, '+0000');
}

/**
 * The full message as sent over SMTP (headers, alternative text/HTML parts, attachments).
 * Bcc recipients are never written into the headers: they only appear in the envelope.
 */
export function buildMime(mail: OutgoingMail, date = new Date()): string {
	const headers = [
		`From: ${formatAddress(mail.from)}`,
		`To: ${mail.to.join(', ')}`,
		...(mail.cc.length ? [`Cc: ${mail.cc.join(', ')}`] : []),
		...(mail.replyTo ? [`Reply-To: ${formatAddress(mail.replyTo)}`] : []),
		`Subject: ${encodeWords(mail.subject)}`,
		`Date: ${rfcDate(date)}`,
		`Message-ID: ${mail.messageId}`,
		...(mail.locale ? [`Content-Language: ${mail.locale}`] : []),
		'MIME-Version: 1.0'
	];
	const alt = boundary('alt');
	const alternative = [
		`--${alt}`,
		'Content-Type: text/plain; charset=utf-8',
		'Content-Transfer-Encoding: base64',
		'',
		base64Lines(encoder.encode(mail.text)),
		`--${alt}`,
		'Content-Type: text/html; charset=utf-8',
		'Content-Transfer-Encoding: base64',
		'',
		base64Lines(encoder.encode(mail.html)),
		`--${alt}--`
	].join(CRLF);
	// Images the HTML shows (cid:) ride in multipart/related around the alternative; files in
	// multipart/mixed around that.
	const inline = mail.attachments.filter((a) => a.contentId);
	const attached = mail.attachments.filter((a) => !a.contentId);
	let type = `multipart/alternative; boundary="${alt}"`;
	let body = alternative;
	if (inline.length) {
		const rel = boundary('rel');
		body = [
			`--${rel}`,
			`Content-Type: ${type}`,
			'',
			body,
			...inline.flatMap((a) => [
				`--${rel}`,
				`Content-Type: ${a.contentType.replace(/[\r\n;]/g, '')}`,
				'Content-Transfer-Encoding: base64',
				`Content-ID: <${a.contentId!.replace(/[\r\n<>]/g, '')}>`,
				`Content-Disposition: inline; ${filenameParams(a.filename)}`,
				'',
				base64Lines(a.content)
			]),
			`--${rel}--`
		].join(CRLF);
		type = `multipart/related; type="multipart/alternative"; boundary="${rel}"`;
	}
	if (attached.length) {
		const mixed = boundary('mix');
		body = [
			`--${mixed}`,
			`Content-Type: ${type}`,
			'',
			body,
			...attached.flatMap((a) => [
				`--${mixed}`,
				`Content-Type: ${a.contentType.replace(/[\r\n;]/g, '')}`,
				'Content-Transfer-Encoding: base64',
				`Content-Disposition: attachment; ${filenameParams(a.filename)}`,
				'',
				base64Lines(a.content)
			]),
			`--${mixed}--`
		].join(CRLF);
		type = `multipart/mixed; boundary="${mixed}"`;
	}
	headers.push(`Content-Type: ${type}`);
	return headers.join(CRLF) + CRLF + CRLF + body + CRLF;
}
