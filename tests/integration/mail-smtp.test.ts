import { eq } from 'drizzle-orm';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db';
import { invoices, outbox } from '$lib/server/db/schema';
import { deliver, enqueueMail, processDueMail, retryMail } from '$lib/server/mail/delivery';
import type { OutgoingMail } from '$lib/server/mail/message';
import { mailErrorText } from '$lib/mail/errorText';
import { buildMime } from '$lib/server/mail/mime';
import { parseSmtpUrl, SmtpError } from '$lib/server/mail/smtp/client';
import { emailInvoice } from '$lib/server/mail/sendInvoice';
import {
	OutboxTransport,
	platformSender,
	platformTransport,
	SmtpTransport
} from '$lib/server/mail/transports';
import type { Keyring } from '$lib/server/secrets/crypto';
import { findByPayToken } from '$lib/server/payments/payLinks';
import { startSmtpCatcher, type SmtpCatcher } from '../../scripts/lib/smtp-catcher';
import { createTestDb } from '../helpers/db';
import { makeCompany, makeCustomer, makeInvoice } from '../helpers/invoicing-fixtures';

const keys: Keyring = {
	encryptionKey: Buffer.alloc(32, 9).toString('base64'),
	oldEncryptionKeys: []
};

let db: Db;
let close: () => void;
let smtp: SmtpCatcher;
let authSmtp: SmtpCatcher;

beforeAll(async () => {
	const created = await createTestDb();
	db = created.db as Db;
	close = () => created.client.close();
	smtp = await startSmtpCatcher();
	authSmtp = await startSmtpCatcher({ auth: { user: 'acquit', password: 's3cret: p@ss' } });
});
afterAll(async () => {
	close();
	await smtp.close();
	await authSmtp.close();
});

const last = (catcher: SmtpCatcher) => catcher.received.at(-1)!;

// A small but real PDF: what the invoice's attachment will be.
const PDF = new TextEncoder().encode(
	'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'
);

const message = (over: Partial<OutgoingMail> = {}): OutgoingMail => ({
	from: { email: 'invoices@acquit.test', name: 'Boulangerie Dupont & Fils SRL' },
	replyTo: { email: 'contact@dupont.test', name: 'Boulangerie Dupont & Fils SRL' },
	to: ['jan@peeters.test'],
	cc: ['boekhouding@peeters.test'],
	bcc: ['archive@dupont.test'],
	subject: 'Factuur 2026-0042 van Boulangerie Dupont — € 1.234,56 ë ĳ',
	text: 'Beste Jan,\n\nVeilig online betalen: https://acquit.test/pay/abc\n.\n..leading dots survive\n',
	html: '<!doctype html><html lang="nl"><body><p>Beste Jan,</p><a href="https://acquit.test/pay/abc">Veilig online betalen</a></body></html>',
	messageId: '<0123456789abcdef@acquit.test>',
	locale: 'nl',
	attachments: [{ filename: '2026-0042.pdf', contentType: 'application/pdf', content: PDF }],
	...over
});

describe('SMTP transport against a real SMTP server on loopback', () => {
	it('delivers headers, both parts, the language and the attachment; Bcc only in the envelope', async () => {
		const transport = new SmtpTransport(parseSmtpUrl(smtp.url));
		const { response } = await transport.send(message());
		expect(response).toMatch(/^250 Ok: queued as acquit-\d+$/);

		const caught = last(smtp);
		expect(caught.envelope).toEqual({
			from: 'invoices@acquit.test',
			to: ['jan@peeters.test', 'boekhouding@peeters.test', 'archive@dupont.test']
		});
		const mail = await simpleParser(caught.raw);
		expect(mail.from?.value).toEqual([
			{ address: 'invoices@acquit.test', name: 'Boulangerie Dupont & Fils SRL' }
		]);
		expect(mail.replyTo?.value[0]?.address).toBe('contact@dupont.test');
		expect(mail.to && !Array.isArray(mail.to) && mail.to.text).toBe('jan@peeters.test');
		expect(mail.cc && !Array.isArray(mail.cc) && mail.cc.text).toBe('boekhouding@peeters.test');
		expect(mail.bcc).toBeUndefined();
		expect(caught.raw.toString()).not.toContain('archive@dupont.test');
		expect(mail.subject).toBe('Factuur 2026-0042 van Boulangerie Dupont — € 1.234,56 ë ĳ');
		expect(mail.messageId).toBe('<0123456789abcdef@acquit.test>');
		expect(mail.headers.get('content-language')).toBe('nl');
		expect(mail.date).toBeInstanceOf(Date);
		expect(mail.text).toBe(message().text);
		expect(mail.html).toBe(message().html);
		expect(mail.attachments).toHaveLength(1);
		const [pdf] = mail.attachments;
		expect(pdf.filename).toBe('2026-0042.pdf');
		expect(pdf.contentType).toBe('application/pdf');
		expect(new Uint8Array(pdf.content)).toEqual(PDF);
	});

	it('logs in with the URL credentials; a refused password is a permanent auth failure', async () => {
		await new SmtpTransport(parseSmtpUrl(authSmtp.url)).send(message({ attachments: [] }));
		expect(authSmtp.received).toHaveLength(1);

		const wrong = parseSmtpUrl(authSmtp.url.replace('p%40ss', 'nope'));
		const error = await new SmtpTransport(wrong).send(message()).catch((e) => e);
		expect(error).toBeInstanceOf(SmtpError);
		expect(error).toMatchObject({ failure: 'auth', code: 535, transient: false });
		expect(error.detail).toContain('Authentication credentials invalid');
		expect(authSmtp.received).toHaveLength(1);
	});

	it('STARTTLS expected but not offered: refuses before logging in, a permanent failure', async () => {
		const before = authSmtp.logins.length;
		const server = { ...parseSmtpUrl(authSmtp.url), security: 'starttls' as const };
		expect(parseSmtpUrl(authSmtp.url.replace('?security=none', ''))).toEqual(server);
		const error = await new SmtpTransport(server).send(message()).catch((e) => e);
		expect(error).toBeInstanceOf(SmtpError);
		expect(error).toMatchObject({ failure: 'no_starttls', code: null, transient: false });
		// The server never saw the login (nor the message).
		expect(authSmtp.logins.length).toBe(before);
		expect(authSmtp.received).toHaveLength(1);

		// Without a login there is nothing to protect: plain delivery, as before.
		const sent = smtp.received.length;
		await new SmtpTransport(parseSmtpUrl(smtp.url)).send(message({ attachments: [] }));
		expect(smtp.received).toHaveLength(sent + 1);

		// Recorded in the delivery state with its words, and not retried.
		const id = await enqueueMail(db, keys, {
			companyId: null,
			kind: 'test',
			from: { email: 'invoices@acquit.test' },
			to: ['jan@peeters.test'],
			subject: 'No STARTTLS',
			text: 'x',
			html: '<p>x</p>'
		});
		const outcome = await deliver(db, keys, id, { transport: new SmtpTransport(server) });
		expect(outcome).toMatchObject({ status: 'failed', errorKind: 'no_starttls', retryAt: null });
		expect(mailErrorText('no_starttls')).toMatch(/does not offer STARTTLS/);
		expect(authSmtp.logins.length).toBe(before);
	});

	it('tells transient failures (refused connection, 4xx) from permanent ones (5xx)', async () => {
		const closed = await startSmtpCatcher();
		const url = closed.url;
		await closed.close();
		const refused = await new SmtpTransport(parseSmtpUrl(url)).send(message()).catch((e) => e);
		expect(refused).toMatchObject({ failure: 'connection', code: null, transient: true });

		smtp.refuse('busy@peeters.test', '451 4.3.0 Try again later');
		const busy = await new SmtpTransport(parseSmtpUrl(smtp.url))
			.send(message({ to: ['busy@peeters.test'], cc: [], bcc: [] }))
			.catch((e) => e);
		expect(busy).toMatchObject({ failure: 'recipient', code: 451, transient: true });

		smtp.refuse('gone@peeters.test', '550 5.1.1 No such user');
		const gone = await new SmtpTransport(parseSmtpUrl(smtp.url))
			.send(message({ to: ['gone@peeters.test'], cc: [], bcc: [] }))
			.catch((e) => e);
		expect(gone).toMatchObject({ failure: 'recipient', code: 550, transient: false });
		expect(gone.detail).toContain('No such user');
	});

	it('reads SMTP_URL and MAIL_FROM from configuration', async () => {
		expect(await platformTransport({})).toBeInstanceOf(OutboxTransport);
		expect(await platformTransport({ MAIL_TRANSPORT: 'smtp', SMTP_URL: smtp.url })).toBeInstanceOf(
			SmtpTransport
		);
		await expect(platformTransport({ MAIL_TRANSPORT: 'smtp' })).rejects.toThrow('SMTP_URL');
		await expect(platformTransport({ MAIL_TRANSPORT: 'pigeon' })).rejects.toThrow(
			'outbox, smtp or cloudflare'
		);
		expect(parseSmtpUrl('smtps://u%40x:p%3Aw@mail.example.test')).toEqual({
			host: 'mail.example.test',
			port: 465,
			security: 'tls',
			user: 'u@x',
			password: 'p:w'
		});
		expect(parseSmtpUrl('smtp://mail.example.test')).toMatchObject({
			port: 587,
			security: 'starttls'
		});
		expect(parseSmtpUrl('smtp://u:p@relay.internal.test:25?security=none')).toMatchObject({
			port: 25,
			security: 'none',
			user: 'u'
		});
		expect(() => parseSmtpUrl('smtps://mail.example.test?security=none')).toThrow('security');
		expect(() => parseSmtpUrl('smtp://mail.example.test?security=tls')).toThrow('security');
		expect(platformSender({ MAIL_FROM: 'Acquit <invoices@acquit.be>' })).toEqual({
			email: 'invoices@acquit.be',
			name: 'Acquit'
		});
		expect(() => platformSender({ MAIL_FROM: 'not an address' })).toThrow('MAIL_FROM');
	});

	it('keeps Bcc out of the headers and stuffs leading dots', () => {
		const mime = buildMime(message());
		expect(mime).not.toMatch(/^bcc:/im);
		expect(mime).toMatch(/^Message-ID: <0123456789abcdef@acquit\.test>$/m);
		expect(mime.split('\r\n').every((line) => line.length <= 998)).toBe(true);
	});
});

describe('delivery state', () => {
	let a: Awaited<ReturnType<typeof makeCompany>>;
	beforeAll(async () => {
		a = await makeCompany(db, { name: 'Atelier Dupont', email: 'atelier@dupont.test' });
	});
	const row = async (id: string) => (await db.select().from(outbox).where(eq(outbox.id, id)))[0]!;

	async function invoice(emails: string) {
		const customer = await makeCustomer(db, a.company.id, { emails, locale: 'nl' });
		return makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer,
			company: a.company,
			lines: [{ quantityMilli: 1000, unitPriceMilli: 100_000, vat: '21' }]
		});
	}

	it('an invoice sent over SMTP: the Dutch mail arrives, its button opens the pay link; the stored copy hides the token', async () => {
		const inv = await invoice('jan@peeters.test');
		const transport = new SmtpTransport(parseSmtpUrl(smtp.url));
		const r = await emailInvoice(db, keys, {
			companyId: a.company.id,
			invoiceId: inv.id,
			base: 'https://acquit.test',
			cc: ['boekhouding@peeters.test'],
			transport
		});
		expect(r).toMatchObject({
			ok: true,
			value: { to: 'jan@peeters.test', outcome: { status: 'sent' } }
		});
		const mail = await simpleParser(last(smtp).raw);
		expect(mail.subject).toMatch(/^Factuur .* van Atelier Dupont$/);
		expect(mail.from?.value[0]).toEqual({
			address: 'no-reply@acquit.invalid',
			name: 'Atelier Dupont'
		});
		expect(mail.replyTo?.value[0]?.address).toBe('atelier@dupont.test');
		expect(mail.headers.get('content-language')).toBe('nl');
		// No Mollie here: no Pay button (tests/integration/mail-texts.test.ts has one); the
		// document link opens the pay page's document.
		const href = /<a href="([^"]+)"[^>]*>Factuur bekijken<\/a>/.exec(String(mail.html))?.[1];
		expect(href).toMatch(/^https:\/\/acquit\.test\/pay\/[a-z2-7]{32}\/document$/);
		const token = href!.split('/').at(-2)!;
		expect(await findByPayToken(db, token)).toEqual({ invoiceId: inv.id, companyId: a.company.id });
		expect(mail.text).toContain(`Factuur bekijken: ${href}`);

		// The invoice's PDF rides along, in the customer's language (read back with pdftotext).
		const [{ number }] = await db
			.select({ number: invoices.number })
			.from(invoices)
			.where(eq(invoices.id, inv.id));
		expect(number).toMatch(/^\d{4}-\d{4}$/);
		expect(mail.attachments.map((f) => [f.filename, f.contentType])).toEqual([
			[`${number}.pdf`, 'application/pdf']
		]);
		const file = join(mkdtempSync(join(tmpdir(), 'acquit-mail-pdf-')), 'invoice.pdf');
		writeFileSync(file, mail.attachments[0]!.content);
		const pdfText = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], {
			encoding: 'utf8'
		}).replace(/[\u00a0\u202f ]+/g, ' ');
		expect(pdfText).toContain(`Factuur ${number}`);
		expect(pdfText).toContain('Totaal incl. btw € 121,00');

		const stored = await row((r as { value: { id: string } }).value.id);
		expect(stored).toMatchObject({ status: 'sent', transport: 'smtp', attempts: 1 });
		expect(stored.response).toMatch(/^250 Ok/);
		for (const body of [stored.text, stored.html!, stored.subject])
			expect(body).not.toContain(token);
		expect(stored.html).toContain('https://acquit.test/pay/{{secret:0}}/document');
		expect(stored.secrets).toMatch(/^v1\./);
		const [sent] = await db.select().from(invoices).where(eq(invoices.id, inv.id));
		expect(sent!.sentAt).toBeInstanceOf(Date);
	}, 30_000);

	it('a refused address fails for good and never marks the invoice sent; Retry sends it once the server takes it', async () => {
		const inv = await invoice('later@peeters.test');
		smtp.refuse('later@peeters.test', '550 5.1.1 Mailbox unavailable');
		const transport = new SmtpTransport(parseSmtpUrl(smtp.url));
		const r = await emailInvoice(db, keys, {
			companyId: a.company.id,
			invoiceId: inv.id,
			base: 'https://acquit.test',
			transport
		});
		expect(r).toMatchObject({
			ok: true,
			value: { outcome: { status: 'failed', errorKind: 'recipient', retryAt: null } }
		});
		const id = (r as { value: { id: string } }).value.id;
		expect(await row(id)).toMatchObject({
			status: 'failed',
			errorKind: 'recipient',
			nextAttemptAt: null
		});
		expect((await row(id)).errorDetail).toContain('550 5.1.1 Mailbox unavailable');
		const [unsent] = await db.select().from(invoices).where(eq(invoices.id, inv.id));
		expect(unsent!.sentAt).toBeNull();

		// Another company cannot retry it.
		const b = await makeCompany(db, { name: 'Other' });
		expect(await retryMail(db, keys, b.company.id, id, { transport })).toBeNull();

		smtp.refuse('later@peeters.test', null);
		const before = smtp.received.length;
		expect(await retryMail(db, keys, a.company.id, id, { transport })).toMatchObject({
			status: 'sent'
		});
		expect(smtp.received).toHaveLength(before + 1);
		// The retry restored the sealed token: the link works.
		const mail = await simpleParser(last(smtp).raw);
		const token = /\/pay\/([a-z2-7]{32})/.exec(String(mail.html))?.[1];
		expect(await findByPayToken(db, token!)).toEqual({
			invoiceId: inv.id,
			companyId: a.company.id
		});
		const [sent] = await db.select().from(invoices).where(eq(invoices.id, inv.id));
		expect(sent!.sentAt).toBeInstanceOf(Date);
		// Sent is final: a second retry does nothing.
		expect(await retryMail(db, keys, a.company.id, id, { transport })).toBeNull();
	});

	it('a transient failure is retried automatically with backoff, and survives a restart', async () => {
		const down = await startSmtpCatcher();
		const url = down.url;
		await down.close();
		const t0 = Date.now();
		const id = await enqueueMail(
			db,
			keys,
			{
				companyId: a.company.id,
				kind: 'test',
				from: { email: 'x@acquit.test', name: 'Atelier Dupont' },
				to: ['someone@peeters.test'],
				subject: 'Hello',
				text: 'Your link: https://acquit.test/reset-password/abcdefsecret',
				html: '<a href="https://acquit.test/reset-password/abcdefsecret">link</a>',
				secrets: ['abcdefsecret']
			},
			t0
		);
		const first = await deliver(db, keys, id, {
			now: t0,
			transport: new SmtpTransport(parseSmtpUrl(url))
		});
		expect(first).toMatchObject({ status: 'failed', errorKind: 'connection' });
		const failed = await row(id);
		expect(failed.nextAttemptAt!.getTime()).toBe(t0 + 60_000);
		expect(failed.text).not.toContain('abcdefsecret');

		// Nothing is due before the backoff; then the pump (a fresh process: only the database
		// and the keys) sends it, with the secret restored.
		const transport = new SmtpTransport(parseSmtpUrl(smtp.url));
		expect(await processDueMail(db, keys, t0 + 30_000, { transport })).toBe(0);
		const before = smtp.received.length;
		expect(await processDueMail(db, keys, t0 + 61_000, { transport })).toBeGreaterThanOrEqual(1);
		expect(smtp.received).toHaveLength(before + 1);
		expect((await simpleParser(last(smtp).raw)).text).toContain('/reset-password/abcdefsecret');
		expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2, nextAttemptAt: null });
	});
});
