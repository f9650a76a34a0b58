import { expect, test } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import * as schema from '../../src/lib/server/db/schema';
import type { Db } from '../../src/lib/server/db';
import { makeCustomer, makeInvoice } from '../helpers/invoicing-fixtures';
import { isoDay, signUp, appDb } from './helpers';

test.use({ locale: 'en-US' });

// The database the preview server uses (playwright.config.ts); overridable for isolated runs.

/**
 * The invoice editor is another issue's work, so the invoice is written straight into the
 * database the preview server uses (playwright.config.ts sets E2E_DB_FILE), for the
 * company of the account this test just signed up — everything after that goes through the UI.
 */
async function seedInvoice(email: string) {
	const client = appDb();
	try {
		const db = drizzle(client, { schema }) as unknown as Db;
		const [user] = await db.select().from(schema.users).where(eq(schema.users.email, email));
		const companyId = user!.companyId;
		await db
			.update(schema.companies)
			.set({
				street: 'Rue Haute 12',
				postalCode: '1000',
				city: 'Bruxelles',
				vatNumber: 'BE0123456749',
				iban: 'BE68539007547034',
				bic: 'GKCCBEBB'
			})
			.where(eq(schema.companies.id, companyId));
		const [company] = await db
			.select()
			.from(schema.companies)
			.where(eq(schema.companies.id, companyId));
		const [journal] = await db
			.select()
			.from(schema.journals)
			.where(eq(schema.journals.companyId, companyId));
		const customer = await makeCustomer(db, companyId, {
			name: 'Bakkerij Peeters BV',
			locale: 'nl'
		});
		// 2 × €100.00 at 21 % + 1 × €50.00 at 6 % = €295.00.
		const invoice = await makeInvoice(db, {
			companyId,
			journalId: journal!.id,
			customer,
			company: company!,
			number: '2026-0001',
			// Issued today, due in 30 days: not overdue whatever day the suite runs.
			issueDate: isoDay(0),
			dueDate: isoDay(30),
			ogmReference: 123456789,
			lines: [
				{ description: 'Advies', quantityMilli: 2000, unitPriceMilli: 100_000, vat: '21' },
				{ description: 'Handboek', quantityMilli: 1000, unitPriceMilli: 50_000, vat: '6' }
			]
		});
		return invoice.id;
	} finally {
		client.close();
	}
}

test('register a partial then the full payment, and print the invoice', async ({ page }) => {
	const { email } = await signUp(page);
	const id = await seedInvoice(email);

	await page.goto(`/invoices/${id}/payments`);
	await expect(page.getByRole('heading', { name: 'Payments · 2026-0001' })).toBeVisible();
	await expect(page.getByTestId('balance')).toHaveText('€295.00');
	await expect(page.getByTestId('status')).toHaveText('Finalized');
	// The amount starts on what is owed.
	await expect(page.getByLabel('Amount (EUR)')).toHaveValue('295.00');

	// Bad input keeps what was typed and says what is wrong.
	await page.getByLabel('Amount (EUR)').fill('12,345');
	await page.getByLabel('Reference (optional)').fill('Extract 42');
	await page.getByRole('button', { name: 'Register payment' }).click();
	await expect(page.getByText('At most 2 decimals.')).toBeVisible();
	await expect(page.getByLabel('Reference (optional)')).toHaveValue('Extract 42');

	// Partial bank transfer.
	await page.getByLabel('Amount (EUR)').fill('100,00');
	await expect(page.getByLabel('Method')).toHaveValue('bank_transfer');
	await page.getByRole('button', { name: 'Register payment' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Payment registered.' })).toBeVisible();
	await expect(page.getByTestId('status')).toHaveText('Partially paid');
	await expect(page.getByTestId('balance')).toHaveText('€195.00');

	// The printable invoice, in the customer's language (Dutch), asks for what is still open.
	await page.getByRole('link', { name: 'Printable invoice' }).click();
	await expect(page).toHaveURL(new RegExp(`/invoices/${id}/print$`));
	await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
	await expect(page.getByRole('heading', { name: 'Factuur', level: 1 })).toBeVisible();
	await expect(page.getByText('2026-0001').first()).toBeVisible();
	await expect(page.getByText('+++012/3456/78939+++')).toBeVisible();
	await expect(page.getByText('BE68 5390 0754 7034')).toBeVisible();
	await expect(page.getByText('Totaal incl. btw')).toBeVisible();
	await expect(page.getByText('Btw-nummer: BE0123456749')).toBeVisible();
	await expect(page.getByText('Overschrijving: scan met uw bankapp')).toBeVisible();
	const qr = page.getByRole('img', { name: /QR-code om €\s195,00 te betalen/ });
	await expect(qr).toBeVisible();
	await expect(qr.locator('svg path').first()).toBeAttached();
	await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();
	// Phone width: nothing sticks out sideways.
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);

	// The rest, in cash.
	await page.getByRole('link', { name: 'Payments', exact: true }).click();
	await expect(page.getByLabel('Amount (EUR)')).toHaveValue('195.00');
	await page.getByLabel('Method').selectOption('cash');
	await page.getByRole('button', { name: 'Register payment' }).click();
	await expect(page.getByTestId('status')).toHaveText('Paid');
	await expect(page.getByTestId('balance')).toHaveText('€0.00');

	// Removing a payment moves the status back.
	const cash = page.getByRole('listitem').filter({ hasText: 'Cash' });
	await cash.getByText('Remove', { exact: true }).click();
	await cash.getByRole('button', { name: 'Yes, remove' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Payment removed.' })).toBeVisible();
	await expect(page.getByTestId('status')).toHaveText('Partially paid');

	// The overview has one line per source.
	await page.goto('/payments');
	const bank = page.getByRole('row', { name: /Bank transfer/ });
	await expect(bank).toContainText('1');
	await expect(bank).toContainText('€100.00');
	await expect(page.getByRole('row', { name: /Mollie/ })).toHaveCount(0);
	await expect(page.getByRole('link', { name: '2026-0001' })).toBeVisible();
});
