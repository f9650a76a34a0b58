import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { companies, invoices, revokedPayLinks } from '../db/schema';
import { decryptSecret, encryptSecret, type Keyring } from '../secrets/crypto';
import { hashToken, randomToken } from '../secrets/tokens';

/**
 * Pay links: `/pay/<token>`, 160 random bits, never an invoice id. The database keeps the
 * token's SHA-256 for lookup (a leaked dump can't open pay pages) and the token itself sealed
 * with the token key (AES-GCM), so the owner can share the same link again from any device.
 * Regenerating replaces both: the old link stops working at once.
 */

const TOKEN = /^[a-z2-7]{32}$/;
const context = (invoiceId: string) => `paylink:${invoiceId}`;

async function sealed(keys: Keyring, invoiceId: string) {
	const token = randomToken();
	return {
		token,
		payTokenHash: hashToken(token),
		payTokenEnc: await encryptSecret(token, keys, context(invoiceId))
	};
}

/**
 * The invoice's pay token, created on first use. Only finalized invoices have one; null for
 * drafts, credit notes and other companies' ids. Two concurrent first uses agree on one token.
 */
export async function ensurePayToken(
	db: Db,
	keys: Keyring,
	companyId: string,
	invoiceId: string,
	/** The row's token columns when the caller has just read them (no second read). */
	known?: { enc: string | null; state: string; kind: string }
): Promise<string | null> {
	const where = and(eq(invoices.id, invoiceId), eq(invoices.companyId, companyId));
	const [row] = known
		? [known]
		: await db
				.select({ enc: invoices.payTokenEnc, state: invoices.state, kind: invoices.kind })
				.from(invoices)
				.where(where);
	if (!row || row.state !== 'finalized' || row.kind !== 'invoice') return null;
	if (row.enc) return decryptSecret(row.enc, keys, context(invoiceId));
	const fresh = await sealed(keys, invoiceId);
	const { token, ...columns } = fresh;
	const won = await db
		.update(invoices)
		.set(columns)
		.where(and(where, isNull(invoices.payTokenEnc)))
		.returning({ id: invoices.id });
	// Someone else created it in between: theirs is the one.
	return won.length ? token : ensurePayToken(db, keys, companyId, invoiceId);
}

/** A new token for the invoice; the previous link stops working. */
export async function regeneratePayToken(
	db: Db,
	keys: Keyring,
	companyId: string,
	invoiceId: string
): Promise<string | null> {
	const { token, ...columns } = await sealed(keys, invoiceId);
	const [previous] = await db
		.select({ hash: invoices.payTokenHash })
		.from(invoices)
		.where(and(eq(invoices.id, invoiceId), eq(invoices.companyId, companyId)));
	const updated = await db
		.update(invoices)
		.set(columns)
		.where(
			and(
				eq(invoices.id, invoiceId),
				eq(invoices.companyId, companyId),
				eq(invoices.state, 'finalized'),
				eq(invoices.kind, 'invoice')
			)
		)
		.returning({ id: invoices.id });
	if (!updated.length) return null;
	// The old link now tells whoever opens it that it was replaced, and whom to ask.
	if (previous?.hash) {
		await db
			.insert(revokedPayLinks)
			.values({ tokenHash: previous.hash, companyId, invoiceId })
			.onConflictDoNothing();
	}
	return token;
}

/** Which invoice a pay token opens, or null (malformed, unknown or regenerated tokens alike). */
export async function findByPayToken(db: Db, token: string) {
	if (!TOKEN.test(token)) return null;
	const [row] = await db
		.select({ invoiceId: invoices.id, companyId: invoices.companyId })
		.from(invoices)
		.where(and(eq(invoices.payTokenHash, hashToken(token)), eq(invoices.state, 'finalized')));
	return row ?? null;
}

/** Who to ask about a pay link: the company's public contact details. */
export interface PayLinkContact {
	name: string;
	email: string;
	phone: string;
}

/**
 * A pay link that stopped working because the owner replaced it: the company's contact details
 * and the invoice's language, or null for a token that never opened anything.
 */
export async function findRevokedPayToken(
	db: Db,
	token: string
): Promise<{ contact: PayLinkContact; invoiceId: string } | null> {
	if (!TOKEN.test(token)) return null;
	const [row] = await db
		.select({
			invoiceId: revokedPayLinks.invoiceId,
			name: companies.name,
			email: companies.email,
			phone: companies.phone
		})
		.from(revokedPayLinks)
		.innerJoin(companies, eq(companies.id, revokedPayLinks.companyId))
		.where(eq(revokedPayLinks.tokenHash, hashToken(token)));
	if (!row) return null;
	const { invoiceId, ...contact } = row;
	return { contact, invoiceId };
}
