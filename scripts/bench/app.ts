// Setting the scene through the app itself, as the e2e suite does: sign up, connect Mollie at the
// sandbox, pick the profile, create customers and finalized invoices. Only the pay links are
// written straight into the database (see createPayLink).
import { chromium, devices, type Browser, type Page } from '@playwright/test';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { and, count, eq } from 'drizzle-orm';
import { join } from 'node:path';
import * as schema from '../../src/lib/server/db/schema';
import { encryptSecret } from '../../src/lib/server/secrets/crypto';
import { fetchRetry, waitFor } from './util';
import { hashToken, randomToken } from '../../src/lib/server/secrets/tokens';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Debian's Chromium, kept off the network (as in playwright.config.ts). */
export const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export const launchBrowser = (): Promise<Browser> =>
	chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS.slice(1) });

export type BenchDb = LibSQLDatabase<typeof schema> & { $client: Client };

/** The preview's database file, opened beside it (SQLite locks keep the two apart). */
export async function openDb(file: string): Promise<BenchDb> {
	const client = createClient({ url: `file:${file}` });
	await client.execute('PRAGMA busy_timeout = 10000');
	return drizzle(client, { schema });
}

export interface Scene {
	companyId: string;
	/** `acquit_session=…`, for requests as the owner. */
	cookie: string;
	/** Finalized, unpaid invoices; each has a customer's name for searches. */
	invoices: { id: string; number: string; customer: string }[];
}

const COMPANY = 'Boulangerie Dupont SRL';
export const CUSTOMERS = ['Brasserie Lambic SRL', 'Café Zinc'];

async function signUp(page: Page, email: string) {
	await page.goto('/signup');
	await page.getByLabel('Your name').fill('Marie Dupont');
	await page.getByLabel('Company name').fill(COMPANY);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill('correct horse battery');
	await page.getByRole('button', { name: 'Create account' }).click();
	// Every sign-up answers with the same "check your inbox" page; a new account continues in.
	await page.waitForURL(/\/signup\/check-inbox$/);
	await page.getByRole('link', { name: 'Continue to Acquit' }).click();
	await page.waitForURL(/\/dashboard$/);
}

/** The company's IBAN (so the pay page carries the EPC QR) and a logo (served from /files/). */
async function companyDetails(page: Page, root: string) {
	await page.goto('/settings');
	await page.getByLabel('IBAN').fill('BE68 5390 0754 7034');
	await page.getByRole('button', { name: 'Save company details' }).click();
	await page.getByText('Company details saved.').waitFor();
	await page.getByLabel('Logo image').setInputFiles(join(root, 'static/icons/icon-192.png'));
	await page.getByRole('button', { name: 'Upload logo' }).click();
	await page.getByText('Logo updated.').waitFor();
}

/** Apps & connections → Mollie: activate, approve at the sandbox, keep the default profile. */
async function connectMollie(page: Page, sandboxURL: string) {
	await page.goto('/apps');
	const card = page.getByRole('article', { name: 'Mollie' });
	await card.getByRole('button', { name: 'Activate' }).click();
	await card.getByRole('button', { name: 'Configure' }).click();
	await page.waitForURL((url) => url.href.startsWith(`${sandboxURL}/oauth2/authorize?`));
	await page.getByRole('group', { name: 'Organization' }).getByLabel(COMPANY).check();
	await page.getByRole('button', { name: 'Approve' }).click();
	await page.waitForURL(/\/apps\/mollie\?connected=1$/);
	const picker = page.getByLabel('Profile for journal Sales');
	if (!(await picker.inputValue())) await picker.selectOption({ index: 1 });
	await page.getByRole('button', { name: 'Save' }).click();
	await page.waitForURL(/\/apps\?mollie=saved$/);
}

async function createCustomer(page: Page, name: string) {
	await page.goto('/customers/new');
	await page.getByLabel('Name (company or person)').fill(name);
	await page.getByLabel('Email addresses').fill('billing@example.test');
	await page.getByRole('button', { name: 'Create customer' }).click();
	await page.getByText('Customer saved.').waitFor();
}

async function createInvoice(page: Page, customer: string, n: number) {
	await page.goto('/invoices/new');
	await page.getByLabel('Customer').selectOption({ label: customer });
	await page.getByLabel('Description line 1').fill(`Bread and pastries, week ${n}`);
	await page.getByLabel('Quantity line 1').fill('3');
	await page.getByLabel('Unit price excl. VAT line 1').fill(`${40 + n}`);
	await page.getByRole('button', { name: 'Save draft' }).click();
	await page.waitForURL(/\/invoices\/[a-z0-9]+$/);
	const id = new URL(page.url()).pathname.split('/').pop()!;
	await page.getByRole('button', { name: 'Finalize and number' }).click();
	const heading = page.getByRole('heading', { level: 1, name: /^Invoice \S+$/ });
	await heading.waitFor();
	const number = (await heading.textContent())!.replace(/^Invoice\s+/, '').trim();
	return { id, number, customer };
}

/** Drives the app in Chromium to get a connected company with `invoiceCount` finalized invoices. */
export async function buildScene(opts: {
	root: string;
	baseURL: string;
	sandboxURL: string;
	db: BenchDb;
	invoiceCount: number;
}): Promise<Scene> {
	const browser = await launchBrowser();
	try {
		const context = await browser.newContext({
			...devices['Pixel 7'],
			baseURL: opts.baseURL,
			locale: 'en-US'
		});
		context.setDefaultTimeout(20_000);
		const page = await context.newPage();
		const email = `bench-${Date.now().toString(36)}@example.test`;
		await signUp(page, email);
		await companyDetails(page, opts.root);
		await connectMollie(page, opts.sandboxURL);
		for (const name of CUSTOMERS) await createCustomer(page, name);
		const invoices = [];
		for (let i = 0; i < opts.invoiceCount; i++) {
			invoices.push(await createInvoice(page, CUSTOMERS[i % CUSTOMERS.length]!, i + 1));
		}
		const session = (await context.cookies()).find((c) => c.name === 'acquit_session');
		if (!session) throw new Error('No session cookie after sign-up');
		const [user] = await opts.db
			.select({ companyId: schema.users.companyId })
			.from(schema.users)
			.where(eq(schema.users.email, email));
		return { companyId: user!.companyId, cookie: `acquit_session=${session.value}`, invoices };
	} finally {
		await browser.close();
	}
}

/**
 * A pay link for the invoice, written the way src/lib/server/payments/payLinks.ts writes it
 * (token hashed for lookup, sealed with the server's key under `paylink:<invoiceId>`). The app
 * keeps only the hash, and payLinks.ts reads `$env`, which exists only inside Vite; creating the
 * link is setup here, not what is measured. (The owner's invoice page shows the link too, in
 * ShareLink.svelte; writing it skips a page load per invoice. It replaces any link that page made.)
 */
export async function createPayLink(db: BenchDb, tokenKey: string, invoiceId: string) {
	const token = randomToken();
	const keys = { encryptionKey: tokenKey, oldEncryptionKeys: [] };
	await db
		.update(schema.invoices)
		.set({
			payTokenHash: hashToken(token),
			payTokenEnc: await encryptSecret(token, keys, `paylink:${invoiceId}`)
		})
		.where(eq(schema.invoices.id, invoiceId));
	return token;
}

/**
 * Presses the pay page's Pay button without a browser: the form POST to `?/pay` (same-origin, as
 * a browser sends it). Returns the Mollie payment id from the 303 to the checkout.
 */
export async function pressPay(baseURL: string, token: string): Promise<string> {
	// Safe to repeat: the app hands out the same open payment again.
	const res = await fetchRetry(`${baseURL}/pay/${token}?/pay`, {
		method: 'POST',
		headers: {
			origin: baseURL,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: 'lang=en',
		redirect: 'manual'
	});
	const body = await res.text();
	const location = res.headers.get('location') ?? '';
	const id = /\/checkout\/(tr_[A-Za-z0-9]+)/.exec(location)?.[1];
	if (res.status !== 303 || !id) {
		throw new Error(`Pay button: expected a 303 to a checkout, got ${res.status} ${location}
${body.slice(0, 300)}`);
	}
	return id;
}

/** The sandbox's control API: the customer "pays" at Mollie. */
export async function setSandboxStatus(sandboxURL: string, id: string, status: string) {
	const res = await fetchRetry(`${sandboxURL}/_sandbox/payments/${id}/status`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ status })
	});
	if (!res.ok) throw new Error(`Sandbox: ${id} → ${status}: ${res.status} ${await res.text()}`);
	await res.arrayBuffer();
}

/** The sandbox drops (never sends) its next `count` webhook deliveries. */
export async function dropSandboxWebhooks(sandboxURL: string, count: number) {
	const res = await fetchRetry(`${sandboxURL}/_sandbox/webhooks/drop`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ count })
	});
	if (!res.ok) throw new Error(`Sandbox: drop webhooks: ${res.status} ${await res.text()}`);
	await res.arrayBuffer();
}

/** Ledger rows booked for one Mollie payment. */
export async function ledgerRows(db: BenchDb, companyId: string, molliePaymentId: string) {
	const [row] = await db
		.select({ n: count() })
		.from(schema.payments)
		.where(
			and(
				eq(schema.payments.companyId, companyId),
				eq(schema.payments.molliePaymentId, molliePaymentId)
			)
		);
	return row?.n ?? 0;
}

/** Waits until the app has booked the payment (the sandbox's own webhook got through). */
export const waitForBooking = (db: BenchDb, companyId: string, id: string) =>
	waitFor(async () => (await ledgerRows(db, companyId, id)) > 0, 15_000, `the ledger row of ${id}`);
