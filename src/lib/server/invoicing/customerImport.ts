/**
 * Customers from a CSV file, as spreadsheets and other invoicing tools export them: the first row
 * names the columns (in English, French or Dutch), commas or semicolons. All or nothing: one bad
 * row and nothing is imported, so fixing the file and uploading it again never duplicates.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { customers } from '../db/schema';
import { makeDocument } from '../pdf/documents';
import { MAKING_PATHS } from '../pdf/wire';
import { randomId } from '../secrets/ids';
import type { ErrorKeys } from './common';
import { parseCustomer, type CustomerForm, type CustomerInput } from './customers';

export const IMPORT_MAX_ROWS = 2000;

/**
 * The file's text. CSV comes as UTF-8 (with or without BOM) or, from Excel on Windows, as
 * Windows-1252. A spreadsheet saved as .xlsx/.ods (a zip) or any other binary is not: null.
 */
export function decodeCsv(bytes: Uint8Array): string | null {
	if (bytes[0] === 0x50 && bytes[1] === 0x4b) return null;
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		text = new TextDecoder('windows-1252').decode(bytes);
	}
	return text.includes('\u0000') ? null : text;
}

type Field = keyof CustomerForm;

// Header spellings, compared without case, accents, spaces or punctuation.
const HEADERS: Record<Field, string[]> = {
	name: ['name', 'nom', 'naam', 'customer', 'client', 'klant', 'company', 'societe', 'bedrijf'],
	contactPerson: ['contact', 'contactperson', 'personnedecontact', 'contactpersoon'],
	emails: ['email', 'emails', 'mail', 'courriel', 'emailaddress', 'emailaddresses', 'emailadres'],
	phone: ['phone', 'telephone', 'tel', 'telefoon', 'gsm', 'mobile'],
	locale: ['language', 'langue', 'taal', 'locale'],
	street: ['street', 'address', 'adresse', 'rue', 'straat', 'adres'],
	postalCode: ['postalcode', 'postcode', 'zip', 'zipcode', 'codepostal'],
	city: ['city', 'ville', 'localite', 'gemeente', 'stad', 'plaats'],
	country: ['country', 'pays', 'land'],
	vatNumber: [
		...['vat', 'vatnumber', 'vatno', 'vatnr'],
		...['tva', 'ntva', 'notva', 'numerotva'],
		...['btw', 'btwnr', 'btwnummer']
	],
	paymentTermDays: ['paymentterm', 'paymenttermdays', 'delaidepaiement', 'betalingstermijn'],
	notes: ['notes', 'note', 'remarques', 'opmerkingen', 'comment']
};

const LANGUAGES: Record<string, 'fr' | 'nl' | 'en'> = {
	francais: 'fr',
	french: 'fr',
	frans: 'fr',
	nederlands: 'nl',
	dutch: 'nl',
	neerlandais: 'nl',
	english: 'en',
	anglais: 'en',
	engels: 'en'
};

const squash = (s: string) =>
	s
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '');

const FIELD_BY_HEADER = new Map(
	Object.entries(HEADERS).flatMap(([field, names]) => names.map((n) => [n, field as Field]))
);

export type ImportProblem =
	| { kind: 'empty' }
	| { kind: 'no_name_column' }
	| { kind: 'too_many_rows'; max: number }
	/** `line` counts like the spreadsheet: the header is line 1. */
	| { kind: 'rows'; rows: { line: number; errors: ErrorKeys }[] };

export type ParsedImport =
	{ ok: true; customers: CustomerInput[] } | { ok: false; problem: ImportProblem };

/** Reads the rows with papaparse in the documents Worker (../pdf/making.ts), or in this process. */
export async function parseCustomerCsv(text: string): Promise<ParsedImport> {
	const res = await makeDocument(
		MAKING_PATHS.csv,
		{ text: text.replace(/^\uFEFF/, '') },
		'application/json'
	);
	const [header, ...rows] = (await res.json()) as string[][];
	if (!header || rows.length === 0) return { ok: false, problem: { kind: 'empty' } };
	const columns = header.map((h) => FIELD_BY_HEADER.get(squash(h)));
	if (!columns.includes('name')) return { ok: false, problem: { kind: 'no_name_column' } };
	if (rows.length > IMPORT_MAX_ROWS) {
		return { ok: false, problem: { kind: 'too_many_rows', max: IMPORT_MAX_ROWS } };
	}
	const good: CustomerInput[] = [];
	const bad: { line: number; errors: ErrorKeys }[] = [];
	rows.forEach((cells, i) => {
		const form: CustomerForm = {};
		columns.forEach((field, c) => {
			if (field && !form[field]) form[field] = cells[c]?.trim() ?? '';
		});
		if (form.locale) form.locale = LANGUAGES[squash(form.locale)] ?? form.locale.toLowerCase();
		const r = parseCustomer(form);
		if (r.ok) good.push(r.value);
		else bad.push({ line: i + 2, errors: r.errors });
	});
	if (bad.length) return { ok: false, problem: { kind: 'rows', rows: bad } };
	return { ok: true, customers: good };
}

/** The same customer twice: same VAT number, or same name and email addresses. */
const sameKey = (c: Pick<CustomerInput, 'name' | 'emails' | 'vatNumber'>) =>
	c.vatNumber ? `vat:${c.vatNumber}` : `name:${c.name.toLowerCase()}|${c.emails}`;

/**
 * Adds the customers the company doesn't have yet (see `sameKey`), in one batch: all of them or,
 * if the database refuses one, none.
 */
export async function importCustomers(db: Db, companyId: string, list: CustomerInput[]) {
	const existing = await db
		.select({ name: customers.name, emails: customers.emails, vatNumber: customers.vatNumber })
		.from(customers)
		.where(eq(customers.companyId, companyId));
	const seen = new Set(existing.map(sameKey));
	const fresh = list.filter((c) => {
		const key = sameKey(c);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
	const rows = fresh.map((c) => ({ ...c, id: randomId(), companyId }));
	const chunks = [];
	// Under SQLite's limit of bound parameters per statement.
	for (let i = 0; i < rows.length; i += 500) {
		chunks.push(db.insert(customers).values(rows.slice(i, i + 500)));
	}
	const [first, ...rest] = chunks;
	if (first) await db.batch([first, ...rest]);
	return { imported: fresh.length, skipped: list.length - fresh.length };
}
