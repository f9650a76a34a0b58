import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql/web';
import { eq } from 'drizzle-orm';
import { createAccount } from '../../src/lib/server/auth/accounts';
import type { Db } from '../../src/lib/server/db';
import * as schema from '../../src/lib/server/db/schema';

export const DEMO = {
	email: 'demo@acquit.test',
	password: 'acquit-demo-2026',
	name: 'Marie Dupont',
	companyName: 'Boulangerie Dupont SRL'
};

/** Creates the demo account on a database that has none yet. Returns true when it did. */
export async function seedDemo(url: string): Promise<boolean> {
	const client = createClient({ url });
	try {
		const db = drizzle(client, { schema }) as unknown as Db;
		const existing = await db
			.select({ id: schema.users.id })
			.from(schema.users)
			.where(eq(schema.users.email, DEMO.email));
		if (existing.length > 0) return false;
		const result = await createAccount(db, { ...DEMO, locale: 'fr' });
		if (!result.ok) return false;
		// The demo's address is not a real mailbox: it starts confirmed, so it can send invoices.
		await db
			.update(schema.users)
			.set({ emailConfirmedAt: new Date() })
			.where(eq(schema.users.id, result.userId));
		await db
			.update(schema.companies)
			.set({
				street: 'Rue de la Loi 16',
				postalCode: '1000',
				city: 'Bruxelles',
				vatNumber: 'BE0123456749',
				iban: 'BE68539007547034',
				bic: 'GKCCBEBB',
				email: 'hello@boulangerie-dupont.test',
				phone: '+32 2 123 45 67'
			})
			.where(eq(schema.companies.id, result.companyId));
		return true;
	} finally {
		client.close();
	}
}
