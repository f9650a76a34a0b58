import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { missingRuleFile, validateUbl } from '../../sandbox/peppol/rules';
import { signUp } from './helpers';

test.use({ locale: 'en-US' });

test('the owner downloads the e-invoice (UBL) of a finalized invoice, and it passes the Peppol rules', async ({
	page
}) => {
	// Validating with the official rules takes seconds on a busy machine.
	test.setTimeout(180_000);
	await signUp(page, { company: 'Atelier Dupont SRL' });
	await page.goto('/settings');
	await page.getByLabel('VAT number').fill('BE0123456749');
	await page.getByLabel('IBAN').fill('BE68 5390 0754 7034');
	await page.getByRole('button', { name: 'Save company details' }).click();
	await expect(page.getByLabel('VAT number')).toHaveValue('BE0123456749');

	// A customer without a VAT number: no e-invoice, and the page says what to fix.
	await page.goto('/customers/new');
	await page.getByLabel('Name (company or person)').fill('Jan Particulier');
	await page.getByRole('button', { name: 'Create customer' }).click();
	await expect(page.getByText('Customer saved.')).toBeVisible();
	await page.goto('/customers/new');
	await page.getByLabel('Name (company or person)').fill('Bakkerij Peeters & Zonen BV');
	await page.getByLabel('VAT number').fill('0987.654.394');
	await page.getByRole('button', { name: 'Create customer' }).click();
	await expect(page.getByText('Customer saved.')).toBeVisible();

	const urls: string[] = [];
	for (const customer of ['Jan Particulier', 'Bakkerij Peeters & Zonen BV']) {
		await page.goto('/invoices/new');
		await page.getByLabel('Customer').selectOption({ label: customer });
		await page.getByLabel('Description line 1').fill('Pain <au levain> & croissants');
		await page.getByLabel('Quantity line 1').fill('3');
		await page.getByLabel('Unit price excl. VAT line 1').fill('12,50');
		await page.getByRole('combobox', { name: 'VAT line 1' }).selectOption('6');
		await page.getByRole('button', { name: 'Save draft' }).click();
		await expect(page).toHaveURL(/\/invoices\/[a-z0-9]+$/);
		await expect(page.getByRole('link', { name: 'Download e-invoice (UBL)' })).toHaveCount(0);
		await page.getByRole('button', { name: 'Finalize and number' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Invoice \d{4}-\d{4}$/);
		urls.push(page.url());
	}

	// The last one is for the business customer: the link is there.
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Download e-invoice (UBL)' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toMatch(/^\d{4}-0002\.xml$/);
	const xml = await readFile((await file.path())!, 'utf8');
	expect(xml).toContain('<cbc:EndpointID schemeID="0208">0987654394</cbc:EndpointID>');
	expect(xml).toContain('Pain &lt;au levain&gt; &amp; croissants');
	expect(xml).toMatch(/<cbc:PayableAmount currencyID="EUR">39\.75<\/cbc:PayableAmount>/);
	if (!missingRuleFile()) {
		const report = await validateUbl(xml);
		expect(report.errors.map((e) => `${e.id}: ${e.text}`)).toEqual([]);
	}

	// The private customer's invoice: no link, the reason instead.
	await page.goto(urls[0]!);
	await expect(page.getByRole('link', { name: 'Download e-invoice (UBL)' })).toHaveCount(0);
	await expect(page.getByText(/The customer has no VAT number/)).toBeVisible();
	const direct = await page.request.get(new URL(page.url()).pathname + '/ubl');
	expect(direct.status()).toBe(409);
});
