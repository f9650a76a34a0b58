import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './db';
import { companies, customers, invoices, mollieConnections } from './db/schema';

/** The dashboard's first steps, each done or not, in the order a new owner takes them. */
export interface GettingStarted {
	company: boolean;
	theme: boolean;
	mollie: boolean;
	customer: boolean;
	invoice: boolean;
}

/**
 * What a new account still has to do (one round trip). Company details count once the VAT
 * number and IBAN are in (what every Belgian invoice needs); the theme once a logo is uploaded
 * or the brand colour changed; Mollie once connected (a reconnect later does not bring the
 * list back); a customer and an invoice once one exists (drafts count: the step was taken).
 */
export async function gettingStarted(db: Db, companyId: string): Promise<GettingStarted> {
	const defaultBrand = companies.brandColor.default as string;
	const [row] = await db
		.select({
			company: sql<number>`${companies.vatNumber} <> '' and ${companies.iban} <> ''`,
			theme: sql<number>`${companies.logoFileId} is not null or ${companies.brandColor} <> ${defaultBrand}`,
			mollie: sql<number>`exists (select 1 from ${mollieConnections} where ${and(
				eq(mollieConnections.companyId, companyId),
				sql`${mollieConnections.status} in ('connected', 'reconnect_needed')`
			)})`,
			customer: sql<number>`exists (select 1 from ${customers} where ${eq(customers.companyId, companyId)})`,
			invoice: sql<number>`exists (select 1 from ${invoices} where ${eq(invoices.companyId, companyId)})`
		})
		.from(companies)
		.where(eq(companies.id, companyId));
	return {
		company: Boolean(row?.company),
		theme: Boolean(row?.theme),
		mollie: Boolean(row?.mollie),
		customer: Boolean(row?.customer),
		invoice: Boolean(row?.invoice)
	};
}
