import { expect, type Page } from '@playwright/test';

/** The sandbox started by scripts/e2e-server.ts; its control API plays Mollie's side. */
export const sandboxURL = `http://127.0.0.1:${process.env.E2E_SANDBOX_PORT}`;

export async function sandbox<T = unknown>(method: string, path: string, body?: unknown) {
	const res = await fetch(`${sandboxURL}/_sandbox${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status}`);
	const text = await res.text();
	return (text ? JSON.parse(text) : null) as T;
}

interface SandboxPayment {
	id: string;
	status: string;
	metadata: { invoiceId?: string } | null;
}

/** Mollie payments the sandbox holds for one Acquit invoice, oldest first. */
export async function paymentsOf(invoiceId: string): Promise<SandboxPayment[]> {
	const state = await sandbox<{ payments: Record<string, SandboxPayment & { seq: number }> }>(
		'GET',
		'/state'
	);
	return Object.values(state.payments)
		.filter((p) => p.metadata?.invoiceId === invoiceId)
		.sort((a, b) => a.seq - b.seq);
}

/** Apps & connections → Activate → Configure → approve Boulangerie Dupont (two profiles) → Save. */
export async function connectMollie(page: Page) {
	await page.goto('/apps');
	const card = page.getByRole('article', { name: 'Mollie' });
	await card.getByRole('button', { name: 'Activate' }).click();
	await card.getByRole('button', { name: 'Configure' }).click();
	await expect(page).toHaveURL(new RegExp(`^${sandboxURL}/oauth2/authorize\\?`));
	await page
		.getByRole('group', { name: 'Organization' })
		.getByLabel('Boulangerie Dupont SRL')
		.check();
	await page.getByRole('button', { name: 'Approve' }).click();
	await expect(page).toHaveURL(/\/apps\/mollie\?connected=1$/);
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page).toHaveURL(/\/apps\?mollie=saved$/);
}

/** A customer with an email, documents in `language`; then a finalized invoice of €`price` + 21 %. */
export async function finalizedInvoice(
	page: Page,
	opts: { customer: string; language: 'fr' | 'nl' | 'en'; price: string }
) {
	await page.goto('/customers/new');
	await page.getByLabel('Name (company or person)').fill(opts.customer);
	await page.getByLabel('Email addresses').fill('billing@customer.test');
	await page.getByLabel('Language of documents').selectOption(opts.language);
	await page.getByRole('button', { name: 'Create customer' }).click();
	await expect(page.getByText('Customer saved.')).toBeVisible();

	await page.goto('/invoices/new');
	await page.getByLabel('Customer').selectOption({ label: opts.customer });
	await page.getByLabel('Description line 1').fill('Website work');
	await page.getByLabel('Quantity line 1').fill('1');
	await page.getByLabel('Unit price excl. VAT line 1').fill(opts.price);
	await page.getByRole('button', { name: 'Save draft' }).click();
	await page.getByRole('button', { name: 'Finalize and number' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Invoice \d{4}-\d{4}$/);
	const invoiceId = new URL(page.url()).pathname.split('/').pop()!;
	return { invoiceUrl: page.url(), invoiceId };
}

/** At the sandbox's test checkout: pick a method (if asked), then the final status. */
export async function completeCheckout(
	page: Page,
	status: 'Paid' | 'Failed' | 'Canceled' | 'Expired' | 'Open' | 'Pending',
	method = 'Bancontact'
) {
	await expect(page).toHaveURL(new RegExp(`^${sandboxURL}/checkout/tr_`));
	const methods = page.getByRole('group', { name: 'Payment method' });
	if (await methods.isVisible()) {
		await methods.getByLabel(method).check();
		await page.getByRole('button', { name: /continue/i }).click();
	}
	await page.getByRole('group', { name: 'Final payment status' }).getByLabel(status).check();
	await page.getByRole('button', { name: /continue/i }).click();
}
