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

/** Apps & connections → Activate → Configure → approve the organisation at Mollie → Save. */
export async function connectMollie(page: Page, organization = 'Boulangerie Dupont SRL') {
	await page.goto('/apps');
	const card = page.getByRole('article', { name: 'Mollie' });
	await card.getByRole('button', { name: 'Activate' }).click();
	await card.getByRole('button', { name: 'Configure' }).click();
	await expect(page).toHaveURL(new RegExp(`^${sandboxURL}/oauth2/authorize\\?`));
	await page.getByRole('group', { name: 'Organization' }).getByLabel(organization).check();
	await page.getByRole('button', { name: 'Approve' }).click();
	await expect(page).toHaveURL(/\/apps\/mollie\?connected=1$/);
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page).toHaveURL(/\/apps\?mollie=saved$/);
}

/** The bank account shown for bank transfers (frozen into invoices when they are finalized). */
export async function setIban(page: Page) {
	await page.goto('/settings');
	await page.getByLabel('IBAN').fill('BE68 5390 0754 7034');
	await page.getByRole('button', { name: 'Save company details' }).click();
	await expect(page.getByLabel('IBAN')).toHaveValue('BE68 5390 0754 7034');
	await expect(page.getByLabel('IBAN')).not.toHaveAttribute('aria-invalid', 'true');
}

/** A customer with an email whose documents are in `language`. */
export async function createCustomer(page: Page, name: string, language: 'fr' | 'nl' | 'en') {
	await page.goto('/customers/new');
	await page.getByLabel('Name (company or person)').fill(name);
	await page.getByLabel('Email addresses').fill('billing@customer.test');
	await page.getByLabel('Language of documents').selectOption(language);
	await page.getByRole('button', { name: 'Create customer' }).click();
	await expect(page.getByText('Customer saved.')).toBeVisible();
}

/** A finalized invoice of one line at €`price` excl. 21 % VAT; returns its URL, id and pay link. */
export async function finalizedInvoice(page: Page, customer: string, price: string) {
	await page.goto('/invoices/new');
	await page.getByLabel('Customer').selectOption({ label: customer });
	await page.getByLabel('Description line 1').fill('Website work');
	await page.getByLabel('Quantity line 1').fill('1');
	await page.getByLabel('Unit price excl. VAT line 1').fill(price);
	await page.getByRole('button', { name: 'Save draft' }).click();
	await page.getByRole('button', { name: 'Finalize and number' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Invoice \d{4}-\d{4}$/);
	const invoiceId = new URL(page.url()).pathname.split('/').pop()!;
	return { invoiceUrl: page.url(), invoiceId, payLink: await payLinkOf(page) };
}

/** The pay link shown on the owner's invoice page. */
export async function payLinkOf(page: Page) {
	const link = await page.getByLabel('Link for your customer').inputValue();
	expect(link).toMatch(/\/pay\/[a-z2-7]{32}$/);
	return link;
}

/** At the sandbox's test checkout: pick a method (if asked), then the final status. */
export async function completeCheckout(
	page: Page,
	status: 'Paid' | 'Failed' | 'Canceled' | 'Expired' | 'Open' | 'Pending',
	/** Mollie's method id: the checkout's labels follow the payment's locale. */
	method = 'bancontact'
) {
	await expect(page).toHaveURL(new RegExp(`^${sandboxURL}/checkout/tr_`));
	const methods = page.getByRole('group', { name: 'Payment method' });
	if (await methods.isVisible()) {
		await methods.locator(`input[value="${method}"]`).check();
		await page.getByRole('button', { name: /continue/i }).click();
	}
	await page.getByRole('group', { name: 'Final payment status' }).getByLabel(status).check();
	await page.getByRole('button', { name: /continue/i }).click();
}
