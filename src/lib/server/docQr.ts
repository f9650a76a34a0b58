import { eq } from 'drizzle-orm';
import * as z from 'zod/mini';
import { DOC_QR_CHOICES, type DocQrChoice } from '$lib/domain/docQr';
import { m } from '$lib/paraglide/messages';
import { text } from './formFields';
import type { Db } from './db';
import { companies } from './db/schema';

/** The company's Settings → Documents choice (both QR codes when the company is unknown). */
export async function getDocQrChoice(db: Db, companyId: string): Promise<DocQrChoice> {
	const [row] = await db
		.select({ docQrCodes: companies.docQrCodes })
		.from(companies)
		.where(eq(companies.id, companyId));
	return row?.docQrCodes ?? 'both';
}

/** Settings → Documents' form: one of the three choices, anything else refused. */
export const docQrSchema = () =>
	z.object({
		qrCodes: z.pipe(text(), z.enum(DOC_QR_CHOICES, { error: () => m.docqr_error_choice() }))
	});

/** Saves the choice for this company only. */
export async function saveDocQrChoice(db: Db, companyId: string, choice: DocQrChoice) {
	await db.update(companies).set({ docQrCodes: choice }).where(eq(companies.id, companyId));
}
