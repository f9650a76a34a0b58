import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '$lib/server/db';
import { eq } from 'drizzle-orm';
import { companySmtp, invoiceLines, invoices } from '$lib/server/db/schema';
import { errorText } from '$lib/invoicing/errorText';
import { m } from '$lib/paraglide/messages';
import { actionDb, signedIn, postAction, type ActionFn } from '../helpers/actions';
import { makeCustomer, makeInvoice } from '../helpers/invoicing-fixtures';

/**
 * Forms read through zod and `parseForm` (issue 14): the routes' own actions with a real
 * database. A bad value comes back as that field's error, in the same words as before, with
 * everything else as it was typed; every refusal has the one shape `{ errors, values }`.
 */

vi.mock('$lib/server/db', async () => ({
	getDb: (await import('../helpers/actions')).testDb
}));
vi.mock('$lib/server/secrets/keyring', async (original) => ({
	...(await original<typeof import('$lib/server/secrets/keyring')>()),
	tokenKeyringOrNull: () => ({
		encryptionKey: Buffer.alloc(32, 7).toString('base64'),
		oldEncryptionKeys: []
	})
}));

const invoicePage = await import('../../src/routes/(app)/invoices/[id]/+page.server');
const paymentsPage = await import('../../src/routes/(app)/invoices/[id]/payments/+page.server');
const newInvoicePage = await import('../../src/routes/(app)/invoices/new/+page.server');
const editInvoicePage = await import('../../src/routes/(app)/invoices/[id]/edit/+page.server');
const creditPage = await import('../../src/routes/(app)/invoices/[id]/credit/+page.server');

const t = actionDb();
let db: Db;
let a: (typeof t)['a'];
beforeAll(() => {
	({ db, a } = t);
});

/** Runs a form action as company A's owner (see `postAction`). */
const post = (
	action: ActionFn,
	path: string,
	fields: Record<string, string> | string[][],
	params: Record<string, string>
) => postAction(action, { path, fields, params, locals: signedIn(a.company.id) });

async function invoice(state: 'draft' | 'finalized' = 'finalized') {
	const customer = await makeCustomer(db, a.company.id, { emails: 'jan@peeters.test' });
	return makeInvoice(db, {
		companyId: a.company.id,
		journalId: a.journal.id,
		customer,
		company: a.company,
		state,
		lines: [{ quantityMilli: 1000, unitPriceMilli: 100_000, vat: '21' }]
	});
}

describe('invoice page: Send by email', () => {
	it('a bad Cc and an empty subject are field errors; everything typed comes back', async () => {
		const inv = await invoice();
		const typed = {
			cc: 'boekhouding@peeters.test, not-an-address',
			bcc: '',
			subject: '  \n ',
			message: 'Beste, hierbij de factuur.'
		};
		const r = await post(
			invoicePage.actions.email as ActionFn,
			`/invoices/${inv.id}?/email`,
			typed,
			{ id: inv.id }
		);
		expect(r.failure?.status).toBe(422);
		expect(r.failure?.data).toEqual({
			errors: {
				cc: m.mail_err_address({ address: 'not-an-address' }),
				subject: m.mailx_err_subject()
			},
			values: typed
		});
	});

	it('a message over the maximum says how long it may be', async () => {
		const inv = await invoice();
		const r = await post(
			invoicePage.actions.email as ActionFn,
			`/invoices/${inv.id}?/email`,
			{ subject: 'Factuur', message: 'x'.repeat(5001) },
			{ id: inv.id }
		);
		expect(r.failure?.data.errors).toEqual({ message: m.mailx_err_too_long({ max: 5000 }) });
	});

	it('a draft is refused in the typed words, with what was typed', async () => {
		const inv = await invoice('draft');
		const typed = { cc: '', bcc: '', subject: 'Factuur', message: 'Hierbij.' };
		const r = await post(
			invoicePage.actions.email as ActionFn,
			`/invoices/${inv.id}?/email`,
			typed,
			{ id: inv.id }
		);
		expect(r.failure?.status).toBe(409);
		expect(r.failure?.data).toEqual({
			errors: { form: errorText('not_finalized_invoice') },
			values: typed
		});
	});
});

describe('invoice page: one result shape', () => {
	it('finalizing a finalized invoice and deleting it are refused with their texts', async () => {
		const inv = await invoice();
		const finalize = await post(
			invoicePage.actions.finalize as ActionFn,
			`/invoices/${inv.id}?/finalize`,
			{},
			{ id: inv.id }
		);
		expect(finalize.failure).toMatchObject({
			status: 409,
			data: { errors: { form: m.inv_err_not_draft() } }
		});
		const del = await post(
			invoicePage.actions.delete as ActionFn,
			`/invoices/${inv.id}?/delete`,
			{},
			{ id: inv.id }
		);
		expect(del.failure).toMatchObject({
			status: 409,
			data: { errors: { form: m.inv_err_not_draft() } }
		});
	});

	it('a draft is deleted and the page goes back to the list', async () => {
		const inv = await invoice('draft');
		const r = await post(
			invoicePage.actions.delete as ActionFn,
			`/invoices/${inv.id}?/delete`,
			{},
			{ id: inv.id }
		);
		expect(r.redirect).toBe('/invoices');
	});
});

describe('invoice payments: Register a payment', () => {
	it('an amount with too many decimals is the amount field’s error; the rest stays typed', async () => {
		const inv = await invoice();
		const typed = {
			date: '2026-01-15',
			amount: '12,345',
			method: 'bank_transfer',
			reference: 'ref 1'
		};
		const r = await post(
			paymentsPage.actions.register as ActionFn,
			`/invoices/${inv.id}/payments?/register`,
			typed,
			{ id: inv.id }
		);
		expect(r.failure?.status).toBe(400);
		expect(r.failure?.data).toEqual({
			errors: { amount: m.ledger_error_amount_decimals({ decimals: 2 }) },
			values: typed
		});
	});
});

const customerNew = await import('../../src/routes/(app)/customers/new/+page.server');
const journalNew = await import('../../src/routes/(app)/settings/journals/new/+page.server');
const emailSettings = await import('../../src/routes/(app)/settings/email/+page.server');
const login = await import('../../src/routes/(public)/login/+page.server');

describe('customers and journals: zod schemas, the same keys and words', () => {
	it('a bad phone and term on a new customer: field errors, the form as typed', async () => {
		const typed = {
			name: '  Brasserie Lambic SRL ',
			emails: 'info@lambic.test',
			phone: 'call me',
			locale: 'nl',
			paymentTermDays: '400'
		};
		const r = await post(customerNew.actions.default as ActionFn, '/customers/new', typed, {});
		expect(r.failure?.status).toBe(400);
		expect(r.failure?.data).toEqual({
			errors: { phone: m.cust_err_phone(), paymentTermDays: m.inv_err_term() },
			values: typed
		});
	});

	it('a valid customer is saved trimmed, its addresses lower case', async () => {
		const r = await post(
			customerNew.actions.default as ActionFn,
			'/customers/new',
			{
				name: ' Lambic ',
				emails: 'Info@Lambic.test; jan@lambic.test',
				vatNumber: 'be 0123.456.749'
			},
			{}
		);
		expect(r.redirect).toMatch(/^\/customers\/.+\?saved=1$/);
	});

	it('an unknown token in a journal pattern is the pattern field’s error', async () => {
		const typed = { name: 'Shop', pattern: '{YYYY}-{XX}-{###}', nextNumber: '1' };
		const r = await post(
			journalNew.actions.default as ActionFn,
			'/settings/journals/new',
			typed,
			{}
		);
		expect(r.failure?.data).toEqual({
			errors: { pattern: m.jrn_err_pattern_token() },
			values: typed
		});
	});
});

describe('settings: email texts', () => {
	it('a subject without a message is refused on the message; every text comes back', async () => {
		const typed = {
			'invoice.nl.subject': 'Factuur {number}',
			'invoice.nl.body': '  ',
			'invoice.fr.subject': 'x'.repeat(201),
			'invoice.fr.body': 'Bonjour'
		};
		const r = await post(
			emailSettings.actions.texts as ActionFn,
			'/settings/email?/texts',
			typed,
			{}
		);
		expect(r.failure?.status).toBe(422);
		expect(r.failure?.data).toEqual({
			form: 'texts',
			errors: {
				'invoice.nl.body': m.mailx_texts_half(),
				'invoice.fr.subject': m.mailx_err_too_long({ max: 200 })
			},
			values: typed
		});
	});
});

describe('settings: SMTP server', () => {
	const typed = {
		host: ' 203.0.113.5 ',
		port: '70000',
		security: 'starttls',
		username: 'facturen@peeters.test',
		password: 'geheim',
		fromAddress: 'not-an-address'
	};

	it('a bad port and sender are field errors; everything typed but the password comes back', async () => {
		const r = await post(
			emailSettings.actions.smtp as ActionFn,
			'/settings/email?/smtp',
			typed,
			{}
		);
		expect(r.failure?.status).toBe(422);
		expect(r.failure?.data).toEqual({
			form: 'smtp',
			errors: { port: m.mailx_err_port(), fromAddress: m.mailx_err_from() },
			values: { ...typed, password: '' }
		});
		const r2 = await post(
			emailSettings.actions.smtp as ActionFn,
			'/settings/email?/smtp',
			{ ...typed, host: 'localhost', port: '587', security: 'ssl', fromAddress: 'a@b.be' },
			{}
		);
		expect(r2.failure?.data.errors).toEqual({
			host: m.mailx_err_host_private(),
			security: m.mailx_err_security()
		});
	});

	it('good settings are saved as before: trimmed, the port a number, the password sealed', async () => {
		const r = await post(
			emailSettings.actions.smtp as ActionFn,
			'/settings/email?/smtp',
			{ ...typed, port: ' 587 ', fromAddress: ' facturen@peeters.test ' },
			{}
		);
		expect(r.redirect).toBe('/settings/email?done=smtp');
		const [row] = await db
			.select()
			.from(companySmtp)
			.where(eq(companySmtp.companyId, a.company.id));
		expect(row).toMatchObject({
			host: '203.0.113.5',
			port: 587,
			security: 'starttls',
			username: 'facturen@peeters.test',
			fromAddress: 'facturen@peeters.test'
		});
		expect(row!.passwordEnc).toBeTruthy();
		expect(row!.passwordEnc).not.toContain('geheim');
	});
});

describe('login', () => {
	it('an empty or oversized password is refused unread, the address kept', async () => {
		for (const password of ['', 'p'.repeat(201)]) {
			const r = await post(
				login.actions.default as ActionFn,
				'/login',
				{ email: ' Owner@Dupont.test ', password },
				{}
			);
			expect(r.failure).toEqual({
				status: 400,
				data: {
					values: { email: ' Owner@Dupont.test ' },
					errors: { form: m.error_bad_credentials() }
				}
			});
		}
	});
});

describe('invoice editor: the draft and its lines', () => {
	/** The editor's fields as the browser posts them: line fields repeated, in order. */
	function editorForm(head: Record<string, string>, lines: Record<string, string>[]) {
		const pairs = Object.entries(head);
		for (const l of lines) for (const [k, v] of Object.entries(l)) pairs.push([`line_${k}`, v]);
		return pairs;
	}
	const line = (over: Record<string, string> = {}) => ({
		description: 'Conseil',
		quantity: '2',
		unit: 'h',
		price: '100,50',
		discount: '',
		vat: '21',
		...over
	});

	it('a bad quantity, price and due date are field errors; the draft comes back as typed', async () => {
		const customer = await makeCustomer(db, a.company.id);
		const head = {
			customerId: customer.id,
			journalId: a.journal.id,
			issueDate: '2026-03-10',
			dueDate: '2026-03-01',
			currency: 'EUR',
			reference: 'PO-7',
			notes: 'Merci',
			allowZeroTotal: ''
		};
		const lines = [line(), line({ quantity: '-1', price: '12,3456' })];
		const r = await post(
			newInvoicePage.actions.save as ActionFn,
			'/invoices/new?/save',
			editorForm(head, lines),
			{}
		);
		expect(r.failure?.status).toBe(400);
		expect(r.failure?.data.errors).toEqual({
			dueDate: m.inv_err_due_before_issue(),
			'lines.1.quantity': errorText('quantity_negative'),
			'lines.1.price': errorText('price_decimals')
		});
		expect(r.failure?.data.values).toEqual({ ...head, lines });
	});

	it('a good draft is saved as before: amounts in thousandths, due date from the term', async () => {
		const customer = await makeCustomer(db, a.company.id, { paymentTermDays: 14 });
		const r = await post(
			newInvoicePage.actions.save as ActionFn,
			'/invoices/new?/save',
			editorForm(
				{
					customerId: customer.id,
					journalId: a.journal.id,
					issueDate: '2026-03-10',
					dueDate: '',
					currency: 'EUR',
					reference: ' PO-7 ',
					notes: ''
				},
				[line(), line({ description: 'Déplacement', quantity: '1', price: '40', vat: '6' })]
			),
			{}
		);
		const id = r.redirect?.split('/').at(-1) ?? '';
		expect(r.redirect).toBe(`/invoices/${id}`);
		const [doc] = await db.select().from(invoices).where(eq(invoices.id, id));
		expect(doc).toMatchObject({
			customerId: customer.id,
			dueDate: '2026-03-24',
			reference: 'PO-7',
			netCents: 24100,
			vatCents: 4221 + 240,
			totalCents: 24100 + 4461
		});
		const rows = await db
			.select()
			.from(invoiceLines)
			.where(eq(invoiceLines.invoiceId, id))
			.orderBy(invoiceLines.position);
		expect(rows.map((l) => [l.description, l.quantityMilli, l.unitPriceMilli, l.vat])).toEqual([
			['Conseil', 2000, 100_500, '21'],
			['Déplacement', 1000, 40_000, '6']
		]);
	});

	it('editing a draft: an unknown VAT rate and a missing description keep what was typed', async () => {
		const inv = await invoice('draft');
		const [draft] = await db.select().from(invoices).where(eq(invoices.id, inv.id));
		const head = {
			customerId: draft!.customerId,
			journalId: a.journal.id,
			issueDate: '2026-03-10',
			dueDate: '',
			currency: 'EUR',
			reference: '',
			notes: '',
			allowZeroTotal: ''
		};
		const lines = [line({ description: '  ', vat: '7' })];
		const r = await post(
			editInvoicePage.actions.save as ActionFn,
			`/invoices/${inv.id}/edit?/save`,
			editorForm(head, lines),
			{ id: inv.id }
		);
		expect(r.failure?.status).toBe(400);
		expect(r.failure?.data.errors).toEqual({
			'lines.0.description': errorText('required'),
			'lines.0.vat': errorText('vat_invalid')
		});
		expect(r.failure?.data.values).toEqual({ ...head, lines });

		const saved = await post(
			editInvoicePage.actions.save as ActionFn,
			`/invoices/${inv.id}/edit?/save`,
			editorForm(head, [line({ quantity: '1,5', price: '80' })]),
			{ id: inv.id }
		);
		expect(saved.redirect).toBe(`/invoices/${inv.id}`);
		const [doc] = await db.select().from(invoices).where(eq(invoices.id, inv.id));
		expect(doc).toMatchObject({ netCents: 12000, vatCents: 2520, totalCents: 14520 });
	});
});

describe('partial credit note: the lines picked', () => {
	it('more than was invoiced is refused on that line; a good pick makes the draft', async () => {
		const inv = await makeInvoice(db, {
			companyId: a.company.id,
			journalId: a.journal.id,
			customer: await makeCustomer(db, a.company.id),
			company: a.company,
			state: 'finalized',
			lines: [
				{ quantityMilli: 4000, unitPriceMilli: 25_000, vat: '21' },
				{ quantityMilli: 1000, unitPriceMilli: 10_000, vat: '6' }
			]
		});
		const lines = await db
			.select()
			.from(invoiceLines)
			.where(eq(invoiceLines.invoiceId, inv.id))
			.orderBy(invoiceLines.position);
		const [first, second] = lines.map((l) => l.id);
		const path = `/invoices/${inv.id}/credit`;
		const bad = await post(
			creditPage.actions.default as ActionFn,
			path,
			{
				[`pick_${first}`]: '1',
				[`qty_${first}`]: '4,5',
				[`pick_${second}`]: '1',
				[`qty_${second}`]: 'x'
			},
			{ id: inv.id }
		);
		expect(bad.failure?.status).toBe(400);
		expect(bad.failure?.data).toEqual({
			errors: { form: errorText('quantity_invalid') },
			// The form comes back as typed: both lines ticked, their quantities as they were.
			values: {
				[`pick_${first}`]: '1',
				[`qty_${first}`]: '4,5',
				[`pick_${second}`]: '1',
				[`qty_${second}`]: 'x'
			}
		});

		const good = await post(
			creditPage.actions.default as ActionFn,
			path,
			// The second line's quantity is posted but not picked: not credited.
			{ [`pick_${first}`]: '1', [`qty_${first}`]: ' 1,5 ', [`qty_${second}`]: '1' },
			{ id: inv.id }
		);
		const id = good.redirect?.split('/').at(-2) ?? '';
		expect(good.redirect).toBe(`/invoices/${id}/edit`);
		const credited = await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, id));
		expect(credited.map((l) => [l.quantityMilli, l.unitPriceMilli, l.vat])).toEqual([
			[-1500, 25_000, '21']
		]);
	});
});

describe('Apps: the Mollie profile per journal', () => {
	it('an id that is none of ours is that journal’s error, as typed; none is saved', async () => {
		const { actions } = await import('../../src/routes/(app)/apps/mollie/+page.server');
		const run = (fields: Record<string, string>) =>
			post(actions.profiles as ActionFn, '/apps/mollie?/profiles', fields, {});
		const field = `profile_${a.journal.id}`;
		const bad = await run({ [field]: 'pfl_<script>' });
		expect(bad.failure?.status).toBe(400);
		expect(bad.failure?.data).toEqual({
			errors: { [field]: m.mollie_profile_invalid() },
			values: { [field]: 'pfl_<script>' }
		});
		expect((await run({ [field]: '' })).redirect).toBe('/apps?mollie=saved');
	});
});
