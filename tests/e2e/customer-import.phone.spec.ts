import { expect, test, type Page } from '@playwright/test';
import { signUp } from './helpers';

test.use({ locale: 'en-US' });

async function upload(page: Page, name: string, content: Buffer) {
	await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: content });
	await page.getByRole('button', { name: 'Import customers' }).click();
}

test('customers imported from a CSV file: all or nothing, then no duplicates', async ({ page }) => {
	await signUp(page);
	await page.goto('/customers');
	await page.getByRole('link', { name: 'Import from CSV' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import customers');

	await page.getByRole('button', { name: 'Import customers' }).click();
	await expect(page.getByRole('alert')).toHaveText('Choose a CSV file to import.');

	// A spreadsheet saved as .xlsx is a zip, not CSV.
	await upload(page, 'customers.xlsx', Buffer.from('PK\u0003\u0004binary'));
	await expect(page.getByRole('alert')).toHaveText(
		"This file can't be read as CSV. In your spreadsheet, use Save as → CSV, then upload that file."
	);

	// A first row that names no column we know: nothing to call the customers by.
	await upload(page, 'customers.csv', Buffer.from('email;phone\nzinc@cafe.test;0470 12 34 56\n'));
	await expect(page.getByRole('alert')).toHaveText(
		'No name column found. The first row must name the columns, for example: name;email;vat.'
	);

	// Two bad rows: the alert names them by their spreadsheet line, and nothing is imported.
	const bad =
		'name;email;vat\nCafé Zinc;zinc@cafe.test;\n;nobody@x.test;\nLambic SRL;;BE0123456789\n';
	await upload(page, 'customers.csv', Buffer.from(bad));
	const alert = page.getByRole('alert');
	await expect(alert.getByRole('paragraph')).toHaveText(
		'Nothing was imported: 2 rows need fixing. Correct them in the file and upload it again.'
	);
	await expect(alert.getByRole('listitem')).toHaveText([
		'Row 3: Name (company or person) — This field is required.',
		'Row 4: VAT number — This VAT number’s check digits are wrong.'
	]);
	await expect(page.getByLabel('CSV file')).toHaveAttribute('aria-invalid', 'true');
	await page.goto('/customers');
	await expect(page.getByText('No customers yet', { exact: false })).toBeVisible();

	// Fixed, as Excel on Windows saves it: French headers, semicolons, Windows-1252.
	const good =
		'Nom;E-mail;N° TVA;Langue\r\nCafé Zinc;zinc@cafe.test;;Français\r\n' +
		'Lambic SRL;;BE0123456749;nl\r\n';
	await page.goto('/customers/import');
	await upload(page, 'clients.csv', Buffer.from(good, 'latin1'));
	await expect(page).toHaveURL(/\/customers\?imported=2&skipped=0$/);
	await expect(page.getByRole('status').filter({ hasText: 'Import done' })).toHaveText(
		'Import done: 2 customers added, 0 already there.'
	);
	await page.getByRole('link', { name: 'Café Zinc' }).click();
	await expect(page.getByLabel('Email addresses')).toHaveValue('zinc@cafe.test');
	await expect(page.getByLabel('Language of documents')).toHaveValue('fr');

	// The same file again adds nothing.
	await page.goto('/customers/import');
	await upload(page, 'clients.csv', Buffer.from(good, 'latin1'));
	await expect(page.getByRole('status').filter({ hasText: 'Import done' })).toHaveText(
		'Import done: 0 customers added, 2 already there.'
	);
	await expect(page.getByRole('main').getByRole('listitem')).toHaveCount(2);
});
