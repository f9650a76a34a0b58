import { expect, test, type Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import type { Db } from '../../src/lib/server/db';
import * as schema from '../../src/lib/server/db/schema';
import { seedScale } from '../../scripts/lib/seedScale';
import { makeCustomer } from '../helpers/invoicing-fixtures';
import { deviceContext, hydrated, signUp, appDb } from './helpers';

test.use({ locale: 'en-US' });

// The database the preview server uses (playwright.config.ts).

/**
 * Some history for the account just signed up, written straight into the database (the UI would
 * take minutes): 300 invoices, 30 customers, and one customer whose name sorts last so it is not
 * among the 20 the invoice editor offers before a search.
 */
async function seedHistory(email: string) {
	const client = appDb();
	try {
		const db = drizzle(client, { schema }) as unknown as Db;
		const [user] = await db.select().from(schema.users).where(eq(schema.users.email, email));
		const companyId = user!.companyId;
		const [journal] = await db
			.select()
			.from(schema.journals)
			.where(eq(schema.journals.companyId, companyId));
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format();
		const prefix = `e${Date.now().toString(36)}${process.pid}`;
		await seedScale(db, { companyId, journalId: journal!.id, invoices: 300, today, prefix });
		await makeCustomer(db, companyId, { name: 'Zythum Brewery' });
	} finally {
		client.close();
	}
}

const rows = (page: Page) => page.getByRole('main').getByRole('listitem');

async function fillFirstLine(page: Page) {
	await page.getByLabel('Description line 1').fill('Tasting');
	await page.getByLabel('Quantity line 1').fill('1');
	await page.getByLabel('Unit price excl. VAT line 1').fill('50');
}

test('the invoice list pages by 50 and filters by customer name, without JavaScript', async ({
	page,
	browser
}) => {
	const { email } = await signUp(page);
	await seedHistory(email);

	// The whole list is laid out when it arrives, so what a jump to its end (a fling, the End
	// key, Playwright's scroll before a click) shows is where it stays. Its rows once skipped
	// layout below the fold (content-visibility) with an estimated height 27 px short of a
	// phone's row: a few frames after the jump the pager moved ~100 px down, and a tap where
	// "Older" had been landed on a row's amount. That made the no-JS click below go nowhere.
	await page.goto('/invoices');
	const older = page
		.getByRole('navigation', { name: 'Invoice pages' })
		.getByRole('link', { name: /Older/ });
	const drift = await older.evaluate(async (link) => {
		link.scrollIntoView({ block: 'center' });
		const top = link.getBoundingClientRect().top;
		for (let frame = 0; frame < 10; frame++) await new Promise(requestAnimationFrame);
		return link.getBoundingClientRect().top - top;
	});
	expect(drift).toBe(0);

	const noJs = await deviceContext(browser, { javaScriptEnabled: false });
	await noJs.addCookies(await page.context().cookies());
	const p = await noJs.newPage();

	await p.goto('/invoices');
	await expect(rows(p)).toHaveCount(50);
	const pages = p.getByRole('navigation', { name: 'Invoice pages' });
	await expect(pages.getByRole('link', { name: /Newer/ })).toHaveCount(0);
	const firstOfPage1 = await rows(p).first().textContent();
	await pages.getByRole('link', { name: /Older/ }).click();
	await expect(p).toHaveURL(/after=/);
	await expect(rows(p)).toHaveCount(50);
	expect(await rows(p).first().textContent()).not.toBe(firstOfPage1);
	await pages.getByRole('link', { name: /Newer/ }).click();
	await expect(rows(p).first()).toHaveText(firstOfPage1!);

	// The customer filter is a plain search field without JavaScript.
	await p.getByText('Filters').click();
	await p.getByLabel('Customer').fill('29');
	await p.getByRole('button', { name: 'Apply' }).click();
	await expect(p).toHaveURL(/cq=29/);
	const count = await rows(p).count();
	expect(count).toBeGreaterThan(0);
	for (const text of await rows(p).allTextContents()) expect(text).toMatch(/ 29 ·/);
	await noJs.close();
});

test('the editor offers 20 customers and finds the others as you type', async ({ page }) => {
	const { email } = await signUp(page);
	await seedHistory(email);
	await page.goto('/invoices/new');
	await hydrated(page);
	const picker = page.getByLabel('Customer');
	// The choose prompt and 20 names, not the 31 customers.
	await expect(picker.locator('option')).toHaveCount(21);
	await expect(picker.locator('option', { hasText: 'Zythum Brewery' })).toHaveCount(0);
	await page.getByLabel('Find by name').pressSequentially('zyth');
	await expect(picker.locator('option', { hasText: 'Zythum Brewery' })).toHaveCount(1);
	await picker.selectOption({ label: 'Zythum Brewery' });
	await fillFirstLine(page);
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page).toHaveURL(/\/invoices\/[a-z0-9]+$/);
	await expect(page.getByText('Zythum Brewery').first()).toBeVisible();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the editor searches customers with its Search button, keeping the invoice', async ({
		page
	}) => {
		const { email } = await signUp(page);
		await seedHistory(email);
		await page.goto('/invoices/new');
		await fillFirstLine(page);
		await page.getByLabel('Find by name').fill('zyth');
		await page.getByRole('button', { name: 'Search', exact: true }).click();
		await expect(page.getByLabel('Description line 1')).toHaveValue('Tasting');
		await page.getByLabel('Customer').selectOption({ label: 'Zythum Brewery' });
		await page.getByRole('button', { name: 'Save draft' }).click();
		await expect(page).toHaveURL(/\/invoices\/[a-z0-9]+$/);
		await expect(page.getByText('Zythum Brewery').first()).toBeVisible();
	});
});
