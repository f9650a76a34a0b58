import { describe, expect, it } from 'vitest';
import type { OutgoingMail } from './message';
import {
	CloudflareTransport,
	MAX_MESSAGE_BYTES,
	MessageTooLargeError,
	type SendEmailBinding
} from './transports';

// What Cloudflare Email Service's `send_email` binding receives (the structured `send()` of
// developers.cloudflare.com/email-service/api/send-emails/workers-api/): recorded by a binding
// that keeps its argument, since the real one only exists in a deployed Worker.
type Sent = Parameters<SendEmailBinding['send']>[0];
function recorder(result: { messageId?: string } = { messageId: 'cf-123' }) {
	const sent: Sent[] = [];
	const binding: SendEmailBinding = {
		async send(message) {
			sent.push(message);
			return result;
		}
	};
	return { sent, binding };
}

const PDF = new TextEncoder().encode('%PDF-1.4 fake');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

const mail = (over: Partial<OutgoingMail> = {}): OutgoingMail => ({
	from: { email: 'invoices@acquit.test', name: 'Boulangerie Dupont SRL' },
	replyTo: { email: 'contact@dupont.test', name: 'Boulangerie Dupont SRL' },
	to: ['jan@peeters.test'],
	cc: ['boekhouding@peeters.test'],
	bcc: ['archive@dupont.test'],
	subject: 'Factuur 2026-0042 van Boulangerie Dupont SRL',
	text: 'Beste Jan,',
	html: '<p>Beste Jan,</p><img src="cid:logo.abc@acquit">',
	messageId: '<0123@acquit.test>',
	locale: 'nl',
	attachments: [
		{ filename: 'logo.png', contentType: 'image/png', content: PNG, contentId: 'logo.abc@acquit' },
		{ filename: '2026-0042.pdf', contentType: 'application/pdf', content: PDF }
	],
	...over
});

describe('Cloudflare Email Service transport', () => {
	it('hands the binding every field: names, Cc/Bcc, Reply-To, both parts, headers, attachments', async () => {
		const { sent, binding } = recorder();
		const r = await new CloudflareTransport(binding).send(mail());
		expect(r).toEqual({ response: 'accepted as cf-123' });
		expect(sent).toHaveLength(1);
		const [message] = sent;
		expect(message).toMatchObject({
			from: { email: 'invoices@acquit.test', name: 'Boulangerie Dupont SRL' },
			to: ['jan@peeters.test'],
			cc: ['boekhouding@peeters.test'],
			bcc: ['archive@dupont.test'],
			replyTo: { email: 'contact@dupont.test', name: 'Boulangerie Dupont SRL' },
			subject: 'Factuur 2026-0042 van Boulangerie Dupont SRL',
			text: 'Beste Jan,',
			html: '<p>Beste Jan,</p><img src="cid:logo.abc@acquit">',
			headers: { 'Message-ID': '<0123@acquit.test>', 'Content-Language': 'nl' }
		});
		const [logo, pdf] = message.attachments!;
		expect(logo).toMatchObject({
			filename: 'logo.png',
			type: 'image/png',
			disposition: 'inline',
			contentId: 'logo.abc@acquit'
		});
		expect(new Uint8Array(logo!.content)).toEqual(PNG);
		expect(pdf).toMatchObject({
			filename: '2026-0042.pdf',
			type: 'application/pdf',
			disposition: 'attachment'
		});
		expect(pdf).not.toHaveProperty('contentId');
		expect(new Uint8Array(pdf!.content)).toEqual(PDF);
		// A copy: the binding owns its buffer, the caller's bytes stay as they were.
		expect(pdf!.content).not.toBe(PDF.buffer);
	});

	it('leaves out what is empty, and a plain address stays a string', async () => {
		const { sent, binding } = recorder({});
		const r = await new CloudflareTransport(binding).send(
			mail({
				from: { email: 'no-reply@acquit.test' },
				replyTo: undefined,
				cc: [],
				bcc: [],
				locale: undefined,
				attachments: []
			})
		);
		expect(r).toEqual({ response: 'accepted' });
		expect(sent[0]!.from).toBe('no-reply@acquit.test');
		for (const key of ['cc', 'bcc', 'replyTo']) expect(sent[0]).not.toHaveProperty(key);
		expect(sent[0]!.headers).toEqual({ 'Message-ID': '<0123@acquit.test>' });
		expect(sent[0]!.attachments).toEqual([]);
	});

	it('refuses a message over 5 MiB before calling the binding', async () => {
		const { sent, binding } = recorder();
		const big = new Uint8Array(Math.ceil((MAX_MESSAGE_BYTES * 3) / 4) + 10);
		const error = await new CloudflareTransport(binding)
			.send(
				mail({ attachments: [{ filename: 'x.pdf', contentType: 'application/pdf', content: big }] })
			)
			.catch((e) => e);
		expect(error).toBeInstanceOf(MessageTooLargeError);
		expect(sent).toHaveLength(0);
	});
});
