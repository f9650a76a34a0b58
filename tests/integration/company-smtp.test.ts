// Issue 10: Settings → Email, a company's own SMTP server: checked input, the password sealed at
// rest, mail leaving through it from the company's address, a refused login in plain words.
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailErrorText } from '$lib/mail/errorText';
import type { Db } from '$lib/server/db';
import { companySmtp, outbox } from '$lib/server/db/schema';
import {
	checkSmtpSettings,
	getCompanySmtp,
	parseSmtpSettings,
	resolvesToPrivate,
	removeCompanySmtp,
	saveCompanySmtp,
	sendTestEmail,
	systemLookup,
	type HostLookup,
	type SmtpSettings
} from '$lib/server/mail/companySmtp';
import { emailInvoice } from '$lib/server/mail/sendInvoice';
import type { Keyring } from '$lib/server/secrets/crypto';
import { startSmtpCatcher, type SmtpCatcher } from '../../scripts/lib/smtp-catcher';
import { createTestDb } from '../helpers/db';
import { makeCompany, makeCustomer, makeOneLineInvoice } from '../helpers/invoicing-fixtures';

const keys: Keyring = {
	encryptionKey: Buffer.alloc(32, 3).toString('base64'),
	oldEncryptionKeys: []
};
const PASSWORD = 'p@ss: wörd';

let db: Db;
let smtp: SmtpCatcher;
beforeAll(async () => {
	db = (await createTestDb()).db as Db;
	smtp = await startSmtpCatcher({ auth: { user: 'dupont', password: PASSWORD } });
});
afterAll(() => smtp.close());

const typed = (over: Partial<Record<keyof SmtpSettings, string>> = {}) => ({
	host: '127.0.0.1',
	port: String(smtp.port),
	security: 'none',
	username: 'dupont',
	password: PASSWORD,
	fromAddress: 'factures@dupont.test',
	...over
});
const ALLOW = { MAIL_ALLOW_PRIVATE_SMTP: 'true' };

function settings(over: Partial<Record<keyof SmtpSettings, string>> = {}) {
	const r = parseSmtpSettings(typed(over), ALLOW);
	if (!r.ok) throw new Error(JSON.stringify(r.errors));
	return r.settings;
}

describe('own SMTP settings', () => {
	it('checks every field, and refuses private networks unless the server allows them', () => {
		const bad = parseSmtpSettings(
			{
				host: 'smtp example',
				port: '70000',
				security: 'ssl',
				username: 'a\nb',
				password: '',
				fromAddress: 'factures@'
			},
			ALLOW
		);
		expect(bad.ok).toBe(false);
		expect(Object.keys(!bad.ok ? bad.errors : {}).sort()).toEqual([
			'fromAddress',
			'host',
			'port',
			'security',
			'username'
		]);
		for (const host of ['127.0.0.1', 'localhost', '10.1.2.3', '192.168.1.10', '[::1]']) {
			const r = parseSmtpSettings(typed({ host }), {});
			expect(r.ok ? null : r.errors.host).toBe(
				'This server is on a private network that Acquit does not reach.'
			);
		}
		expect(parseSmtpSettings(typed({ host: 'smtp.example.com', port: '587' }), {}).ok).toBe(true);
	});

	it('seals the password; an empty one keeps it; mail then leaves through that server from the company’s address', async () => {
		const { company, journal } = await makeCompany(db, {
			name: 'Boulangerie Dupont SRL',
			email: 'contact@dupont.test'
		});
		await saveCompanySmtp(db, keys, company.id, settings());
		const [row] = await db.select().from(companySmtp).where(eq(companySmtp.companyId, company.id));
		expect(row!.passwordEnc).toMatch(/^v1\./);
		expect(JSON.stringify(row)).not.toContain(PASSWORD);
		expect(await getCompanySmtp(db, company.id)).toMatchObject({
			host: '127.0.0.1',
			security: 'none',
			username: 'dupont',
			hasPassword: true
		});
		expect(JSON.stringify(await getCompanySmtp(db, company.id))).not.toContain('v1.');
		// Saved again without typing the password: the sealed one stays.
		await saveCompanySmtp(db, keys, company.id, settings({ password: '' }));

		const customer = await makeCustomer(db, company.id, {
			emails: 'jan@peeters.test',
			locale: 'fr'
		});
		const invoice = await makeOneLineInvoice(db, { company, journal, customer });
		// No transport given: the delivery picks the company's own server.
		const r = await emailInvoice(db, keys, {
			companyId: company.id,
			invoiceId: invoice.id,
			base: 'https://acquit.test',
			mollie: null
		});
		expect(r).toMatchObject({ ok: true, value: { outcome: { status: 'sent' } } });
		const caught = smtp.received.at(-1)!;
		expect(caught.envelope).toEqual({ from: 'factures@dupont.test', to: ['jan@peeters.test'] });
		const mail = await simpleParser(caught.raw);
		expect(mail.from?.value[0]).toEqual({
			address: 'factures@dupont.test',
			name: 'Boulangerie Dupont SRL'
		});
		expect(mail.replyTo?.value[0]?.address).toBe('contact@dupont.test');
		expect(mail.subject).toMatch(/^Facture .* de Boulangerie Dupont SRL$/);
		const [stored] = await db
			.select()
			.from(outbox)
			.where(eq(outbox.id, (r as { value: { id: string } }).value.id));
		expect(stored).toMatchObject({ status: 'sent', transport: 'smtp' });

		// Removed: the platform's transport (here the outbox) sends again.
		await removeCompanySmtp(db, company.id);
		const again = await emailInvoice(db, keys, {
			companyId: company.id,
			invoiceId: invoice.id,
			base: 'https://acquit.test',
			mollie: null
		});
		expect(again).toMatchObject({ ok: true, value: { outcome: { status: 'sent' } } });
		const [platform] = await db
			.select()
			.from(outbox)
			.where(eq(outbox.id, (again as { value: { id: string } }).value.id));
		expect(platform!.transport).toBe('outbox');
	}, 30_000);

	it('the test email: arrives with the right login; a refused login says so in plain words', async () => {
		const { company } = await makeCompany(db, { name: 'Atelier Test' });
		const before = smtp.received.length;
		const ok = await sendTestEmail(db, keys, {
			companyId: company.id,
			companyName: 'Atelier Test',
			to: 'owner@dupont.test',
			locale: 'nl',
			settings: settings()
		});
		expect(ok.outcome).toMatchObject({ status: 'sent', response: expect.stringMatching(/^250 /) });
		expect(smtp.received).toHaveLength(before + 1);
		expect((await simpleParser(smtp.received.at(-1)!.raw)).subject).toBe('Testmail van Acquit');

		const refused = await sendTestEmail(db, keys, {
			companyId: company.id,
			companyName: 'Atelier Test',
			to: 'owner@dupont.test',
			locale: 'en',
			settings: settings({ password: 'wrong' })
		});
		expect(refused.outcome).toMatchObject({ status: 'failed', errorKind: 'auth', retryAt: null });
		expect(mailErrorText('auth')).toBe('the mail server refused the user name or password.');
		expect(smtp.received).toHaveLength(before + 1);

		// Security "STARTTLS" against a server that doesn't offer it: no login in clear, and
		// Settings → Email says why.
		const logins = smtp.logins.length;
		const clear = await sendTestEmail(db, keys, {
			companyId: company.id,
			companyName: 'Atelier Test',
			to: 'owner@dupont.test',
			locale: 'fr',
			settings: settings({ security: 'starttls' })
		});
		expect(clear.outcome).toMatchObject({
			status: 'failed',
			errorKind: 'no_starttls',
			retryAt: null
		});
		expect(smtp.logins).toHaveLength(logins);
		expect(smtp.received).toHaveLength(before + 1);
	});

	it('refuses a host name that resolves to a private or loopback address', async () => {
		const resolving =
			(to: Record<string, string[]>): HostLookup =>
			async (host) => {
				if (!to[host]) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
				return to[host];
			};
		const dns = resolving({
			'mail.inside.example': ['93.184.215.14', '10.0.0.7'],
			'mail.mapped.example': ['::ffff:127.0.0.1'],
			'mail.public.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c']
		});
		const PRIVATE =
			'This host name points to a private or local address: Acquit cannot send through it.';
		for (const host of ['mail.inside.example', 'mail.mapped.example']) {
			const r = await checkSmtpSettings(typed({ host }), {}, dns);
			expect(r.ok ? null : r.errors.host).toBe(PRIVATE);
			// The server that allows private networks allows these too.
			expect((await checkSmtpSettings(typed({ host }), ALLOW, dns)).ok).toBe(true);
		}
		expect((await checkSmtpSettings(typed({ host: 'mail.public.example' }), {}, dns)).ok).toBe(
			true
		);
		// A name that doesn't resolve now is not refused for it (sending will tell).
		expect((await checkSmtpSettings(typed({ host: 'mail.gone.example' }), {}, dns)).ok).toBe(true);
		// The other field errors come first, as before.
		const bad = await checkSmtpSettings(typed({ host: 'mail.inside.example', port: 'x' }), {}, dns);
		expect(bad.ok ? [] : Object.keys(bad.errors)).toEqual(['port']);

		// Node's own resolver answers: `localhost` is loopback (the name check aside).
		const system = await systemLookup();
		expect(system).not.toBeNull();
		expect(await resolvesToPrivate('localhost', system!)).toBe(true);
	});
});
