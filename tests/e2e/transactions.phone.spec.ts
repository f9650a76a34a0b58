import { expect, test, type Browser, type Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { deviceContext, signUp } from './helpers';

test.use({ locale: 'en-US' });
// Connecting Mollie, two invoices and two checkouts through the UI take a while on a phone.
test.describe.configure({ timeout: 300_000 });

// The Mollie sandbox scripts/e2e-server.ts started for the app (control API at /_sandbox).
const sandboxURL = `http://127.0.0.1:${process.env.E2E_SANDBOX_PORT}`;

/** Our notices, not the app shell's (empty) live region for update prompts. */
const notice = (page: Page, text: string | RegExp) =>
	page.getByRole('status').filter({ hasText: text });

async function connectMollie(page: Page) {
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
	// The journal takes online payments through the profile named like the company.
	await expect(page.getByLabel('Profile for journal Sales')).toHaveValue('pfl_dupontshop1');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(notice(page, 'Mollie profiles saved.')).toBeVisible();
}

/** A customer and a finalized €121.00 invoice for them, through the UI; returns the invoice id. */
async function finalizedInvoice(page: Page, customer: string) {
	await page.goto('/customers/new');
	await page.getByLabel('Name (company or person)').fill(customer);
	await page.getByRole('button', { name: 'Create customer' }).click();
	await expect(page.getByText('Customer saved.')).toBeVisible();
	await page.goto('/invoices/new');
	await page.getByLabel('Customer').selectOption({ label: customer });
	await page.getByLabel('Description line 1').fill('Consulting');
	await page.getByLabel('Quantity line 1').fill('1');
	await page.getByLabel('Unit price excl. VAT line 1').fill('100');
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page).toHaveURL(/\/invoices\/[a-z0-9]+$/);
	await page.getByRole('button', { name: 'Finalize and number' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Invoice \d{4}-\d{4}$/);
	const number = (await page.getByRole('heading', { level: 1 }).textContent())!.replace(
		'Invoice ',
		''
	);
	return { id: new URL(page.url()).pathname.split('/').pop()!, number };
}

/** The invoice's public pay link, as the owner copies it from the invoice page. */
async function payLink(page: Page, invoiceId: string): Promise<string> {
	await page.goto(`/invoices/${invoiceId}`);
	return new URL(await page.getByLabel('Link for your customer').inputValue()).pathname;
}

/** The customer's side, in their own browser: pay page → Mollie's test checkout → back. */
async function payAsCustomer(
	browser: Browser,
	link: string,
	method: 'Bancontact' | 'iDEAL',
	outcome: 'Paid' | 'Failed'
) {
	const context = await deviceContext(browser, { locale: 'en-US' });
	const page = await context.newPage();
	await page.goto(`${link}?lang=en`);
	await page.getByRole('button', { name: 'Pay online' }).click();
	await expect(page).toHaveURL(new RegExp(`^${sandboxURL}/checkout/`));
	await page.getByRole('group', { name: 'Payment method' }).getByLabel(method).check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('group', { name: 'Final payment status' }).getByLabel(outcome).check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page).toHaveURL(new RegExp(`${link}\\?return=1`));
	await expect(
		page.getByRole('heading', {
			name: outcome === 'Paid' ? 'Invoice paid — thank you' : 'Payment not completed'
		})
	).toBeVisible();
	await context.close();
}

/** True while the page was never reloaded since `markPage` (live updates, not navigations). */
const markPage = (page: Page) =>
	page.evaluate(() => ((window as unknown as { __acquitMark: number }).__acquitMark = 1));
const stillSamePage = (page: Page) =>
	page.evaluate(() => (window as unknown as { __acquitMark?: number }).__acquitMark === 1);

const rows = (page: Page) => page.getByTestId('tx-row');

test('a customer pays online: the owner sees it live, filters, refunds', async ({
	page,
	browser
}) => {
	await signUp(page, { company: 'Boulangerie Dupont SRL' });
	await connectMollie(page);
	const lambic = await finalizedInvoice(page, 'Brasserie Lambic SRL');
	const zinc = await finalizedInvoice(page, 'Café Zinc');

	// The owner keeps three pages open while the customer pays.
	await page.goto('/payments/mollie');
	await expect(page.getByText('No Mollie payments yet.', { exact: false })).toBeVisible();
	const dashboard = await page.context().newPage();
	await dashboard.goto('/dashboard');
	const received = dashboard.getByRole('link', { name: /Received this month/ });
	await expect(received).toContainText('€0.00');
	const invoicePage = await page.context().newPage();
	const lambicLink = await payLink(invoicePage, lambic.id);
	await invoicePage.goto(`/invoices/${lambic.id}`);
	await expect(invoicePage.locator('.status .badge').first()).not.toHaveText('Paid');
	for (const p of [page, dashboard, invoicePage]) await markPage(p);

	await payAsCustomer(browser, lambicLink, 'Bancontact', 'Paid');
	// The customer saw "paid": from here each open page updates by itself within 2 seconds.
	const live = { timeout: 2_500 };
	await expect(rows(page)).toHaveCount(1, live);
	await expect(received).toContainText('€121.00', live);
	await expect(invoicePage.locator('.status .badge').first()).toHaveText('Paid', live);
	for (const p of [page, dashboard, invoicePage]) expect(await stillSamePage(p)).toBe(true);
	await dashboard.close();
	await invoicePage.close();

	const paid = rows(page).first();
	await expect(paid).toContainText('Brasserie Lambic SRL');
	await expect(paid).toContainText(lambic.number);
	await expect(paid).toContainText('€121.00');
	await expect(paid).toContainText('Bancontact');
	await expect(paid.getByText('Paid', { exact: true })).toBeVisible();
	await expect(paid.getByText(/^TEST\b/)).toBeVisible();

	// A second customer's payment fails.
	await payAsCustomer(browser, await payLink(page, zinc.id), 'iDEAL', 'Failed');
	await page.goto('/payments/mollie');
	await expect(rows(page)).toHaveCount(2);
	await expect(page.getByTestId('tx-summary')).toContainText('Payments found: 2');
	expect(await seriousViolations(page, { schemes: ['light', 'dark'] })).toEqual([]);

	// Filters travel in the URL of a plain GET form, folded behind a button on the phone so the
	// list comes first; the button counts the filters set.
	const filters = page.getByRole('search', { name: 'Filters' });
	const toggle = page.getByTestId('filters-toggle');
	await expect(filters).toBeHidden();
	await expect(toggle).toHaveText('Filters');
	await toggle.click();
	await filters.getByLabel('Status').selectOption({ label: 'Failed' });
	await filters.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(/status=failed/);
	await expect(toggle).toHaveText(/^Filters\s*1 active$/);
	await expect(rows(page)).toHaveCount(1);
	await expect(rows(page)).toContainText('Café Zinc');
	await expect(rows(page)).toContainText('iDEAL');
	await expect(filters.getByLabel('Status')).toHaveValue('failed');

	await filters.getByLabel('Status').selectOption({ label: 'All statuses' });
	await filters.getByLabel('Method').selectOption({ label: 'Bancontact' });
	await filters.getByRole('button', { name: 'Apply' }).click();
	await expect(rows(page)).toHaveCount(1);
	await expect(rows(page)).toContainText('Brasserie Lambic SRL');

	await filters.getByLabel('Method').selectOption({ label: 'All methods' });
	await filters.getByLabel('Mode').selectOption({ label: 'Live' });
	await filters.getByRole('button', { name: 'Apply' }).click();
	await expect(rows(page)).toHaveCount(0);
	await expect(page.getByText('No Mollie payments match these filters.')).toBeVisible();

	await page.goto('/payments/mollie?q=zinc');
	await expect(rows(page)).toHaveCount(1);
	await expect(filters.getByLabel('Invoice number or customer')).toHaveValue('zinc');
	await page.goto(`/payments/mollie?q=${lambic.number}`);
	await expect(rows(page)).toHaveCount(1);
	await expect(rows(page)).toContainText('Brasserie Lambic SRL');
	await page.goto('/payments/mollie?from=2999-01-01');
	await expect(rows(page)).toHaveCount(0);
	await page.getByRole('link', { name: 'Clear filters' }).click();
	await expect(rows(page)).toHaveCount(2);

	// The Payments overview: one Mollie line (test money: TEST) with Show.
	await page.goto('/payments');
	const mollie = page.getByRole('row', { name: /Mollie/ });
	await expect(mollie).toContainText('1');
	await expect(mollie).toContainText('€121.00');
	await expect(mollie.getByText(/^TEST\b/)).toBeVisible();
	await mollie.getByRole('link', { name: 'Show Mollie transactions' }).click();
	await expect(page).toHaveURL(/\/payments\/mollie$/);

	// One payment: refund part of it.
	await rows(page)
		.filter({ hasText: 'Brasserie Lambic SRL' })
		.getByRole('link', { name: /^Details/ })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Mollie payment');
	await expect(page.getByTestId('tx-status')).toHaveText('Paid');
	const amount = page.getByLabel('Amount to refund (EUR)');
	await expect(amount).toHaveValue('121.00');
	await amount.fill('12,345');
	await page.getByRole('button', { name: 'Refund', exact: true }).click();
	await expect(amount).toHaveAccessibleDescription('At most 2 decimals.');
	await expect(amount).toHaveValue('12,345');
	await amount.fill('200');
	await page.getByRole('button', { name: 'Refund', exact: true }).click();
	await expect(amount).toHaveAccessibleDescription('At most €121.00 can be refunded.');
	await amount.fill('20,50');
	await page.getByRole('button', { name: 'Refund', exact: true }).click();
	await expect(notice(page, 'Refund requested.')).toBeVisible();
	await expect(page.getByTestId('refund-requested')).toHaveText('Refund of €20.50 requested');
	await expect(page.getByTestId('tx-pending-refund')).toHaveText('€20.50');
	await expect(page.getByTestId('tx-refunded')).toHaveCount(0);
	await expect(amount).toHaveValue('100.50');

	// Mollie completes the refund; its webhook reaches the app and the open page catches up.
	const paymentId = new URL(page.url()).pathname.split('/').pop()!;
	const state = (await (await fetch(`${sandboxURL}/_sandbox/state`)).json()) as {
		refunds: Record<string, { id: string; paymentId: string }>;
	};
	const refund = Object.values(state.refunds).find((r) => r.paymentId === paymentId)!;
	const res = await fetch(`${sandboxURL}/_sandbox/refunds/${refund.id}/status`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ status: 'refunded' })
	});
	expect(res.ok).toBe(true);
	await page.getByRole('button', { name: 'Check status now' }).click();
	await expect(page.getByTestId('tx-refunded')).toHaveText('€20.50');
	await expect(page.getByTestId('tx-pending-refund')).toHaveCount(0);
	await expect(page.getByTestId('refund-requested')).toHaveCount(0);
	expect(await seriousViolations(page, { schemes: ['light', 'dark'] })).toEqual([]);

	// Sync with Mollie says how many payments it saw.
	await page.goto('/payments/mollie');
	await page.getByRole('button', { name: 'Sync with Mollie' }).click();
	await expect(notice(page, 'Sync complete. Mollie payments checked: 2.')).toBeVisible();

	// Nothing sticks out sideways on the phone.
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
});

test('another company sees none of it', async ({ page, playwright, baseURL }) => {
	await signUp(page, { company: 'Studio Maes BV' });
	await page.goto('/payments/mollie');
	await expect(rows(page)).toHaveCount(0);
	await expect(page.getByTestId('tx-summary')).toContainText('Payments found: 0');
	// Without a connection, Sync explains what to do instead of failing.
	await page.getByRole('button', { name: 'Sync with Mollie' }).click();
	await expect(page.getByRole('alert')).toContainText("Mollie isn't connected for this company.");
	const res = await page.request.get('/api/changes');
	expect(res.status()).toBe(200);
	expect(((await res.json()) as { version: string }).version).toBe('0');
	// Without a session the endpoint answers 401, not a login page.
	const anonymous = await playwright.request.newContext({ baseURL });
	expect((await anonymous.get('/api/changes')).status()).toBe(401);
	await anonymous.dispose();
});
