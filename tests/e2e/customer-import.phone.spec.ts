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
	await expect(page.getByRole('alert')).toContainText("can't be read as CSV");

	// Two bad rows: the alert names them by their spreadsheet line, and nothing is imported.
	const bad =
		'name;email;vat\nCafé Zinc;zinc@cafe.test;\n;nobody@x.test;\nLambic SRL;;BE0123456789\n';
	await upload(page, 'customers.csv', Buffer.from(bad));
	const alert = page.getByRole('alert');
	await expect(alert).toContainText('Nothing was imported: 2 rows need fixing.');
	await expect(alert.getByRole('listitem')).toHaveText([
		/^Row 3: Name \(company or person\) — /,
		/^Row 4: VAT number — /
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
