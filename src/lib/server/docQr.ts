import { eq } from 'drizzle-orm';
import { parseDocQrChoice, type DocQrChoice } from '$lib/domain/docQr';
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

export type SaveDocQrResult =
	{ ok: true; choice: DocQrChoice } | { ok: false; value: string; error: 'choice' };

/** Saves the submitted `qrCodes` field for this company only; anything else is refused. */
export async function saveDocQrChoice(
	db: Db,
	companyId: string,
	form: FormData
): Promise<SaveDocQrResult> {
	const raw = form.get('qrCodes');
	const choice = parseDocQrChoice(raw);
	if (!choice) return { ok: false, value: typeof raw === 'string' ? raw : '', error: 'choice' };
	await db.update(companies).set({ docQrCodes: choice }).where(eq(companies.id, companyId));
	return { ok: true, choice };
}
