import { expect, test, type Page } from '@playwright/test';
import { deviceContext, hydrated, signUp } from './helpers';

test.use({ locale: 'en-US' });

async function createCustomer(page: Page, name: string) {
	await page.goto('/customers/new');
	await page.getByLabel('Name (company or person)').fill(name);
	await page.getByLabel('Email addresses').fill('billing@lambic.test, boss@lambic.test');
	await page.getByLabel('VAT number').fill('0123.456.749');
	await page.getByRole('button', { name: 'Create customer' }).click();
	await expect(page.getByText('Customer saved.')).toBeVisible();
	await expect(page.getByLabel('VAT number')).toHaveValue('BE0123456749');
}

async function fillLine(
	page: Page,
	n: number,
	line: { description: string; quantity: string; price: string; vat?: string }
) {
	await page.getByLabel(`Description line ${n}`).fill(line.description);
	await page.getByLabel(`Quantity line ${n}`).fill(line.quantity);
	await page.getByLabel(`Unit price excl. VAT line ${n}`).fill(line.price);
	if (line.vat) {
		await page.getByRole('combobox', { name: `VAT line ${n}` }).selectOption(line.vat);
	}
}

const totals = (page: Page) => page.getByRole('region', { name: 'Totals' });

test('customer → two-rate invoice → finalize → credit note', async ({ page }) => {
	await signUp(page);
	await createCustomer(page, 'Brasserie Lambic SRL');

	await page.goto('/invoices/new');
	await page.getByLabel('Customer').selectOption({ label: 'Brasserie Lambic SRL' });
	await fillLine(page, 1, { description: 'Consulting', quantity: '2', price: '100' });
	await page.getByRole('button', { name: 'Add a line' }).click();
	await fillLine(page, 2, { description: 'Book', quantity: '1,5', price: '20', vat: '6' });

	// Live totals, per VAT rate: 200 + 21 % and 30 + 6 %.
	await expect(totals(page)).toContainText(/Base 21 %\s*€\s?200[.,]00/);
	await expect(totals(page)).toContainText(/VAT 21 %\s*€\s?42[.,]00/);
	await expect(totals(page)).toContainText(/Base 6 %\s*€\s?30[.,]00/);
	await expect(totals(page)).toContainText(/VAT 6 %\s*€\s?1[.,]80/);
	await expect(totals(page)).toContainText(/Total\s*€\s?273[.,]80/);

	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page).toHaveURL(/\/invoices\/[a-z0-9]+$/);
	const invoiceUrl = page.url();
	await expect(page.getByText('Draft', { exact: true })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Totals' })).toContainText(/273[.,]80/);

	await page.getByRole('button', { name: 'Finalize and number' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Invoice \d{4}-0001$/);
	await expect(page.getByText(/^\+\+\+\d{3}\/\d{4}\/\d{5}\+\+\+$/)).toBeVisible();
	await expect(page.getByRole('link', { name: 'Print / PDF' })).toBeVisible();
	// Finalized: no more editing.
	await expect(page.getByRole('link', { name: 'Edit draft' })).toHaveCount(0);

	await page.getByRole('button', { name: 'Create credit note' }).click();
	await expect(page.getByRole('heading', { name: 'Edit credit note' })).toBeVisible();
	await expect(page.getByLabel('Quantity line 1')).toHaveValue('-2');
	await expect(totals(page)).toContainText(/Total\s*-€\s?273[.,]80|Total\s*€\s?-273[.,]80/);
	await page.getByRole('button', { name: 'Save draft' }).click();
	await page.getByRole('button', { name: 'Finalize and number' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Credit note \d{4}-0002$/);

	await page.goto(invoiceUrl);
	await expect(page.getByText('Credited', { exact: true }).first()).toBeVisible();
	await expect(page.getByRole('button', { name: 'Create credit note' })).toHaveCount(0);
});

test('bad input gets field errors and nothing is saved', async ({ page }) => {
	await signUp(page);
	await createCustomer(page, 'Café Zinc');
	await page.goto('/invoices/new');
	await page.getByLabel('Customer').selectOption({ label: 'Café Zinc' });
	await fillLine(page, 1, { description: 'Coffee', quantity: '-3', price: '1,2345' });
	await page.getByLabel('Issue date').fill('2026-03-10');
	await page.getByLabel('Due date').fill('2026-03-01');
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page.getByLabel('Quantity line 1')).toHaveAccessibleDescription(
		'Negative quantities are only possible on a credit note.'
	);
	await expect(page.getByLabel('Unit price excl. VAT line 1')).toHaveAccessibleDescription(
		'At most 3 decimals.'
	);
	await expect(page.getByLabel('Due date')).toHaveAccessibleDescription(
		'The due date can’t be before the issue date.'
	);
	await page.goto('/invoices');
	await expect(page.getByText('No invoices match.')).toBeVisible();
});

test("another company's invoice can't be read or changed", async ({ page, browser, baseURL }) => {
	await signUp(page);
	await createCustomer(page, 'Owner A customer');
	await page.goto('/invoices/new');
	await page.getByLabel('Customer').selectOption({ label: 'Owner A customer' });
	await fillLine(page, 1, { description: 'Secret work', quantity: '1', price: '10' });
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page).toHaveURL(/\/invoices\/[a-z0-9]+$/);
	const id = new URL(page.url()).pathname.split('/').pop()!;

	const other = await deviceContext(browser, { locale: 'en-US' });
	const intruder = await other.newPage();
	await signUp(intruder);
	expect((await intruder.goto(`/invoices/${id}`))!.status()).toBe(404);
	const res = await intruder.request.post(`/invoices/${id}/edit?/save`, {
		headers: { origin: baseURL! },
		form: {
			customerId: 'x',
			journalId: 'y',
			issueDate: '2026-01-01',
			line_description: 'Hacked',
			line_quantity: '1',
			line_price: '1',
			line_vat: '21'
		}
	});
	expect(res.status()).toBe(404);
	const del = await intruder.request.post(`/invoices/${id}?/delete`, {
		headers: { origin: baseURL! },
		form: {}
	});
	expect(del.status()).toBe(404);
	await other.close();

	await page.reload();
	await expect(page.getByText('Secret work')).toBeVisible();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('lines are added, moved and kept as typed', async ({ page }) => {
		await signUp(page);
		await createCustomer(page, 'No-JS NV');
		await page.goto('/invoices/new');
		await page.getByLabel('Customer').selectOption({ label: 'No-JS NV' });
		await fillLine(page, 1, { description: 'First', quantity: '1', price: '10' });
		await page.getByRole('button', { name: 'Add a line' }).click();
		await expect(page.getByLabel('Description line 1')).toHaveValue('First');
		await expect(page.getByLabel('Unit price excl. VAT line 1')).toHaveValue('10');
		await fillLine(page, 2, { description: 'Second', quantity: '2', price: '5', vat: '12' });
		await page.getByRole('button', { name: 'Move line 2 up' }).click();
		await expect(page.getByLabel('Description line 1')).toHaveValue('Second');
		await expect(page.getByRole('combobox', { name: 'VAT line 1' })).toHaveValue('12');
		await expect(page.getByLabel('Description line 2')).toHaveValue('First');
		await expect(page.getByLabel('Customer')).toHaveValue(/.+/);
		await page.getByRole('button', { name: 'Save draft' }).click();
		await expect(page).toHaveURL(/\/invoices\/[a-z0-9]+$/);
		// 10 + 21 % and 10 + 12 %
		await expect(totals(page)).toContainText(/Total\s*€\s?23[.,]30/);
	});
});

test('a new customer from the invoice form keeps what was typed on the invoice', async ({
	page
}) => {
	await signUp(page);
	await page.goto('/invoices/new');
	await fillLine(page, 1, { description: 'Croissants', quantity: '12', price: '1,50' });
	await page.getByText('+ New customer').click();
	// No name: the customer is refused with a reason, and nothing typed is lost.
	await page.getByLabel('Email addresses').fill('compta@metropole.test');
	await page.getByRole('button', { name: 'Add customer' }).click();
	await expect(page.getByLabel('Name (company or person)')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Name (company or person)')).toHaveAccessibleDescription(
		'This field is required.'
	);
	await expect(page.getByLabel('Email addresses')).toHaveValue('compta@metropole.test');
	await expect(page.getByLabel('Description line 1')).toHaveValue('Croissants');

	await page.getByLabel('Name (company or person)').fill('Hôtel Métropole');
	await page.getByLabel('Language of documents').selectOption('nl');
	// Enter in the customer's fields adds the customer (it does not save the invoice).
	await hydrated(page);
	await page.getByLabel('Name (company or person)').press('Enter');
	await expect(page.getByText('Customer Hôtel Métropole added and picked.')).toBeVisible();
	await expect(page.getByLabel('Customer').locator('option:checked')).toHaveText('Hôtel Métropole');
	await expect(page.getByLabel('Description line 1')).toHaveValue('Croissants');
	await expect(page.getByLabel('Quantity line 1')).toHaveValue('12');
	await expect(page.getByLabel('Unit price excl. VAT line 1')).toHaveValue('1,50');
	// 12 × 1.50 + 21 %
	await expect(totals(page)).toContainText(/Total\s*€\s?21[.,]78/);
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page).toHaveURL(/\/invoices\/[a-z0-9]+$/);
	await expect(page.getByText('Hôtel Métropole').first()).toBeVisible();

	// The customer exists as entered, and its page starts an invoice for it.
	await page.goto('/customers');
	await page.getByRole('link', { name: 'Hôtel Métropole' }).click();
	await expect(page.getByLabel('Email addresses')).toHaveValue('compta@metropole.test');
	await expect(page.getByLabel('Language of documents')).toHaveValue('nl');
	await page.getByRole('link', { name: 'New invoice' }).click();
	await expect(page.getByLabel('Customer').locator('option:checked')).toHaveText('Hôtel Métropole');
});

test('finalize shows the EPC QR; print; a partial bank payment, then the rest', async ({
	page
}) => {
	await signUp(page);
	// The EPC QR needs the company's IBAN.
	await page.goto('/settings');
	await page.getByLabel('IBAN').fill('BE68 5390 0754 7034');
	await page.getByRole('button', { name: 'Save company details' }).click();
	await expect(page.getByLabel('IBAN')).toHaveValue('BE68 5390 0754 7034');

	await createCustomer(page, 'Brasserie Lambic SRL');
	await page.goto('/invoices/new');
	await page.getByLabel('Customer').selectOption({ label: 'Brasserie Lambic SRL' });
	await fillLine(page, 1, { description: 'Consulting', quantity: '2', price: '100' });
	await page.getByRole('button', { name: 'Add a line' }).click();
	await fillLine(page, 2, { description: 'Book', quantity: '1,5', price: '20', vat: '6' });
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page.getByText('Draft', { exact: true })).toBeVisible();
	// No bank QR on a draft.
	await expect(page.getByRole('img', { name: /QR code to pay/ })).toHaveCount(0);

	await page.getByRole('button', { name: 'Finalize and number' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Invoice \d{4}-0001$/);
	await expect(page.getByText(/^\+\+\+\d{3}\/\d{4}\/\d{5}\+\+\+$/)).toBeVisible();
	const qr = page.getByRole('img', { name: 'QR code to pay the open amount by bank transfer' });
	await expect(qr).toBeVisible();
	await expect(qr.locator('svg path').first()).toBeAttached();
	const invoiceUrl = page.url();

	// The printable invoice (customer's language: French by default) asks for the total.
	await page.getByRole('link', { name: 'Print / PDF' }).click();
	await expect(page.getByRole('heading', { name: 'Facture', level: 1 })).toBeVisible();
	await expect(page.getByRole('img', { name: /Code QR pour payer 273,80\s€/ })).toBeVisible();

	await page.goto(`${invoiceUrl}/payments`);
	await expect(page.getByTestId('balance')).toHaveText('€273.80');
	await page.getByLabel('Amount (EUR)').fill('100');
	await expect(page.getByLabel('Method')).toHaveValue('bank_transfer');
	await page.getByRole('button', { name: 'Register payment' }).click();
	await expect(page.getByTestId('status')).toHaveText('Partially paid');
	await expect(page.getByTestId('balance')).toHaveText('€173.80');

	await page.getByRole('button', { name: 'Register payment' }).click();
	await expect(page.getByTestId('status')).toHaveText('Paid');
	await expect(page.getByTestId('balance')).toHaveText('€0.00');

	// Paid: nothing left to scan on the invoice page.
	await page.goto(invoiceUrl);
	await expect(page.getByRole('img', { name: /QR code to pay/ })).toHaveCount(0);
});
