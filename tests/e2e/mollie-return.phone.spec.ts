import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { deviceContext, signUp } from './helpers';
import {
	completeCheckout,
	connectMollie,
	createCustomer,
	finalizedInvoice,
	paymentsOf,
	sandbox,
	setIban
} from './payFlow';

// Issue 11: back from Mollie's checkout the customer sees the truth at once — the return request
// itself asks Mollie — and while Mollie is still processing, the script-free page asks again
// after 1 s, then waiting longer each time.
test.describe.configure({ mode: 'serial', timeout: 120_000 });

let ownerContext: BrowserContext;
let owner: Page;

test.beforeAll(async ({ browser }) => {
	test.setTimeout(180_000);
	ownerContext = await deviceContext(browser, { locale: 'en-US' });
	owner = await ownerContext.newPage();
	await signUp(owner, { company: 'Boulangerie Dupont SRL' });
	await connectMollie(owner);
	await setIban(owner);
	await createCustomer(owner, 'Brasserie Lambic', 'en');
});
test.afterAll(() => ownerContext.close());

async function customer(browser: Browser) {
	const context = await deviceContext(browser, { locale: 'en-GB' });
	return context.newPage();
}

test('paid at Mollie: "paid" on the first page after returning, within 1 s, webhook or not', async ({
	browser
}) => {
	const inv = await finalizedInvoice(owner, 'Brasserie Lambic', '30');
	const page = await customer(browser);
	await page.goto(`${inv.payLink}?lang=en`);
	// No webhook at all: only the return request itself can know.
	await sandbox('POST', '/webhooks/drop', { count: 1 });
	await page.getByRole('button', { name: 'Pay online' }).click();
	await completeCheckout(page, 'Paid');
	await page.waitForURL(/\/pay\/[^?]+\?return=1/);
	await expect(page.getByRole('heading', { name: 'Invoice paid — thank you' })).toBeVisible({
		timeout: 1_000
	});
	// The browser's own timing of the return request: from asking Acquit to the last byte of the
	// page that already says "paid" (Acquit asked Mollie in between).
	const answered = await page.evaluate(() => {
		const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
		return nav!.responseEnd - nav!.requestStart;
	});
	expect(answered).toBeLessThan(1_000);
	// The first page already knew: it never had to refresh itself.
	expect(page.url()).not.toContain('&n=');
	await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
	await page.context().close();
});

test('still processing: the page asks again after 1 s, then backs off, and shows paid when Mollie says so', async ({
	browser
}) => {
	const inv = await finalizedInvoice(owner, 'Brasserie Lambic', '31');
	const page = await customer(browser);
	await page.goto(`${inv.payLink}?lang=en`);
	await page.getByRole('button', { name: 'Pay online' }).click();
	// Each page's refresh instruction is read from the page as the server sent it: reading the
	// live page races the refresh itself (under load, the 1 s refresh could already have
	// replaced the page that was meant to be read).
	const refreshes = new Map<number, string | null>();
	page.on('response', async (response) => {
		if (response.request().resourceType() !== 'document') return;
		const url = new URL(response.url());
		if (url.searchParams.get('return') !== '1') return;
		const html = await response.text().catch(() => '');
		const content = /<meta http-equiv="refresh" content="([^"]*)"/.exec(html)?.[1] ?? null;
		refreshes.set(
			Number(url.searchParams.get('n') ?? 0),
			content?.replaceAll('&amp;', '&') ?? null
		);
	});
	await completeCheckout(page, 'Pending', 'paypal');
	await expect(page.getByRole('heading', { name: 'Payment processing' })).toBeVisible();
	await page.waitForURL(/&n=2$/);
	await expect.poll(() => refreshes.size).toBeGreaterThanOrEqual(3);
	expect(refreshes.get(0)).toMatch(/^1;url=\?lang=en&return=1&n=1$/);
	expect(refreshes.get(1)).toMatch(/^1;url=.*&n=2$/);
	expect(refreshes.get(2)).toMatch(/^2;url=.*&n=3$/);

	const [payment] = await paymentsOf(inv.invoiceId);
	await sandbox('POST', `/payments/${payment!.id}/status`, { status: 'paid' });
	await expect(page.getByRole('heading', { name: 'Invoice paid — thank you' })).toBeVisible({
		timeout: 5_000
	});
	await page.context().close();
});
