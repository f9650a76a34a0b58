import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { createAccount } from '$lib/server/auth/accounts';
import {
	assertCanEdit,
	canEditCompany,
	getCompanySettings,
	removeCompanyImage,
	replaceCompanyImage,
	saveCompanyDetails,
	saveThemeColors
} from '$lib/server/company';
import type { Db } from '$lib/server/db';
import { companies, files } from '$lib/server/db/schema';
import { deleteFile, getFile, sniffImageType, storeImage, UPLOAD_LIMITS } from '$lib/server/files';
import { loadInvoiceDocument } from '$lib/server/invoicing/document';
import { finalizeInvoice } from '$lib/server/invoicing/numbering';
import { createTestDb } from '../helpers/db';
import { makeCompany, makeCustomer, makeInvoice } from '../helpers/invoicing-fixtures';

let db: Db;
let companyA: string;
let companyB: string;

// A real 1×1 PNG.
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
	'base64'
);
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const WEBP_HEAD = Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1');
const SVG = Buffer.from(
	'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
	'utf8'
);

/** A PNG signature followed by padding: passes the sniff, has the size we want. */
function pngOfSize(size: number): Buffer {
	const buf = Buffer.alloc(size);
	PNG.copy(buf, 0, 0, Math.min(PNG.length, size));
	return buf;
}

const file = (bytes: Buffer, name = 'logo.png', type = 'image/png') =>
	new File([new Uint8Array(bytes)], name, { type });

const VALID = {
	name: 'Boulangerie Dupont SRL',
	street: 'Rue de la Loi 16',
	postalCode: '1000',
	city: 'Bruxelles',
	country: 'be',
	vatNumber: 'be 0123.456.749',
	iban: 'be68 5390 0754 7034',
	bic: 'gkccbebb',
	email: 'Contact@Dupont.example',
	phone: '+32 2 123 45 67',
	defaultLocale: 'nl'
};

function formOf(fields: Record<string, string>): FormData {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.set(k, v);
	return form;
}

beforeAll(async () => {
	const created = await createTestDb();
	db = created.db as Db;
	const make = async (email: string, companyName: string) => {
		const r = await createAccount(db, {
			email,
			password: 'correct horse battery',
			name: 'Owner',
			companyName,
			locale: 'fr'
		});
		if (!r.ok) throw new Error('account');
		return r.companyId;
	};
	companyA = await make('a@example.test', 'A SRL');
	companyB = await make('b@example.test', 'B BV');
});

describe('company details', () => {
	it('saves valid details normalized', async () => {
		const result = await saveCompanyDetails(db, companyA, formOf(VALID));
		expect(result.ok).toBe(true);
		const row = await getCompanySettings(db, companyA);
		expect(row).toMatchObject({
			name: 'Boulangerie Dupont SRL',
			street: 'Rue de la Loi 16',
			postalCode: '1000',
			city: 'Bruxelles',
			country: 'BE',
			vatNumber: 'BE0123456749',
			iban: 'BE68539007547034',
			bic: 'GKCCBEBB',
			email: 'contact@dupont.example',
			phone: '+32 2 123 45 67',
			defaultLocale: 'nl'
		});
	});

	it('accepts other EU VAT formats and empty optional fields', async () => {
		const result = await saveCompanyDetails(
			db,
			companyB,
			formOf({
				...VALID,
				name: 'B BV',
				country: 'NL',
				vatNumber: 'NL123456789B01',
				iban: 'NL91ABNA0417164300',
				bic: '',
				email: '',
				phone: '',
				street: ''
			})
		);
		expect(result.ok).toBe(true);
		const row = await getCompanySettings(db, companyB);
		expect(row).toMatchObject({ vatNumber: 'NL123456789B01', iban: 'NL91ABNA0417164300', bic: '' });
	});

	it('refuses bad VAT, IBAN, BIC, email, country and language with field messages, keeping values', async () => {
		const before = await getCompanySettings(db, companyA);
		const bad = {
			...VALID,
			name: 'Changed name',
			vatNumber: 'BE0123456789', // fails mod 97
			iban: 'BE68 5390 0754 7035', // wrong check digits
			bic: 'NOT A BIC',
			email: 'not-an-email',
			country: 'XX',
			defaultLocale: 'de'
		};
		const result = await saveCompanyDetails(db, companyA, formOf(bad));
		if (result.ok) throw new Error('expected errors');
		expect(result.errors).toEqual({
			vatNumber: m.settings_error_vat_checksum(),
			iban: m.settings_error_iban_checksum(),
			bic: m.settings_error_bic(),
			email: m.error_email(),
			country: m.settings_error_country(),
			defaultLocale: m.settings_error_locale()
		});
		expect(result.values).toMatchObject(bad);
		// Nothing written, not even the valid name.
		expect(await getCompanySettings(db, companyA)).toEqual(before);

		const format = await saveCompanyDetails(
			db,
			companyA,
			formOf({ ...VALID, vatNumber: 'BE12', iban: 'hello' })
		);
		if (format.ok) throw new Error('expected errors');
		expect(format.errors.vatNumber).toBe(m.settings_error_vat());
		expect(format.errors.iban).toBe(m.settings_error_iban());
	});

	it('requires a name and copes with a form missing every field', async () => {
		const result = await saveCompanyDetails(db, companyA, new FormData());
		if (result.ok) throw new Error('expected errors');
		expect(result.errors.name).toBe(m.error_required());
		expect(result.errors.country).toBe(m.settings_error_country());
		expect(result.errors.defaultLocale).toBe(m.settings_error_locale());
		expect(Object.keys(result.errors).sort()).toEqual(['country', 'defaultLocale', 'name']);
	});

	it('refuses overlong strings (10,000 characters) and control characters', async () => {
		const long = 'x'.repeat(10_000);
		const result = await saveCompanyDetails(
			db,
			companyA,
			formOf({ ...VALID, name: long, street: long, city: long, vatNumber: long, iban: long })
		);
		if (result.ok) throw new Error('expected errors');
		expect(result.errors.name).toBe(m.error_too_long({ max: 120 }));
		expect(result.errors.street).toBe(m.error_too_long({ max: 200 }));
		expect(result.errors.city).toBe(m.error_too_long({ max: 100 }));
		expect(result.errors.vatNumber).toBe(m.error_too_long({ max: 30 }));
		expect(result.errors.iban).toBe(m.error_too_long({ max: 50 }));
		expect((await getCompanySettings(db, companyA))?.name).toBe('Boulangerie Dupont SRL');

		const ctrl = await saveCompanyDetails(
			db,
			companyA,
			formOf({ ...VALID, name: 'Line one\nLine two', city: 'Gent\u0000' })
		);
		if (ctrl.ok) throw new Error('expected errors');
		expect(ctrl.errors.name).toBe(m.settings_error_control());
		expect(ctrl.errors.city).toBe(m.settings_error_control());
	});

	it('stores SQL-looking strings verbatim and leaves the tables intact', async () => {
		const sqlish = "Robert'); DROP TABLE companies; --";
		const result = await saveCompanyDetails(
			db,
			companyA,
			formOf({ ...VALID, name: sqlish, street: "1' OR '1'='1" })
		);
		expect(result.ok).toBe(true);
		const row = await getCompanySettings(db, companyA);
		expect(row?.name).toBe(sqlish);
		expect(row?.street).toBe("1' OR '1'='1");
		expect((await db.select().from(companies)).length).toBe(2);
	});

	it('round-trips unicode: accents, ß, emoji, right-to-left, and NFC-normalizes', async () => {
		const name = 'Café Straße 🥐 مخبز שלום';
		const result = await saveCompanyDetails(
			db,
			companyA,
			formOf({ ...VALID, name, city: 'Lie\u0300ge', street: '  Rue Hôtel-de-Ville 1  ' })
		);
		expect(result.ok).toBe(true);
		const row = await getCompanySettings(db, companyA);
		expect(row?.name).toBe(name);
		expect(row?.city).toBe('Liège'); // e + combining grave → one code point
		expect(row?.city.length).toBe(5);
		expect(row?.street).toBe('Rue Hôtel-de-Ville 1');
	});

	it('only writes to the given company', async () => {
		const bBefore = await getCompanySettings(db, companyB);
		await saveCompanyDetails(db, companyA, formOf({ ...VALID, name: 'A again' }));
		await saveThemeColors(
			db,
			companyA,
			formOf({ brandColor: '#112233', accentColor: '#445566', backgroundColor: '#778899' })
		);
		expect(await getCompanySettings(db, companyB)).toEqual(bBefore);
		expect((await getCompanySettings(db, companyA))?.name).toBe('A again');
	});
});

describe('roles', () => {
	it('lets owners and admins edit, not members', () => {
		expect(canEditCompany('owner')).toBe(true);
		expect(canEditCompany('admin')).toBe(true);
		expect(canEditCompany('member')).toBe(false);
		expect(() => assertCanEdit({ role: 'owner' })).not.toThrow();
		expect(() => assertCanEdit({ role: 'member' })).toThrow(
			expect.objectContaining({ status: 403 })
		);
		expect(() => assertCanEdit(null)).toThrow(expect.objectContaining({ status: 403 }));
	});
});

describe('theme colours', () => {
	it('saves #rrggbb colours lowercased', async () => {
		const result = await saveThemeColors(
			db,
			companyA,
			formOf({ brandColor: '#1E3A8A', accentColor: ' #F59E0B ', backgroundColor: '#ffffff' })
		);
		expect(result.ok).toBe(true);
		expect(await getCompanySettings(db, companyA)).toMatchObject({
			brandColor: '#1e3a8a',
			accentColor: '#f59e0b',
			backgroundColor: '#ffffff'
		});
	});

	it('refuses anything else, including CSS injection attempts', async () => {
		const result = await saveThemeColors(
			db,
			companyA,
			formOf({
				brandColor: '#abc',
				accentColor: 'red; background:url(javascript:alert(1))',
				backgroundColor: '#'.repeat(10_000)
			})
		);
		if (result.ok) throw new Error('expected errors');
		expect(result.errors).toEqual({
			brandColor: m.settings_error_color(),
			accentColor: m.settings_error_color(),
			backgroundColor: m.settings_error_color()
		});
		expect((await getCompanySettings(db, companyA))?.brandColor).toBe('#1e3a8a');
	});
});

describe('uploads', () => {
	it('recognises PNG, JPEG and WebP by their bytes only', () => {
		expect(sniffImageType(PNG)).toBe('image/png');
		expect(sniffImageType(JPEG_HEAD)).toBe('image/jpeg');
		expect(sniffImageType(WEBP_HEAD)).toBe('image/webp');
		expect(sniffImageType(SVG)).toBeNull();
		expect(sniffImageType(Buffer.from('GIF89a'))).toBeNull();
		expect(sniffImageType(Buffer.from('RIFF1234WAVE'))).toBeNull();
		expect(sniffImageType(new Uint8Array())).toBeNull();
	});

	it('stores a logo with the sniffed type, whatever the browser claimed', async () => {
		const result = await replaceCompanyImage(
			db,
			companyA,
			'logo',
			file(PNG, 'logo.txt', 'text/plain')
		);
		if (!result.ok) throw new Error(result.reason);
		expect(result.id).toMatch(/^[a-z2-7]{24}$/);
		const stored = await getFile(db, result.id);
		expect(stored?.contentType).toBe('image/png');
		expect(Buffer.from(stored!.data).equals(PNG)).toBe(true);
		expect((await getCompanySettings(db, companyA))?.logoFileId).toBe(result.id);
	});

	it('refuses a text file posing as a PNG, an SVG, an empty file and a missing one', async () => {
		const before = (await getCompanySettings(db, companyA))?.logoFileId;
		const text = file(Buffer.from('just some text, honest'), 'logo.png', 'image/png');
		expect(await replaceCompanyImage(db, companyA, 'logo', text)).toEqual({
			ok: false,
			reason: 'type'
		});
		expect(
			await replaceCompanyImage(db, companyA, 'logo', file(SVG, 'logo.svg', 'image/svg+xml'))
		).toEqual({ ok: false, reason: 'type' });
		expect(await replaceCompanyImage(db, companyA, 'logo', file(Buffer.alloc(0)))).toEqual({
			ok: false,
			reason: 'missing'
		});
		expect(await replaceCompanyImage(db, companyA, 'logo', 'not a file')).toEqual({
			ok: false,
			reason: 'missing'
		});
		expect((await getCompanySettings(db, companyA))?.logoFileId).toBe(before);
	});

	it('enforces 512 KB for a logo and 1.5 MB for a background', async () => {
		const justOver = file(pngOfSize(UPLOAD_LIMITS.logo + 1));
		expect(await replaceCompanyImage(db, companyA, 'logo', justOver)).toEqual({
			ok: false,
			reason: 'too_large'
		});
		expect(
			(await replaceCompanyImage(db, companyA, 'logo', file(pngOfSize(UPLOAD_LIMITS.logo)))).ok
		).toBe(true);
		// A 1 MB image is too big for a logo but fine as a background.
		const mb = file(pngOfSize(1024 * 1024));
		expect(await replaceCompanyImage(db, companyA, 'logo', mb)).toEqual({
			ok: false,
			reason: 'too_large'
		});
		expect((await replaceCompanyImage(db, companyA, 'background', mb)).ok).toBe(true);
		const tooBig = file(pngOfSize(UPLOAD_LIMITS.background + 1));
		expect(await replaceCompanyImage(db, companyA, 'background', tooBig)).toEqual({
			ok: false,
			reason: 'too_large'
		});
	});

	it('deletes the old file on replace and on remove', async () => {
		const first = await replaceCompanyImage(db, companyA, 'logo', file(PNG));
		const second = await replaceCompanyImage(db, companyA, 'logo', file(PNG));
		if (!first.ok || !second.ok) throw new Error('upload');
		expect(second.id).not.toBe(first.id);
		expect(await getFile(db, first.id)).toBeNull();
		expect(await getFile(db, second.id)).not.toBeNull();

		await removeCompanyImage(db, companyA, 'logo');
		expect((await getCompanySettings(db, companyA))?.logoFileId).toBeNull();
		expect(await getFile(db, second.id)).toBeNull();
		// Removing again is harmless.
		await removeCompanyImage(db, companyA, 'logo');
	});

	it('keeps a logo that a finalized invoice was issued with', async () => {
		const { company, journal } = await makeCompany(db);
		const issued = await replaceCompanyImage(db, company.id, 'logo', file(PNG));
		if (!issued.ok) throw new Error('upload');
		const customer = await makeCustomer(db, company.id);
		const invoice = await makeInvoice(db, {
			companyId: company.id,
			journalId: journal.id,
			customer,
			state: 'draft',
			lines: [{ quantityMilli: 1000, unitPriceMilli: 10_000, vat: '21' }]
		});
		expect((await finalizeInvoice(db, company.id, invoice.id)).ok).toBe(true);

		const next = await replaceCompanyImage(db, company.id, 'logo', file(PNG));
		if (!next.ok) throw new Error('upload');
		await removeCompanyImage(db, company.id, 'logo');
		// The invoice still prints the logo it was issued with; the one never used on paper is gone.
		const doc = await loadInvoiceDocument(db, company.id, invoice.id);
		expect(doc?.seller.logoFileId).toBe(issued.id);
		expect(await getFile(db, issued.id)).not.toBeNull();
		expect(await getFile(db, next.id)).toBeNull();
	});

	it("never lets one company delete or replace another's files", async () => {
		const a = await storeImage(db, companyA, file(PNG), 'logo');
		if (!a.ok) throw new Error('upload');
		await deleteFile(db, companyB, a.id);
		expect(await getFile(db, a.id)).not.toBeNull();

		const bLogo = await replaceCompanyImage(db, companyB, 'logo', file(PNG));
		if (!bLogo.ok) throw new Error('upload');
		const [row] = await db.select().from(files).where(eq(files.id, bLogo.id));
		expect(row?.companyId).toBe(companyB);
		await removeCompanyImage(db, companyA, 'logo');
		expect((await getCompanySettings(db, companyB))?.logoFileId).toBe(bLogo.id);
		expect(await getFile(db, bLogo.id)).not.toBeNull();
	});
});

describe('GET /files/[id]', () => {
	it('serves a stored image with its exact type, nosniff, a locked CSP and an immutable cache', async () => {
		const stored = await storeImage(db, companyA, file(PNG), 'logo');
		if (!stored.ok) throw new Error('upload');
		// The route reads the app's database; point it at this test's one.
		vi.doMock('$lib/server/db', () => ({ getDb: () => db }));
		const { GET } = await import('../../src/routes/files/[id]/+server');
		const call = (id: string) =>
			GET({ params: { id } } as unknown as Parameters<typeof GET>[0]) as Promise<Response>;

		const res = await call(stored.id);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/png');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
		expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);

		await expect(call('a'.repeat(24))).rejects.toMatchObject({ status: 404 });
		await expect(call("../../etc/passwd' OR 1=1")).rejects.toMatchObject({ status: 404 });
	});
});
