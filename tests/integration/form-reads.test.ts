import { isHttpError, isRedirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '$lib/server/db';
import { companies, companySmtp, outbox, peppolDocuments } from '$lib/server/db/schema';
import { errorText } from '$lib/invoicing/errorText';
import { m } from '$lib/paraglide/messages';
import { ensurePayToken } from '$lib/server/payments/payLinks';
import { tokenKeyring } from '$lib/server/secrets/keyring';
import { randomId } from '$lib/server/secrets/ids';
import { actionDb, signedIn, postAction, type ActionFn } from '../helpers/actions';
import { makeCompany, makeCustomer, makeOneLineInvoice } from '../helpers/invoicing-fixtures';

/**
 * The last form fields that were read by hand, now read through zod and `parseForm` (issue 14):
 * each route's own action or endpoint with a real database. A bad value is refused clearly with
 * what was typed; a good one does what it did before.
 */

// Pay links and SMTP passwords are sealed with the server's key, read from its environment.
const KEY = vi.hoisted(() => Buffer.alloc(32, 5).toString('base64'));
vi.mock('$env/dynamic/private', () => ({ env: { TOKEN_ENCRYPTION_KEY: KEY } }));
vi.mock('$lib/server/db', async () => ({
	getDb: (await import('../helpers/actions')).testDb
}));

const localeEndpoint = await import('../../src/routes/locale/+server');
const purchasePage = await import('../../src/routes/(app)/purchases/[id]/+page.server');
const payPage = await import('../../src/routes/pay/[token]/+page.server');
const invoicePage = await import('../../src/routes/(app)/invoices/[id]/+page.server');
const newInvoicePage = await import('../../src/routes/(app)/invoices/new/+page.server');
const emailSettings = await import('../../src/routes/(app)/settings/email/+page.server');
const documentsSettings = await import('../../src/routes/(app)/settings/documents/+page.server');

const t = actionDb();
let db: Db;
let a: (typeof t)['a'];
let b: (typeof t)['a'];
beforeAll(async () => {
	({ db, a } = t);
	b = await makeCompany(db, { name: 'Company B BV' });
});

/** Runs a form action as company A's owner. */
const post = (
	action: ActionFn,
	path: string,
	fields: Record<string, string> | string[][],
	params: Record<string, string> = {},
	locals = signedIn(a.company.id)
) => postAction(action, { path, fields, params, locals });

async function invoice() {
	return makeOneLineInvoice(db, { ...a, customer: await makeCustomer(db, a.company.id) });
}

describe('/locale: the language picker', () => {
	async function pick(fields: Record<string, string>) {
		const url = new URL('http://127.0.0.1/locale');
		const request = new Request(url, { method: 'POST', body: new URLSearchParams(fields) });
		const set: [string, string][] = [];
		const cookies = { set: (name: string, value: string) => set.push([name, value]) };
		try {
			await localeEndpoint.POST({ request, cookies, url } as never);
			throw new Error('no answer');
		} catch (err) {
			if (isRedirect(err)) return { status: err.status, location: err.location, set };
			if (isHttpError(err)) return { status: err.status, message: err.body.message, set };
			throw err;
		}
	}

	it('an unknown language is refused in words, no cookie set; a known one is stored', async () => {
		expect(await pick({ locale: 'de', redirectTo: '/invoices' })).toEqual({
			status: 400,
			message: m.val_locale(),
			set: []
		});
		expect((await pick({ redirectTo: '/invoices' })).status).toBe(400);
		expect(await pick({ locale: 'nl', redirectTo: '/invoices?x=1' })).toEqual({
			status: 303,
			location: '/invoices?x=1',
			set: [['PARAGLIDE_LOCALE', 'nl']]
		});
		// The way back is still checked: another site is never a destination.
		expect((await pick({ locale: 'fr', redirectTo: '//evil.example/' })).location).toBe('/');
	});
});

describe('a purchase: Mark as paid', () => {
	async function received(companyId: string) {
		const id = randomId();
		await db.insert(peppolDocuments).values({
			id,
			companyId,
			direction: 'in',
			apId: `ap-${id}`,
			state: 'received',
			number: 'INV-7',
			updatedAt: new Date()
		});
		return id;
	}
	const paidAt = async (id: string) =>
		(await db.select().from(peppolDocuments).where(eq(peppolDocuments.id, id)))[0]!.paidAt;
	const mark = (id: string, fields: Record<string, string>) =>
		post(purchasePage.actions.paid as ActionFn, `/purchases/${id}?/paid`, fields, { id });

	it("another company's or an unknown purchase is 404 whatever the form holds", async () => {
		const theirs = await received(b.company.id);
		for (const fields of [{ paid: 'yes' }, { paid: '1' }, {}] as Record<string, string>[]) {
			expect((await mark(theirs, fields)).error).toBe(404);
			expect((await mark('nope', fields)).error).toBe(404);
		}
		expect(await paidAt(theirs)).toBeNull();
	});

	it('a value that is neither on nor off is refused as typed; 1 and 0 mark and unmark', async () => {
		const id = await received(a.company.id);
		expect((await mark(id, { paid: 'yes' })).failure).toEqual({
			status: 400,
			data: { errors: { form: m.val_flag() }, values: { paid: 'yes' } }
		});
		expect(await paidAt(id)).toBeNull();
		expect((await mark(id, { paid: '1' })).redirect).toBe(`/purchases/${id}`);
		expect(await paidAt(id)).toBeInstanceOf(Date);
		expect((await mark(id, { paid: '0' })).redirect).toBe(`/purchases/${id}`);
		expect(await paidAt(id)).toBeNull();
	});
});

describe("the customer's pay page: Pay", () => {
	it('a language that is none of the three is refused in the page’s; a good one goes on', async () => {
		const inv = await invoice();
		const token = (await ensurePayToken(db, tokenKeyring(), a.company.id, inv.id))!;
		const pay = async (lang: string) => {
			const locals = {} as App.Locals;
			const r = await post(
				payPage.actions.pay as ActionFn,
				`/pay/${token}?/pay&lang=nl`,
				{ lang },
				{ token },
				locals
			);
			return { ...r, lang: locals.lang };
		};
		const bad = await pay('de');
		expect(bad.failure).toEqual({ status: 400, data: { reason: 'lang', values: { lang: 'de' } } });
		expect(bad.lang).toBe('nl');
		// Accepted: on to the checkout, which this server has no Mollie for (its own answer).
		const good = await pay('fr');
		expect(good.failure).toEqual({ status: 409, data: { reason: 'not_connected' } });
		expect(good.lang).toBe('fr');
	});
});

describe('invoice page: ids posted back', () => {
	it('Retry with a message id that is no id is 404 like an unknown one; a real one goes on', async () => {
		const inv = await invoice();
		const retry = (message: string) =>
			post(
				invoicePage.actions.retryMail as ActionFn,
				`/invoices/${inv.id}?/retryMail`,
				{ message },
				{ id: inv.id }
			);
		expect((await retry("x' OR 1=1 --")).error).toBe(404);
		expect((await retry('m'.repeat(65))).error).toBe(404);
		const id = randomId();
		await db.insert(outbox).values({
			id,
			companyId: a.company.id,
			invoiceId: inv.id,
			toAddress: 'jan@peeters.test',
			subject: 'Factuur',
			text: 'Hierbij.',
			kind: 'invoice',
			status: 'sent'
		});
		// Sent meanwhile: nothing to retry, the page shows the state.
		expect((await retry(id)).redirect).toBe(`/invoices/${inv.id}?done=`);
	});

	it('Collect on a terminal: a terminal id that is no id is refused as typed, on our invoice only', async () => {
		const inv = await invoice();
		const collect = (invoiceId: string, terminalId: string) =>
			post(
				invoicePage.actions.collectTerminal as ActionFn,
				`/invoices/${invoiceId}?/collectTerminal`,
				{ terminalId },
				{ id: invoiceId }
			);
		expect((await collect(inv.id, 'term_<b>')).failure).toEqual({
			status: 400,
			data: {
				errors: { form: m.collect_err_no_terminal() },
				collect: { reason: 'no_terminal', terminalId: 'term_<b>' }
			}
		});
		const theirs = await makeOneLineInvoice(db, {
			...b,
			customer: await makeCustomer(db, b.company.id)
		});
		expect((await collect(theirs.id, 'term_<b>')).error).toBe(404);
		// An id: on to collecting, which this server has no Mollie for (the panel's own answer).
		expect((await collect(inv.id, 'term_7Hq2')).failure).toMatchObject({
			status: 409,
			data: { collect: { reason: 'not_connected' } }
		});
	});
});

describe('invoice editor: the customer picker and the line buttons', () => {
	const head = (over: Record<string, string> = {}) => ({
		customerId: '',
		customerQuery: '',
		journalId: a.journal.id,
		issueDate: '2026-03-10',
		currency: 'EUR',
		line_description: 'Conseil',
		line_quantity: '1',
		line_price: '80',
		line_vat: '21',
		...over
	});
	type Reply = {
		values: { customerId: string; lines: unknown[] };
		errors: Record<string, string>;
		customerQuery: string;
		customers: { id: string }[];
	};

	it('a picked customer that is no id is refused on the picker, the search kept', async () => {
		const r = await post(
			newInvoicePage.actions.findCustomer as ActionFn,
			'/invoices/new?/findCustomer',
			head({ customerId: '<script>', customerQuery: 'Lambic' })
		);
		expect(r.failure?.status).toBe(400);
		const data = r.failure?.data as unknown as Reply;
		expect(data.errors).toEqual({ customerId: errorText('not_found') });
		expect(data.customerQuery).toBe('Lambic');
		expect(data.values.customerId).toBe('<script>');
	});

	it('a real customer and a search: the matches with the picked one', async () => {
		const picked = await makeCustomer(db, a.company.id, { name: 'Zythos Brouwerij' });
		await makeCustomer(db, a.company.id, { name: 'Brasserie Lambic' });
		const r = await post(
			newInvoicePage.actions.findCustomer as ActionFn,
			'/invoices/new?/findCustomer',
			head({ customerId: picked.id, customerQuery: 'Lambic' + ' '.repeat(200) })
		);
		const reply = r.failure as unknown as Reply;
		expect(reply.errors).toEqual({});
		expect(reply.customerQuery).toHaveLength(100);
		expect(reply.customers.map((c) => c.id)).toContain(picked.id);
	});

	it('a line number that is no number is refused; a real one moves the line', async () => {
		const two = [
			...Object.entries(head()),
			['line_description', 'Déplacement'],
			['line_quantity', '1'],
			['line_price', '40'],
			['line_vat', '6']
		];
		const bad = await post(
			newInvoicePage.actions.removeLine as ActionFn,
			'/invoices/new?/removeLine',
			[...two, ['line', '1; drop']]
		);
		expect(bad.failure?.status).toBe(400);
		const refused = bad.failure?.data as unknown as Reply;
		expect(refused.errors).toEqual({ form: errorText('invalid') });
		expect(refused.values.lines).toHaveLength(2);
		const good = await post(
			newInvoicePage.actions.removeLine as ActionFn,
			'/invoices/new?/removeLine',
			[...two, ['line', '0']]
		);
		const kept = (good.failure as unknown as Reply).values.lines;
		expect(kept).toEqual([expect.objectContaining({ description: 'Déplacement' })]);
	});
});

describe('settings: SMTP server, a hand-made post', () => {
	it('fields left out read as empty and are refused each; a full form is saved', async () => {
		const smtp = (fields: Record<string, string>) =>
			post(emailSettings.actions.smtp as ActionFn, '/settings/email?/smtp', fields);
		expect((await smtp({ username: 'facturen' })).failure).toEqual({
			status: 422,
			data: {
				form: 'smtp',
				errors: {
					host: m.mailx_err_host(),
					port: m.mailx_err_port(),
					security: m.mailx_err_security(),
					fromAddress: m.mailx_err_from()
				},
				values: { username: 'facturen', password: '' }
			}
		});
		const saved = await smtp({
			host: 'smtp.peeters.test',
			port: '465',
			security: 'tls',
			fromAddress: 'facturen@peeters.test'
		});
		expect(saved.redirect).toBe('/settings/email?done=smtp');
		const [row] = await db
			.select()
			.from(companySmtp)
			.where(eq(companySmtp.companyId, a.company.id));
		expect(row).toMatchObject({ host: 'smtp.peeters.test', port: 465, username: '' });
	});
});

describe('settings: the QR codes on documents', () => {
	it('a choice that is none of the three is refused as typed; a good one is saved', async () => {
		const save = (fields: Record<string, string>) =>
			post(documentsSettings.actions.save as ActionFn, '/settings/documents?/save', fields);
		const choice = async () =>
			(
				await db
					.select({ qr: companies.docQrCodes })
					.from(companies)
					.where(eq(companies.id, a.company.id))
			)[0]!.qr;
		expect((await save({ qrCodes: 'none' })).failure).toEqual({
			status: 400,
			data: { errors: { qrCodes: m.docqr_error_choice() }, values: { qrCodes: 'none' } }
		});
		expect((await save({})).failure?.status).toBe(400);
		expect(await choice()).toBe('both');
		expect((await save({ qrCodes: 'bank' })).failure).toEqual({
			values: { qrCodes: 'bank' },
			message: m.docqr_saved()
		});
		expect(await choice()).toBe('bank');
	});
});
