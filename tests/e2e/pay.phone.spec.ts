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

// Both sides of online payment on phones: the owner (one account for the whole file, Mollie
// connected in test mode through the sandbox) and customers, each in their own browser context
// without a session. Mollie's side is the sandbox: its checkout pages, webhooks and control API.
test.describe.configure({ mode: 'serial', timeout: 120_000 });

let ownerContext: BrowserContext;
let owner: Page;

test.beforeAll(async ({ browser }) => {
	// Sign-up, Mollie Connect and two customers: slow on a loaded CI machine.
	test.setTimeout(180_000);
	ownerContext = await deviceContext(browser, { locale: 'en-US' });
	owner = await ownerContext.newPage();
	await signUp(owner, { company: 'Boulangerie Dupont SRL' });
	await connectMollie(owner);
	await setIban(owner);
	await createCustomer(owner, 'Bakkerij Peeters', 'nl');
	await createCustomer(owner, 'Café Zinc', 'fr');
});
test.afterAll(() => ownerContext.close());

async function customer(browser: Browser, locale = 'nl-BE', js = true) {
	const context = await deviceContext(browser, { locale, javaScriptEnabled: js });
	return context.newPage();
}

/** The status badge under the invoice's heading. */
const status = (page: Page) => page.locator('p.status .badge').first();

const money = (text: string) => new RegExp(text.replace('.', '[.,]'));

test('Dutch customer pays by Bancontact; the owner sees it land, then refunds half', async ({
	browser
}) => {
	const inv = await finalizedInvoice(owner, 'Bakkerij Peeters', '100');
	const page = await customer(browser);
	const response = await page.goto(inv.payLink);
	// Issue 12: the pay page cannot be framed (clickjacking of Pay) and its token never leaves
	// in a Referer.
	const h = response!.headers();
	expect(h['x-frame-options']).toBe('DENY');
	expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
	expect(h['x-content-type-options']).toBe('nosniff');
	// The customer's language (Dutch), the company's theme, the amount due and both ways to pay.
	await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
	await expect(page.getByRole('heading', { level: 1 })).toContainText(/Factuur \d{4}-\d{4}/);
	await expect(page.getByText(money('121.00')).first()).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Betalen via overschrijving' })).toBeVisible();
	const methods = page.getByRole('list', { name: 'Aanvaarde betaalmethoden' });
	await expect(methods).toBeVisible();
	// Mollie's method icons load (the Content-Security-Policy allows Mollie's host for images).
	await expect(methods.getByRole('img', { name: 'Bancontact' })).toBeVisible();
	await expect
		.poll(() =>
			methods
				.getByRole('img')
				.evaluateAll((imgs) => imgs.filter((i) => !(i as HTMLImageElement).naturalWidth).length)
		)
		.toBe(0);
	// No app JavaScript is shipped to the pay page, not even an inline script: only the OGM's
	// copy button (issue 14), one small deferred file; everything works without it.
	expect(await page.locator('link[rel="modulepreload"]').count()).toBe(0);
	expect(
		await page.locator('script').evaluateAll((s) => s.map((e) => e.getAttribute('src')))
	).toEqual(['/copy.js']);
	await page.getByRole('button', { name: 'Online betalen' }).click();
	await completeCheckout(page, 'Paid');
	await expect(page.getByRole('heading', { name: 'Factuur betaald — bedankt' })).toBeVisible();
	await expect(page.getByText('Bancontact', { exact: false }).first()).toBeVisible();

	// The owner's invoice page, open all along, turned Paid without a reload.
	expect(owner.url()).toBe(inv.invoiceUrl);
	await expect(status(owner)).toHaveText('Paid');
	await expect(owner.getByRole('region', { name: 'Online payments (Mollie)' })).toContainText(
		'Paid'
	);

	// Payments overview: a Mollie line, and the list with the payment.
	await owner.goto('/payments');
	await owner.getByRole('link', { name: /Show/ }).click();
	await expect(owner).toHaveURL(/\/payments\/mollie/);
	const [payment] = await paymentsOf(inv.invoiceId);
	await owner.getByRole('link', { name: new RegExp(payment!.id) }).click();
	await owner.getByLabel(/Amount to refund/).fill('60,50');
	await owner.getByRole('button', { name: 'Refund', exact: true }).click();
	await expect(owner.getByRole('status').filter({ hasText: 'Refund requested.' })).toBeVisible();
	await expect(owner.getByText('Refund pending', { exact: true })).toBeVisible();
	// Mollie completes the refund (its webhook reaches the app).
	const state = await sandbox<{ refunds: Record<string, { id: string; paymentId: string }> }>(
		'GET',
		'/state'
	);
	const refund = Object.values(state.refunds).find((r) => r.paymentId === payment!.id)!;
	await sandbox('POST', `/refunds/${refund.id}/status`, { status: 'refunded' });
	await expect
		.poll(async () => {
			const log = await sandbox<{ deliveries: { reason: string; state: string }[] }>(
				'GET',
				`/webhooks?resourceId=${payment!.id}`
			);
			return log.deliveries.find((d) => d.reason === 'refund.refunded')?.state;
		})
		.toBe('delivered');
	await owner.goto(inv.invoiceUrl);
	await expect(status(owner)).toHaveText('Partially paid');
	await expect(owner.getByText(money('60.50')).first()).toBeVisible();
	await page.context().close();
});

test('failed, then Pay again and paid; expired shows "not completed"', async ({ browser }) => {
	const inv = await finalizedInvoice(owner, 'Café Zinc', '50');
	const page = await customer(browser, 'fr-BE');
	await page.goto(inv.payLink);
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
	// French typography: a no-break space before the colon ("Échéance: …" before).
	await expect(page.getByText(/^Échéance\u00a0: \d{1,2} \p{L}+ \d{4}$/u)).toBeVisible();
	// The invoice's addresses end with the country's name, not its code (BE).
	const documentUrl = await page
		.getByRole('link', { name: 'Voir et imprimer la facture' })
		.getAttribute('href');
	const invoiceDocument = await page.context().newPage();
	await invoiceDocument.goto(documentUrl!);
	await expect(invoiceDocument.getByText(/Belgique$/)).toHaveCount(2);
	await invoiceDocument.close();
	await page.getByRole('button', { name: 'Payer en ligne' }).click();
	await completeCheckout(page, 'Failed', 'creditcard');
	await expect(page.getByRole('heading', { name: 'Paiement non abouti' })).toBeVisible();
	await page.getByRole('button', { name: 'Payer à nouveau' }).click();
	await completeCheckout(page, 'Expired', 'creditcard');
	await expect(page.getByRole('heading', { name: 'Paiement non abouti' })).toBeVisible();
	await page.getByRole('button', { name: 'Payer à nouveau' }).click();
	await completeCheckout(page, 'Paid', 'creditcard');
	await expect(page.getByRole('heading', { name: 'Facture payée — merci' })).toBeVisible();
	// Three attempts at Mollie, one payment in the books.
	expect((await paymentsOf(inv.invoiceId)).map((p) => p.status)).toEqual([
		'failed',
		'expired',
		'paid'
	]);
	await page.context().close();
});

test('webhook lost: the return page asks Mollie itself and shows Paid', async ({ browser }) => {
	const inv = await finalizedInvoice(owner, 'Bakkerij Peeters', '20');
	const page = await customer(browser);
	await page.goto(inv.payLink);
	await sandbox('POST', '/webhooks/drop', { count: 1 });
	await page.getByRole('button', { name: 'Online betalen' }).click();
	await completeCheckout(page, 'Paid');
	await expect(page.getByRole('heading', { name: 'Factuur betaald — bedankt' })).toBeVisible();
	const [payment] = await paymentsOf(inv.invoiceId);
	const log = await sandbox<{ deliveries: { state: string }[] }>(
		'GET',
		`/webhooks?resourceId=${payment!.id}`
	);
	expect(log.deliveries.map((d) => d.state)).toContain('dropped');
	await owner.goto(inv.invoiceUrl);
	await expect(status(owner)).toHaveText('Paid');
	await page.context().close();
});

test('a chargeback reopens the amount due', async ({ browser }) => {
	const inv = await finalizedInvoice(owner, 'Café Zinc', '30');
	const page = await customer(browser, 'fr-BE');
	await page.goto(inv.payLink);
	await page.getByRole('button', { name: 'Payer en ligne' }).click();
	await completeCheckout(page, 'Paid');
	await expect(page.getByRole('heading', { name: 'Facture payée — merci' })).toBeVisible();
	const [payment] = await paymentsOf(inv.invoiceId);
	// The owner's page is open before the chargeback, and its first poll for changes is held
	// back until the chargeback's webhook has been applied: the page must still notice it (it
	// compares with the state it was rendered at, not with whatever its first poll sees).
	let release!: () => void;
	const held = new Promise<void>((resolve) => (release = resolve));
	await owner.route('**/api/changes', async (route) => {
		await held;
		await route.continue();
	});
	await owner.goto(inv.invoiceUrl);
	await expect(status(owner)).toHaveText('Paid');
	await sandbox('POST', `/payments/${payment!.id}/chargebacks`, {});
	await expect
		.poll(async () => {
			const log = await sandbox<{ deliveries: { reason: string; state: string }[] }>(
				'GET',
				`/webhooks?resourceId=${payment!.id}`
			);
			return log.deliveries.some((d) => /chargeback/.test(d.reason) && d.state === 'delivered');
		})
		.toBe(true);
	release();
	await expect(owner.getByText(/chargeback/i).first()).toBeVisible();
	await owner.unroute('**/api/changes');
	await expect(owner.getByText(money('36.30')).first()).toBeVisible();
	// The customer's page offers to pay again.
	await page.goto(inv.payLink);
	await expect(page.getByRole('button', { name: 'Payer en ligne' })).toBeVisible();
	await page.context().close();
});

test('two tabs pay twice: the second payment is kept, flagged as overpaid and refundable', async ({
	browser
}) => {
	const inv = await finalizedInvoice(owner, 'Bakkerij Peeters', '40');
	const page = await customer(browser);
	const tabB = await page.context().newPage();
	// Tab A starts a bank transfer (pending); tab B then pays by card.
	await page.goto(inv.payLink);
	await page.getByRole('button', { name: 'Online betalen' }).click();
	await completeCheckout(page, 'Pending', 'banktransfer');
	await tabB.goto(inv.payLink);
	await tabB.getByRole('button', { name: 'Online betalen' }).click();
	await completeCheckout(tabB, 'Paid', 'creditcard');
	await expect(tabB.getByRole('heading', { name: 'Factuur betaald — bedankt' })).toBeVisible();
	const [transfer] = await paymentsOf(inv.invoiceId);
	await sandbox('POST', `/payments/${transfer!.id}/status`, { status: 'paid' });

	await owner.goto(inv.invoiceUrl);
	await expect(status(owner)).toHaveText('Overpaid');
	await owner.getByRole('button', { name: /Refund .*48[.,]40/ }).click();
	await expect(owner.getByText(/Refund pending: €48[.,]40/)).toBeVisible();
	await page.context().close();
});

test('Mollie down when Pay is pressed: a clear message, nothing saved, retry works', async ({
	browser
}) => {
	const inv = await finalizedInvoice(owner, 'Bakkerij Peeters', '15');
	const page = await customer(browser, 'en-GB');
	await page.goto(`${inv.payLink}?lang=en`);
	// Down for the try and its one quick retry.
	await sandbox('POST', '/fail-next', { count: 2, status: 503, pathPrefix: '/v2/payments' });
	await page.getByRole('button', { name: 'Pay online' }).click();
	await expect(page.getByRole('alert')).toHaveText(/temporarily unavailable/);
	expect(await paymentsOf(inv.invoiceId)).toHaveLength(0);
	await page.getByRole('button', { name: 'Pay online' }).click();
	await completeCheckout(page, 'Paid');
	await expect(page.getByRole('heading', { name: 'Invoice paid — thank you' })).toBeVisible();
	await page.context().close();
});

test('bank transfer chosen at Mollie: its account and reference, no endless "processing"', async ({
	browser
}) => {
	const inv = await finalizedInvoice(owner, 'Café Zinc', '12');
	const page = await customer(browser, 'en-GB');
	await page.goto(`${inv.payLink}?lang=en`);
	await page.getByRole('button', { name: 'Pay online' }).click();
	// Mollie's checkout: bank transfer, and the customer goes back before wiring anything.
	await completeCheckout(page, 'Open', 'banktransfer');
	await expect(page.getByRole('heading', { name: 'Bank transfer chosen' })).toBeVisible();
	const banner = page.getByRole('status').filter({ hasText: 'Bank transfer chosen' });
	await expect(banner).toContainText('NL53ABNA0627535577');
	await expect(banner).toContainText(/RF\d{2}-\d{4}-\d{4}-\d{4}/);
	await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
	await page.context().close();
});

test('the whole pay flow works with JavaScript disabled', async ({ browser }) => {
	const inv = await finalizedInvoice(owner, 'Café Zinc', '25');
	const page = await customer(browser, 'fr-BE', false);
	await page.goto(inv.payLink);
	// Switch language without JavaScript: plain links.
	await page.getByRole('link', { name: 'NL' }).click();
	await expect(page.getByRole('button', { name: 'Online betalen' })).toBeVisible();
	await page.getByRole('link', { name: 'FR' }).click();
	await page.getByRole('button', { name: 'Payer en ligne' }).click();
	await completeCheckout(page, 'Paid');
	await expect(page.getByRole('heading', { name: 'Facture payée — merci' })).toBeVisible();
	await page.context().close();
});

test('reconnect needed: the pay page falls back to bank transfer details', async ({ browser }) => {
	// Its own company and organisation: revoking must not touch the other tests' grants.
	const maes = await deviceContext(browser, { locale: 'en-US' });
	const studio = await maes.newPage();
	await signUp(studio, { company: 'Studio Maes BV' });
	await connectMollie(studio, 'Studio Maes BV');
	await setIban(studio);
	await createCustomer(studio, 'Café Zinc', 'fr');
	const inv = await finalizedInvoice(studio, 'Café Zinc', '12');
	const page = await customer(browser, 'fr-BE');
	await page.goto(inv.payLink);
	await expect(page.getByRole('button', { name: 'Payer en ligne' })).toBeVisible();
	// The owner revoked Acquit in Mollie's dashboard; tokens now fail. The method list is cached
	// a minute, so the next Pay press finds out (neutral message, bank transfer below) …
	await sandbox('POST', '/organizations/org_studiomaes1/revoke', {});
	await page.goto(inv.payLink);
	await page.getByRole('button', { name: 'Payer en ligne' }).click();
	await expect(page.getByRole('alert')).toHaveText(/virement/);
	// … and from then on the page offers bank transfer only.
	await page.goto(inv.payLink);
	await expect(page.getByRole('button', { name: 'Payer en ligne' })).toHaveCount(0);
	await expect(page.getByRole('heading', { name: 'Payer par virement' })).toBeVisible();
	await expect(page.getByText(/^\+\+\+\d{3}\/\d{4}\/\d{5}\+\+\+$/)).toBeVisible();
	await expect(page.getByRole('img', { name: /QR/ })).toBeVisible();
	// And the owner is told to reconnect.
	await studio.goto('/dashboard');
	await expect(studio.getByText(/reconnect/i).first()).toBeVisible();
	await maes.close();
	await page.context().close();
});
