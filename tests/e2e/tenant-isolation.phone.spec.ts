import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { deviceContext, signUp, appDb } from './helpers';
import { createCustomer, finalizedInvoice, setIban } from './payFlow';

// Tenant isolation as a permanent test (issue 12): every route of src/routes with an id or a
// token in its path is found by walking the folder. Company B's session tries company A's ids on
// each load, action and endpoint and must get 404, with A's rows unchanged. A new route fails
// this test until it is given A's id below (or listed as public, with the reason).
test.describe.configure({ timeout: 180_000 });
test.use({ locale: 'en-US' });

const ROUTES = 'src/routes';

/** Route id (as Kit names it) → which of company A's ids goes into its path. */
type Ids = Record<
	'invoice' | 'draft' | 'customer' | 'journal' | 'outbox' | 'molliePayment' | 'received',
	string
>;
const TARGETS: Record<string, (ids: Ids) => string> = {
	'/(app)/customers/[id]': (i) => `/customers/${i.customer}`,
	'/(app)/invoices/[id]': (i) => `/invoices/${i.invoice}`,
	'/(app)/invoices/[id]/collect/[paymentId]': (i) =>
		`/invoices/${i.invoice}/collect/${i.molliePayment}`,
	'/(app)/invoices/[id]/credit': (i) => `/invoices/${i.invoice}/credit`,
	'/(app)/invoices/[id]/edit': (i) => `/invoices/${i.draft}/edit`,
	'/(app)/invoices/[id]/payments': (i) => `/invoices/${i.invoice}/payments`,
	'/(app)/invoices/[id]/pdf': (i) => `/invoices/${i.invoice}/pdf`,
	'/(app)/invoices/[id]/print': (i) => `/invoices/${i.invoice}/print`,
	'/(app)/invoices/[id]/ubl': (i) => `/invoices/${i.invoice}/ubl`,
	'/(app)/payments/mollie/[id]': (i) => `/payments/mollie/${i.molliePayment}`,
	'/(app)/purchases/[id]': (i) => `/purchases/${i.received}`,
	'/(app)/purchases/[id]/pdf': (i) => `/purchases/${i.received}/pdf`,
	'/(app)/purchases/[id]/ubl': (i) => `/purchases/${i.received}/ubl`,
	'/(app)/settings/journals/[id]': (i) => `/settings/journals/${i.journal}`,
	'/(app)/settings/outbox/[id]': (i) => `/settings/outbox/${i.outbox}`
};
/** Routes whose path token is itself the capability: anyone holding it may use it. */
const PUBLIC_BY_TOKEN: Record<string, string> = {
	'/files/[id]': "company logos on the customer's pay page; 120 random bits",
	'/pay/[token]': 'the pay link sent to the customer; 160 random bits, only the hash stored',
	'/pay/[token]/document': 'the same pay link',
	'/pay/[token]/pdf': "the same pay link (the invoice's PDF)",
	'/(public)/reset-password/[token]': 'the reset link mailed to the user',
	'/(public)/confirm-email/[token]':
		'the address-confirmation link mailed to the user; 160 random bits, only the hash stored'
};

interface Probe {
	route: string;
	method: string;
	/** `?/name` for form actions. */
	action?: string;
}

/** Every load, action and endpoint method of every route with a parameter. */
function probes(): Probe[] {
	const found: Probe[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
		}
		const route = '/' + relative(ROUTES, dir).split('\\').join('/');
		if (!route.includes('[')) return;
		const files = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile());
		for (const file of files) {
			const source = readFileSync(join(dir, file), 'utf8');
			if (/^\+page(@.*)?\.svelte$|^\+page(\.server)?\.ts$/.test(file)) {
				if (!found.some((p) => p.route === route && p.method === 'GET' && !p.action)) {
					found.push({ route, method: 'GET' });
				}
			}
			if (file === '+page.server.ts') {
				const block = /export const actions = \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
				for (const [, name] of block.matchAll(/^\t(\w+)[,:(]/gm)) {
					found.push({ route, method: 'POST', action: name });
				}
				for (const [, spread] of block.matchAll(/^\t\.\.\.(\w+)/gm)) {
					// Shared action sets (e.g. lineActions): their names, from where they are defined.
					const def = readSharedActions(spread);
					for (const name of def) found.push({ route, method: 'POST', action: name });
				}
			}
			if (file === '+server.ts') {
				for (const [, method] of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) {
					found.push({ route, method });
				}
			}
		}
	};
	walk(ROUTES);
	return found;
}

function readSharedActions(name: string): string[] {
	const source = readFileSync(join(ROUTES, '(app)/invoices/editor.server.ts'), 'utf8');
	const block = new RegExp(`export const ${name} = \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1];
	if (!block) throw new Error(`Shared actions ${name} not found: teach this test where they live`);
	return [...block.matchAll(/^\t(\w+):/gm)].map((m) => m[1]);
}

/** Everything company A owns, as rows: compared before and after B's attempts. */
async function snapshot(companyId: string) {
	const db = appDb();
	try {
		const tables = [
			'invoices',
			'invoice_lines',
			'payments',
			'customers',
			'journals',
			'outbox',
			'mollie_payments',
			'mollie_connections',
			'mollie_profiles',
			'mollie_qr_codes',
			'peppol_documents',
			'files',
			'companies'
		];
		const out: Record<string, unknown> = {};
		for (const table of tables) {
			const column = table === 'companies' ? 'id' : 'company_id';
			const hasColumn = (await db.execute(`PRAGMA table_info(${table})`)).rows.some(
				(r) => r.name === column
			);
			const sql = hasColumn
				? `SELECT * FROM ${table} WHERE ${column} = ? ORDER BY rowid`
				: `SELECT * FROM ${table} WHERE invoice_id IN (SELECT id FROM invoices WHERE company_id = ?) ORDER BY rowid`;
			out[table] = (await db.execute({ sql, args: [companyId] })).rows.map((r) => ({ ...r }));
		}
		return JSON.stringify(out);
	} finally {
		db.close();
	}
}

async function firstLink(page: Page, path: string, pattern: RegExp) {
	await page.goto(path);
	const hrefs = await page
		.locator('a[href]')
		.evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
	const id = hrefs.map((h) => pattern.exec(h)?.[1]).find((x) => x && x !== 'new' && x !== 'import');
	if (!id) throw new Error(`no link matching ${pattern} on ${path}`);
	return id;
}

async function seedCompanyA(page: Page): Promise<{ companyId: string; ids: Ids }> {
	const { email } = await signUp(page, { company: 'Company A SRL' });
	await setIban(page);
	await createCustomer(page, 'Customer of A', 'fr');
	const { invoiceId } = await finalizedInvoice(page, 'Customer of A', '100');
	// A manual payment on it, and a draft.
	await page.goto(`/invoices/${invoiceId}/payments`);
	await page.getByLabel('Amount').fill('10');
	await page.getByRole('button', { name: 'Register payment' }).click();
	await expect(page.getByRole('status').first()).toBeVisible();
	await page.goto('/invoices/new');
	await page.getByLabel('Customer').selectOption({ label: 'Customer of A' });
	await page.getByLabel('Description line 1').fill('Draft work');
	await page.getByLabel('Unit price excl. VAT line 1').fill('5');
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page).toHaveURL(/\/invoices\/[^/]+$/);
	const draft = new URL(page.url()).pathname.split('/').pop()!;
	// A mail in A's outbox: an invoice email the mail server refused (reset mail no longer goes
	// to a company's outbox), as the delivery code would have stored it.
	const db = appDb();
	try {
		const user = await db.execute({
			sql: 'SELECT company_id FROM users WHERE email = ?',
			args: [email]
		});
		const companyId = String(user.rows[0]!.company_id);
		const outbox = `tenanta${Date.now().toString(36)}`;
		await db.execute({
			sql: `INSERT INTO outbox (id, company_id, to_address, subject, text, kind, status, invoice_id, attempts, error_kind, created_at)
				VALUES (?, ?, 'customer-of-a@example.test', 'Invoice of A', 'Invoice of A', 'invoice', 'failed', ?, 1, 'rejected', ?)`,
			args: [outbox, companyId, invoiceId, Date.now()]
		});
		const invoice = await db.execute({
			sql: 'SELECT currency FROM invoices WHERE id = ?',
			args: [invoiceId]
		});
		// A Mollie payment of A's, as the webhook would have stored it: taken at a terminal, so
		// the waiting screen /invoices/[id]/collect/[paymentId] shows it too.
		const molliePayment = `tr_tenantA${Date.now().toString(36)}`;
		await db.execute({
			sql: `INSERT INTO mollie_payments (id, company_id, invoice_id, mode, profile_id, status, method, amount_cents, currency, created_at, updated_at)
				VALUES (?, ?, ?, 'test', 'pfl_tenant', 'paid', 'pointofsale', 12100, ?, ?, ?)`,
			args: [
				molliePayment,
				companyId,
				invoiceId,
				String(invoice.rows[0]!.currency),
				Date.now(),
				Date.now()
			]
		});
		// A purchase invoice A received through Peppol (with an embedded PDF), as the access
		// point's webhook would have stored it.
		const received = `peppolA${Date.now().toString(36)}`;
		await db.execute({
			sql: `INSERT INTO peppol_documents (id, company_id, direction, ap_id, state, number, xml, updated_at)
				VALUES (?, ?, 'in', ?, 'received', 'SUP-1', ?, ?)`,
			args: [
				received,
				companyId,
				`doc_${received}`,
				'<Invoice><cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="SUP-1.pdf">JVBERi0xLjQKJSVFT0YK</cbc:EmbeddedDocumentBinaryObject></Invoice>',
				Date.now()
			]
		});
		const ids: Ids = {
			received,
			invoice: invoiceId,
			draft,
			customer: await firstLink(page, '/customers', /^\/customers\/([^/?]+)$/),
			journal: await firstLink(page, '/settings/journals', /^\/settings\/journals\/([^/?]+)$/),
			outbox,
			molliePayment
		};
		return { companyId, ids };
	} finally {
		db.close();
	}
}

/** A form post as a browser without JavaScript sends it, with fields any action might read. */
function attack(request: APIRequestContext, origin: string, url: string, ids: Ids) {
	const fields = new URLSearchParams({
		paymentId: ids.molliePayment,
		amount: '1',
		date: '2026-01-01',
		method: 'cash',
		reference: 'B was here',
		name: 'Renamed by B',
		customerId: ids.customer,
		journalId: ids.journal,
		issueDate: '2026-01-01',
		currency: 'EUR',
		line: '0',
		line_description: 'x',
		line_quantity: '1',
		line_price: '1',
		line_vat: '21',
		back: `/invoices/${ids.invoice}`,
		message: ids.outbox
	});
	return request.post(url, {
		headers: {
			origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		data: fields.toString(),
		maxRedirects: 0
	});
}

test("company B's session gets 404 on every one of company A's ids, and A's rows stay as they were", async ({
	browser,
	baseURL
}) => {
	const all = probes();
	const routes = [...new Set(all.map((p) => p.route))];
	const unlisted = routes.filter((r) => !(r in TARGETS) && !(r in PUBLIC_BY_TOKEN));
	expect(unlisted, 'routes with an id that this test does not cover yet').toEqual([]);
	// The listed actions include the ones the issue names.
	const names = all.map((p) => `${p.route} ${p.action ?? p.method}`);
	for (const required of [
		'/(app)/invoices/[id] regenerateLink',
		'/(app)/invoices/[id]/payments remove',
		'/(app)/payments/mollie/[id] refund'
	]) {
		expect(names).toContain(required);
	}

	const contextA = await deviceContext(browser);
	const a = await contextA.newPage();
	const { companyId, ids } = await seedCompanyA(a);
	// A can reach each of its own pages (so B's 404 means something).
	for (const route of Object.keys(TARGETS)) {
		const res = await a.request.get(TARGETS[route]!(ids), { maxRedirects: 0 });
		// A's invoice has no VAT numbers, so its e-invoice answers what to fix: found all the same.
		expect(res.status(), `A on ${route}`).toBe(route === '/(app)/invoices/[id]/ubl' ? 409 : 200);
	}

	const contextB = await deviceContext(browser);
	const b = await contextB.newPage();
	await signUp(b, { company: 'Company B BV' });
	const before = await snapshot(companyId);
	const results: string[] = [];
	for (const probe of all.filter((p) => p.route in TARGETS)) {
		const path = TARGETS[probe.route]!(ids);
		const res =
			probe.method === 'GET'
				? await b.request.get(path, { maxRedirects: 0 })
				: await attack(
						b.request,
						baseURL!,
						probe.action === 'default' ? path : `${path}?/${probe.action}`,
						ids
					);
		results.push(`${probe.route} ${probe.action ?? probe.method} → ${res.status()}`);
	}
	expect(results.filter((r) => !r.endsWith('→ 404'))).toEqual([]);
	expect(await snapshot(companyId)).toBe(before);
	await contextA.close();
	await contextB.close();
});
