import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { companies, mollieConnections } from '../../src/lib/server/db/schema';
import { gettingStarted } from '../../src/lib/server/gettingStarted';
import { createTestDb } from '../helpers/db';
import { makeCompany, makeCustomer, makeInvoice } from '../helpers/invoicing-fixtures';

describe('getting started checklist', () => {
	it('ticks each step as the company takes it, and only for that company', async () => {
		const { db } = await createTestDb();
		const { company, journal } = await makeCompany(db, { vatNumber: '', iban: '' });
		const other = await makeCompany(db);
		await makeCustomer(db, other.company.id);
		const none = { company: false, theme: false, mollie: false, customer: false, invoice: false };
		expect(await gettingStarted(db, company.id)).toEqual(none);

		// The VAT number alone is not enough: invoices need the IBAN too.
		await db
			.update(companies)
			.set({ vatNumber: 'BE0123456749' })
			.where(eq(companies.id, company.id));
		expect((await gettingStarted(db, company.id)).company).toBe(false);
		await db
			.update(companies)
			.set({ iban: 'BE68539007547034' })
			.where(eq(companies.id, company.id));
		expect((await gettingStarted(db, company.id)).company).toBe(true);

		await db.update(companies).set({ brandColor: '#7c3aed' }).where(eq(companies.id, company.id));
		expect((await gettingStarted(db, company.id)).theme).toBe(true);

		// Activated is not connected.
		await db
			.insert(mollieConnections)
			.values({ companyId: company.id, status: 'installed', updatedAt: new Date() });
		expect((await gettingStarted(db, company.id)).mollie).toBe(false);
		await db
			.update(mollieConnections)
			.set({ status: 'connected' })
			.where(eq(mollieConnections.companyId, company.id));
		expect((await gettingStarted(db, company.id)).mollie).toBe(true);

		const customer = await makeCustomer(db, company.id);
		expect((await gettingStarted(db, company.id)).customer).toBe(true);
		expect((await gettingStarted(db, company.id)).invoice).toBe(false);
		await makeInvoice(db, {
			companyId: company.id,
			journalId: journal.id,
			customer,
			state: 'draft',
			lines: [{ quantityMilli: 1000, unitPriceMilli: 1000, vat: '21' }]
		});
		expect(await gettingStarted(db, company.id)).toEqual({
			company: true,
			theme: true,
			mollie: true,
			customer: true,
			invoice: true
		});
	});
});
