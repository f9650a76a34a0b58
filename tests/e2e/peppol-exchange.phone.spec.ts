import { expect, test, type Page } from '@playwright/test';
import { deviceContext, signUp } from './helpers';
import { confirmAddress } from './mail';

test.use({ locale: 'en-US' });

const peppolSandbox = `http://127.0.0.1:${process.env.E2E_PEPPOL_PORT}`;

/** A fresh, valid Belgian VAT number (mod 97), so parallel runs never share an identifier. */
function uniqueVat(): { vat: string; enterprise: string } {
	const base = Number('0' + String(Math.floor(1_000_000 + Math.random() * 8_999_999)));
	const check = 97 - (base % 97);
	const enterprise = String(base).padStart(8, '0') + String(check).padStart(2, '0');
	return { vat: `BE${enterprise}`, enterprise };
}

/** Company details, then the access point's onboarding of its 0208 identifier, then the check. */
async function registerCompany(page: Page, vat: { vat: string; enterprise: string }) {
	await page.goto('/settings');
	await page.getByLabel('VAT number').fill(vat.vat);
	await page.getByLabel('IBAN').fill('BE68 5390 0754 7034');
	await page.getByRole('button', { name: 'Save company details' }).click();
	await expect(page.getByLabel('VAT number')).toHaveValue(vat.vat);
	await page.goto('/settings');
	await page.getByRole('link', { name: /Peppol e-invoicing/ }).click();
	await expect(page.getByText(`0208:${vat.enterprise}`)).toBeVisible();
	await expect(page.locator('p.status')).toHaveText('Not registered yet at the access point.');
	// The access point registers the identifier on its SMP (its onboarding, outside its API).
	const res = await page.request.post(
		`${peppolSandbox}/_sandbox/tenants/peppol-sandbox-key/peppol-ids`,
		{ data: { peppol_id: `0208:${vat.enterprise}` } }
	);
	expect(res.status()).toBe(201);
	await page.getByRole('button', { name: 'Check registration' }).click();
	await expect(page.locator('p.status')).toHaveText(
		'Registered: you can send and receive e-invoices.'
	);
}

test('Peppol: register, a customer shows the badge, an invoice is sent and delivered, the customer receives it under Purchases', async ({
	browser
}) => {
	// The access point validates with the official rules (seconds each on a busy machine).
	test.setTimeout(180_000);
	const seller = uniqueVat();
	const buyer = uniqueVat();

	const buyerContext = await deviceContext(browser, { locale: 'en-US' });
	const b = await buyerContext.newPage();
	await signUp(b, { company: 'Bakkerij Peeters BV' });
	await registerCompany(b, buyer);

	const sellerContext = await deviceContext(browser, { locale: 'en-US' });
	const a = await sellerContext.newPage();
	const { email } = await signUp(a, { company: 'Atelier Dupont SRL' });
	// Sending waits for a confirmed address (the link mailed at sign-up).
	await confirmAddress(a, email);
	await registerCompany(a, seller);

	// The customer's VAT number is looked up on Peppol when saved: reachable, so the badge.
	await a.goto('/customers/new');
	await a.getByLabel('Name (company or person)').fill('Bakkerij Peeters BV');
	await a.getByLabel('VAT number').fill(buyer.vat);
	await a.getByRole('button', { name: 'Create customer' }).click();
	await expect(a.getByText('Customer saved.')).toBeVisible();
	await expect(a.getByRole('heading', { level: 1 }).getByText('Peppol')).toBeVisible();

	await a.goto('/invoices/new');
	await a.getByLabel('Customer').selectOption({ label: 'Bakkerij Peeters BV' });
	await a.getByLabel('Description line 1').fill('Croissants');
	await a.getByLabel('Quantity line 1').fill('4');
	await a.getByLabel('Unit price excl. VAT line 1').fill('25');
	await a.getByRole('button', { name: 'Save draft' }).click();
	await a.getByRole('button', { name: 'Finalize and number' }).click();
	const heading = a.getByRole('heading', { level: 1 });
	await expect(heading).toHaveText(/^Invoice \d{4}-\d{4}$/);
	const number = (await heading.textContent())!.replace('Invoice ', '');

	// The main action for a customer on Peppol; the delivery shows live (the webhook lands),
	// in the invoice list too (the access point validates for seconds: the list is there first).
	await a.getByRole('button', { name: 'Send via Peppol' }).click();
	await expect(a.getByText('Handed to the Peppol network.', { exact: false })).toBeVisible();
	const invoicePage = a.url();
	await a.goto('/invoices');
	await expect(
		a.getByRole('listitem').filter({ hasText: number }).locator('.badge.peppol')
	).toHaveText('Peppol: delivered', { timeout: 60_000 });
	await a.goto(invoicePage);
	await expect(a.locator('.peppol-state')).toHaveText('Delivered via Peppol');
	await expect(a.getByRole('button', { name: 'Send via Peppol' })).toHaveCount(0);

	// The customer, also on Acquit, finds it under Purchases → Received (on phones, in the top
	// bar's menu).
	await b.goto('/dashboard');
	await b.getByRole('banner').locator('summary').click();
	await b.getByRole('banner').getByRole('link', { name: 'Purchases' }).click();
	await expect(b).toHaveURL(/\/purchases$/);
	const row = b.getByRole('listitem').filter({ hasText: 'Atelier Dupont SRL' });
	await expect(row).toContainText(number);
	await expect(row).toContainText(/€\s?121[.,]00/);
	await row.getByRole('link', { name: 'Atelier Dupont SRL' }).click();
	await expect(b.getByRole('heading', { level: 1 })).toHaveText(number);
	await expect(b.locator('dl')).toContainText(/€\s?100[.,]00/);
	await expect(b.locator('dl')).toContainText(/€\s?21[.,]00/);
	const pdfHref = await b.getByRole('link', { name: 'Open the PDF' }).getAttribute('href');
	const pdf = await b.request.get(pdfHref!);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
	const download = b.waitForEvent('download');
	await b.getByRole('link', { name: 'Download the UBL' }).click();
	expect((await download).suggestedFilename()).toBe(`${number}.xml`);
	await b.getByRole('button', { name: 'Mark as paid' }).click();
	await expect(b.getByText('Paid', { exact: true })).toBeVisible();

	await buyerContext.close();
	await sellerContext.close();
});
