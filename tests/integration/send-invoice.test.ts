import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db';
import { invoices, outbox } from '$lib/server/db/schema';
import { emailInvoice, invoiceRecipient } from '$lib/server/mail/sendInvoice';
import type { Keyring } from '$lib/server/secrets/crypto';
import { ensurePayToken, findByPayToken, regeneratePayToken } from '$lib/server/payments/payLinks';
import { createTestDb } from '../helpers/db';
import { makeCompany, makeCustomer, makeInvoice } from '../helpers/invoicing-fixtures';

const keys: Keyring = {
	encryptionKey: Buffer.alloc(32, 7).toString('base64'),
	oldEncryptionKeys: []
};
const BASE = 'https://acquit.test';
const LOGO = 'logologologologologologo';
// 2 × €100.00 at 21 % = €242.00
const LINES = [{ quantityMilli: 2000, unitPriceMilli: 100_000, vat: '21' as const }];

let db: Db;
let close: () => void;
let a: Awaited<ReturnType<typeof makeCompany>>;

beforeAll(async () => {
	const created = await createTestDb();
	db = created.db as Db;
	close = () => created.client.close();
	a = await makeCompany(db, {
		name: 'Atelier <Dupont> & Fils',
		brandColor: '#aa0000',
		logoFileId: LOGO
	});
});
afterAll(() => close());

const mailsFor = (companyId: string) =>
	db.select().from(outbox).where(eq(outbox.companyId, companyId)).orderBy(outbox.createdAt);

async function invoiceFor(emails: string, over: Partial<Parameters<typeof makeInvoice>[1]> = {}) {
	const customer = await makeCustomer(db, a.company.id, { emails, locale: 'nl' });
	return makeInvoice(db, {
		companyId: a.company.id,
		journalId: a.journal.id,
		customer,
		company: a.company,
		lines: LINES,
		...over
	});
}

const send = (invoiceId: string, companyId = a.company.id) =>
	emailInvoice(db, keys, { companyId, invoiceId, base: BASE });

describe('emailing an invoice', () => {
	it('sends the pay link in the customer language to the first address and marks it sent', async () => {
		const before = (await mailsFor(a.company.id)).length;
		const inv = await invoiceFor(' jan@peeters.test , boekhouding@peeters.test', {
			number: '2026-0101'
		});

		expect(await send(inv.id)).toMatchObject({ ok: true, value: { to: 'jan@peeters.test' } });

		const mails = await mailsFor(a.company.id);
		expect(mails).toHaveLength(before + 1);
		const mail = mails.at(-1)!;
		expect(mail).toMatchObject({
			toAddress: 'jan@peeters.test',
			kind: 'invoice',
			subject: 'Factuur 2026-0101 van Atelier <Dupont> & Fils'
		});
		// No online payment on this server (no Mollie): no Pay button, as on the pay page. The
		// document link is the invoice's live pay link; the stored copy hides its token.
		expect(mail.html).not.toContain('Veilig online betalen');
		const stored = mail.html!.match(/<a href="([^"]+)"[^>]*>Factuur bekijken<\/a>/)?.[1];
		expect(stored).toBe('https://acquit.test/pay/{{secret:0}}/document');
		const token = (await ensurePayToken(db, keys, a.company.id, inv.id))!;
		expect(JSON.stringify(mail)).not.toContain(token);
		expect(await findByPayToken(db, token)).toEqual({
			invoiceId: inv.id,
			companyId: a.company.id
		});
		expect(mail.html).toContain(`<img src="${BASE}/files/${LOGO}"`);
		expect(mail.html).toContain('border-top: 6px solid #aa0000;');
		expect(mail.html).toContain('Atelier &lt;Dupont&gt; &amp; Fils');
		expect(mail.html).not.toContain('<Dupont>');
		expect(mail.text).toMatch(/Te betalen: €\s242,00/);
		expect(mail.text).toContain('Factuur bekijken: https://acquit.test/pay/{{secret:0}}/document');
		// The bank transfer with the structured communication, and the company's footer.
		expect(mail.text).toMatch(/overschrijving .* \+\+\+\d{3}\/\d{4}\/\d{5}\+\+\+/);
		expect(mail.status).toBe('sent');

		const [row] = await db.select().from(invoices).where(eq(invoices.id, inv.id));
		expect(row!.sentAt).toBeInstanceOf(Date);

		// Again (a reminder): a second message, with the link regenerated in between; sentAt
		// keeps the first time.
		const fresh = await regeneratePayToken(db, keys, a.company.id, inv.id);
		expect(await send(inv.id)).toMatchObject({ ok: true, value: { to: 'jan@peeters.test' } });
		const again = (await mailsFor(a.company.id)).at(-1)!;
		expect(again.id).not.toBe(mail.id);
		expect(again.html).not.toContain(fresh);
		expect(again.html).not.toContain(token);
		const [after] = await db.select().from(invoices).where(eq(invoices.id, inv.id));
		expect(after!.sentAt).toEqual(row!.sentAt);
	});

	it('refuses a customer without an email address, and sends nothing', async () => {
		const before = (await mailsFor(a.company.id)).length;
		const inv = await invoiceFor('');
		expect(await send(inv.id)).toEqual({ ok: false, error: 'no_email' });
		expect(await mailsFor(a.company.id)).toHaveLength(before);
		const [row] = await db.select().from(invoices).where(eq(invoices.id, inv.id));
		expect(row!.sentAt).toBeNull();
	});

	it('refuses drafts and other companies’ invoices; a credit note goes without a pay link', async () => {
		const before = (await mailsFor(a.company.id)).length;
		const draft = await invoiceFor('x@peeters.test', { state: 'draft' });
		expect(await send(draft.id)).toEqual({ ok: false, error: 'not_finalized_invoice' });
		const invoice = await invoiceFor('x@peeters.test');
		const credit = await invoiceFor('x@peeters.test', {
			kind: 'credit_note',
			creditedInvoiceId: invoice.id,
			lines: [{ quantityMilli: -1000, unitPriceMilli: 100_000, vat: '21' }]
		});
		expect(await send(credit.id)).toMatchObject({
			ok: true,
			value: { outcome: { status: 'sent' } }
		});
		const creditMail = (await mailsFor(a.company.id)).at(-1)!;
		expect(creditMail.subject).toMatch(/^Creditnota .* van Atelier <Dupont> & Fils$/);
		expect(creditMail.text).toMatch(/Gecrediteerd: €\s121,00/);
		expect(creditMail.html).not.toContain('/pay/');
		expect(creditMail.secrets).toBeNull();
		const [creditRow] = await db
			.select({ token: invoices.payTokenHash, sentAt: invoices.sentAt })
			.from(invoices)
			.where(eq(invoices.id, credit.id));
		expect(creditRow).toMatchObject({ token: null, sentAt: expect.any(Date) });

		const b = await makeCompany(db, { name: 'Someone else' });
		expect(await send(invoice.id, b.company.id)).toEqual({ ok: false, error: 'not_found' });
		expect(await mailsFor(a.company.id)).toHaveLength(before + 1);
		expect(await mailsFor(b.company.id)).toHaveLength(0);
		const [draftRow] = await db
			.select({ token: invoices.payTokenHash })
			.from(invoices)
			.where(and(eq(invoices.id, draft.id), eq(invoices.companyId, a.company.id)));
		expect(draftRow!.token).toBeNull();
	});
});

describe('invoice recipient', () => {
	it('is the first non-empty address of the list', () => {
		expect(invoiceRecipient('a@x.test, b@x.test')).toBe('a@x.test');
		expect(invoiceRecipient(' , b@x.test')).toBe('b@x.test');
		expect(invoiceRecipient('')).toBeNull();
		expect(invoiceRecipient(' ')).toBeNull();
	});
});
