import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db';
import { customers } from '$lib/server/db/schema';
import {
	decodeCsv,
	IMPORT_MAX_ROWS,
	importCustomers,
	parseCustomerCsv
} from '$lib/server/invoicing/customerImport';
import { createTestDb } from '../helpers/db';
import { makeCompany } from '../helpers/invoicing-fixtures';

const parsedOk = async (csv: string) => {
	const r = await parseCustomerCsv(csv);
	if (!r.ok) throw new Error(`expected a valid file: ${JSON.stringify(r.problem)}`);
	return r.customers;
};

describe('parseCustomerCsv', async () => {
	it('reads French headers, semicolons, a BOM, quoted fields and language names', async () => {
		const list = await parsedOk(
			'\uFEFFNom;E-mail;N° TVA;Langue;Code postal;Ville;Délai de paiement\r\n' +
				'"Brasserie ""Lambic"" SRL";compta@lambic.test;0123.456.749;Nederlands;1000;Bruxelles;15\r\n' +
				'Café Zinc;;;;;;\r\n'
		);
		expect(list).toHaveLength(2);
		expect(list[0]).toMatchObject({
			name: 'Brasserie "Lambic" SRL',
			emails: 'compta@lambic.test',
			vatNumber: 'BE0123456749',
			locale: 'nl',
			postalCode: '1000',
			city: 'Bruxelles',
			country: 'BE',
			paymentTermDays: 15
		});
		expect(list[1]).toMatchObject({ name: 'Café Zinc', locale: 'fr', paymentTermDays: null });
	});

	it('reads English and Dutch headers with commas, and ignores unknown columns', async () => {
		const list = await parsedOk(
			'Naam,BTW-nummer,Taal,Favourite colour\nBakkerij Peeters,,en,blue\n'
		);
		expect(list).toEqual([expect.objectContaining({ name: 'Bakkerij Peeters', locale: 'en' })]);
	});

	it('refuses the whole file and names each bad row by its spreadsheet line', async () => {
		const r = await parseCustomerCsv(
			'name;email;vat\nGood SRL;a@b.test;\n;x@y.test;\nBad VAT NV;c@d.test;BE0123456789\n'
		);
		expect(r).toEqual({
			ok: false,
			problem: {
				kind: 'rows',
				rows: [
					{ line: 3, errors: { name: 'required' } },
					{ line: 4, errors: { vatNumber: 'vat_checksum' } }
				]
			}
		});
	});

	it('explains an empty file, a missing name column and too many rows', async () => {
		expect(await parseCustomerCsv('')).toEqual({ ok: false, problem: { kind: 'empty' } });
		expect(await parseCustomerCsv('name;email\n')).toEqual({
			ok: false,
			problem: { kind: 'empty' }
		});
		expect(await parseCustomerCsv('email;phone\na@b.test;0470\n')).toEqual({
			ok: false,
			problem: { kind: 'no_name_column' }
		});
		const big =
			'name\n' + Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => `C${i}`).join('\n');
		expect(await parseCustomerCsv(big)).toEqual({
			ok: false,
			problem: { kind: 'too_many_rows', max: IMPORT_MAX_ROWS }
		});
	});
});

describe('decodeCsv', () => {
	it('reads UTF-8 and, failing that, Windows-1252 as Excel on Windows saves it', () => {
		expect(decodeCsv(Buffer.from('Nom\nCafé Liège\n'))).toBe('Nom\nCafé Liège\n');
		// é is 0xE9 and € is 0x80 in Windows-1252; neither byte is valid UTF-8 there.
		const cp1252 = new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x20, 0x80]);
		expect(decodeCsv(cp1252)).toBe('Café €');
	});

	it('refuses spreadsheets (zip) and other binary files', () => {
		expect(decodeCsv(Buffer.from('PK\u0003\u0004[Content_Types].xml'))).toBeNull();
		expect(decodeCsv(new Uint8Array([0x4e, 0x00, 0x6f, 0x00, 0x6d, 0x00]))).toBeNull();
		expect(decodeCsv(new Uint8Array([0xff, 0xfe, 0x00, 0x00]))).toBeNull();
	});
});

describe('importCustomers', () => {
	let db: Db;
	beforeAll(async () => {
		db = (await createTestDb()).db as Db;
	});

	const namesOf = async (companyId: string) =>
		(await db.select().from(customers).where(eq(customers.companyId, companyId)))
			.map((c) => c.name)
			.sort();

	it('adds the customers to the company only, and skips the ones it already has', async () => {
		const a = await makeCompany(db);
		const b = await makeCompany(db, { name: 'Other Company BV' });
		const csv = 'name;email;vat\nLambic SRL;x@lambic.test;BE0123456749\nZinc;z@zinc.test;\n';
		expect(await importCustomers(db, a.company.id, await parsedOk(csv))).toEqual({
			imported: 2,
			skipped: 0
		});
		expect(await namesOf(b.company.id)).toEqual([]);
		// The same file again, plus a new row and a duplicate inside the file: only the new one.
		const again = csv + 'Peeters;p@peeters.test;\nPEETERS;p@peeters.test;\n';
		expect(await importCustomers(db, a.company.id, await parsedOk(again))).toEqual({
			imported: 1,
			skipped: 3
		});
		expect(await namesOf(a.company.id)).toEqual(['Lambic SRL', 'Peeters', 'Zinc']);
		// Another company may hold the same customer.
		expect(await importCustomers(db, b.company.id, await parsedOk(csv))).toEqual({
			imported: 2,
			skipped: 0
		});
	});

	it('imports a full file of the largest size in one go', async () => {
		const a = await makeCompany(db);
		const csv =
			'name;email\n' +
			Array.from({ length: IMPORT_MAX_ROWS }, (_, i) => `C${i};c${i}@x.test`).join('\n');
		expect(await importCustomers(db, a.company.id, await parsedOk(csv))).toEqual({
			imported: IMPORT_MAX_ROWS,
			skipped: 0
		});
		expect(await namesOf(a.company.id)).toHaveLength(IMPORT_MAX_ROWS);
	});
});
