import { isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '$lib/server/db';
import { errorText } from '$lib/invoicing/errorText';
import { m } from '$lib/paraglide/messages';
import { createTestDb } from '../helpers/db';
import { makeCompany, makeCustomer, makeInvoice } from '../helpers/invoicing-fixtures';

/**
 * Forms read through zod and `parseForm` (issue 14): the routes' own actions with a real
 * database. A bad value comes back as that field's error, in the same words as before, with
 * everything else as it was typed; every refusal has the one shape `{ errors, values }`.
 */

const ctx = vi.hoisted(() => ({ db: null as unknown }));
vi.mock('$lib/server/db', () => ({ getDb: () => ctx.db }));
vi.mock('$lib/server/secrets/keyring', async (original) => ({
	...(await original<typeof import('$lib/server/secrets/keyring')>()),
	tokenKeyringOrNull: () => ({
		encryptionKey: Buffer.alloc(32, 7).toString('base64'),
		oldEncryptionKeys: []
	})
}));

const invoicePage = await import('../../src/routes/(app)/invoices/[id]/+page.server');
const paymentsPage = await import('../../src/routes/(app)/invoices/[id]/payments/+page.server');

let db: Db;
let close: () => void;
let a: Awaited<ReturnType<typeof makeCompany>>;

beforeAll(async () => {
	const created = await createTestDb();
	db = created.db as Db;
	ctx.db = db;
	close = () => created.client.close();
	a = await makeCompany(db);
});
afterAll(() => close());

const locals = (companyId: string) =>
	({
		user: {
			id: 'u',
			email: 'owner@dupont.test',
			name: 'U',
			role: 'owner',
			emailConfirmedAt: new Date()
		},
		company: { id: companyId, name: 'Atelier Dupont SRL', defaultLocale: 'fr' }
	}) as unknown as App.Locals;

type ActionFn = (event: never) => Promise<unknown>;
type Failure = { status: number; data: { errors: Record<string, string>; values?: object } };

/** Runs a form action like Kit does: a redirect is the success, a returned value a failure. */
async function post(
	action: ActionFn,
	path: string,
	fields: Record<string, string>,
	params: Record<string, string>
) {
	const url = new URL(`http://127.0.0.1${path}`);
	const request = new Request(url, { method: 'POST', body: new URLSearchParams(fields) });
	try {
		return {
			redirect: null,
			failure: (await action({
				locals: locals(a.company.id),
				params,
				request,
				url
			} as never)) as Failure
		};
	} catch (err) {
		if (isRedirect(err)) return { redirect: err.location, failure: null };
		throw err;
	}
}

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
