import { eq } from 'drizzle-orm';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '$lib/server/db';
import { companies } from '$lib/server/db/schema';
import type { DocQrChoice } from '$lib/domain/docQr';
import { getDocQrChoice, saveDocQrChoice } from '$lib/server/docQr';
import { loadInvoiceDocument } from '$lib/server/invoicing/document';
import { registerPayment } from '$lib/server/invoicing/ledger';
import { documentQrs, payLinkFor } from '$lib/server/payments/share';
import { renderInvoicePdf } from '$lib/server/pdf';
import { qrSvg } from '$lib/server/qr';
import { createTestDb } from '../helpers/db';
import { makeCompany, makeCustomer, makeInvoice } from '../helpers/invoicing-fixtures';

// The pay-link keyring comes from the environment, read through SvelteKit's $env module.
const KEY = vi.hoisted(() => Buffer.alloc(32, 9).toString('base64'));
vi.mock('$env/dynamic/private', () => ({ env: { TOKEN_ENCRYPTION_KEY: KEY } }));
const BASE = 'https://acquit.test';

let db: Db;
let close: () => void;
let a: Awaited<ReturnType<typeof makeCompany>>;
const dir = mkdtempSync(join(tmpdir(), 'acquit-docqr-'));
let files = 0;

beforeAll(async () => {
	const created = await createTestDb();
	db = created.db as Db;
	close = () => created.client.close();
	a = await makeCompany(db);
});
afterAll(() => close());

/** What a reader of the PDF sees (poppler's pdftotext), spaces made plain, one line. */
function pdfText(bytes: Uint8Array): string {
	const file = join(dir, `${files++}.pdf`);
	writeFileSync(file, bytes);
	return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
		.replace(/[\u00a0\u202f]/g, ' ')
		.replace(/\s+/g, ' ');
}

async function openInvoice(locale: 'fr' | 'nl' | 'en', number: string, ogmReference: number) {
	const customer = await makeCustomer(db, a.company.id, { locale });
	return makeInvoice(db, {
		companyId: a.company.id,
		journalId: a.journal.id,
		customer,
		company: a.company,
		lines: [{ description: 'Travaux', quantityMilli: 1000, unitPriceMilli: 100_000, vat: '21' }],
		number,
		ogmReference
	});
}

describe('Settings → Documents: which QR codes invoices carry', () => {
	it('saves the choice for this company only (the form is read in form-reads.test.ts)', async () => {
		const other = await makeCompany(db, { name: 'Autre SRL' });
		expect(await getDocQrChoice(db, a.company.id)).toBe('both');
		await saveDocQrChoice(db, a.company.id, 'bank');
		expect(await getDocQrChoice(db, a.company.id)).toBe('bank');
		expect(await getDocQrChoice(db, other.company.id)).toBe('both');
		await saveDocQrChoice(db, a.company.id, 'both');
	});

	it('the print page QRs follow the choice; the pay-link QR is the same link whatever is due', async () => {
		const inv = await openInvoice('fr', '2026-0101', 4242);
		const link = await payLinkFor(db, a.company.id, inv.id, BASE);
		expect(link).toMatch(new RegExp(`^${BASE}/pay/`));
		const qrsFor = async (choice: DocQrChoice) => {
			await saveDocQrChoice(db, a.company.id, choice);
			return documentQrs((await loadInvoiceDocument(db, a.company.id, inv.id))!, link);
		};
		const both = await qrsFor('both');
		expect(both.payQr).toBe(await qrSvg(link!));
		expect(both.epcQr).toContain('<path');
		const online = await qrsFor('online');
		expect([online.payQr, online.epcQr]).toEqual([both.payQr, null]);
		const bank = await qrsFor('bank');
		expect([bank.payQr, bank.epcQr]).toEqual([null, both.epcQr]);

		// After a partial payment the pay-link QR is unchanged (the link carries no amount: its page
		// asks for what is due when opened) while the EPC code carries the new balance.
		await saveDocQrChoice(db, a.company.id, 'both');
		await registerPayment(db, a.company.id, inv.id, {
			date: '2026-03-03',
			amountCents: 2100,
			method: 'cash'
		});
		const doc = (await loadInvoiceDocument(db, a.company.id, inv.id))!;
		expect(doc.ledger?.balanceCents).toBe(10_000);
		const after = await documentQrs(doc, link);
		expect(after.payQr).toBe(both.payQr);
		expect(doc.epc).toContain('EUR100.00');
		expect(await payLinkFor(db, a.company.id, inv.id, BASE)).toBe(link);
	});

	it(
		'the PDF labels each QR in the customer’s language and prints only the chosen ones',
		{ timeout: 30_000 },
		async () => {
			const inv = await openInvoice('nl', '2026-0102', 4343);
			const render = async (choice: string) => {
				await db
					.update(companies)
					.set({ docQrCodes: choice as 'both' })
					.where(eq(companies.id, a.company.id));
				return pdfText(
					(await renderInvoicePdf(db, a.company.id, inv.id, { baseUrl: BASE }))!.bytes
				);
			};
			const online = 'Online betalen: scan met de camera van uw telefoon';
			const bank = 'Overschrijving: scan met uw bankapp';
			const both = await render('both');
			expect(both).toContain(online);
			expect(both).toContain(bank);
			expect(both).toContain(`${BASE}/pay/`);
			const onlyBank = await render('bank');
			expect(onlyBank).toContain(bank);
			expect(onlyBank).not.toContain(online);
			expect(onlyBank).not.toContain(`${BASE}/pay/`);
			const onlyOnline = await render('online');
			expect(onlyOnline).toContain(online);
			expect(onlyOnline).not.toContain(bank);
			// The transfer details stay written out whatever the QR choice.
			expect(onlyOnline).toContain('BE68 5390 0754 7034');
		}
	);
});
