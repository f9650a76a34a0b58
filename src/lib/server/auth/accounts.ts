import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { companies, journals, users } from '../db/schema';
import { randomId } from '../secrets/ids';
import { hashPassword, needsRehash, verifyPassword } from './password';

export type Locale = 'en' | 'fr' | 'nl';

// The first journal's name is data the owner can rename, so it's chosen once, here.
const FIRST_JOURNAL: Record<Locale, string> = { en: 'Sales', fr: 'Ventes', nl: 'Verkoop' };

export async function createAccount(
	db: Db,
	input: { email: string; password: string; name: string; companyName: string; locale: Locale }
): Promise<{ ok: true; userId: string; companyId: string } | { ok: false; reason: 'email_taken' }> {
	// Hashed first, whether or not the address is taken: the answer takes as long either way.
	const passwordHash = await hashPassword(input.password);
	const existing = await db
		.select({ id: users.id })
		.from(users)
		.where(eq(users.email, input.email));
	if (existing.length > 0) return { ok: false, reason: 'email_taken' };
	const companyId = randomId();
	const userId = randomId();
	try {
		// One batch = one transaction: never a company without its owner.
		await db.batch([
			db.insert(companies).values({
				id: companyId,
				name: input.companyName,
				defaultLocale: input.locale
			}),
			db.insert(users).values({
				id: userId,
				companyId,
				email: input.email,
				name: input.name,
				passwordHash,
				role: 'owner'
			}),
			db.insert(journals).values({ id: randomId(), companyId, name: FIRST_JOURNAL[input.locale] })
		]);
	} catch (e) {
		// Two sign-ups racing for the same address: the unique index decides.
		if (String(e).includes('UNIQUE')) return { ok: false, reason: 'email_taken' };
		throw e;
	}
	return { ok: true, userId, companyId };
}

// A fixed hash to compare against when the email is unknown, so response time does not
// reveal which addresses have an account.
let dummyHash: Promise<string> | undefined;

export async function authenticate(db: Db, email: string, password: string) {
	const [user] = await db.select().from(users).where(eq(users.email, email));
	if (!user) {
		dummyHash ??= hashPassword('not-a-real-password');
		await verifyPassword(await dummyHash, password);
		return null;
	}
	if (!(await verifyPassword(user.passwordHash, password))) return null;
	if (needsRehash(user.passwordHash)) {
		// The password is at hand only now: redo an old hash at today's cost.
		const passwordHash = await hashPassword(password);
		await db
			.update(users)
			.set({ passwordHash })
			.where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash)));
		return { ...user, passwordHash };
	}
	return user;
}
