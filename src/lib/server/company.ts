import { validateBic, validateIban } from '$lib/domain/iban';
import { validateVatNumber } from '$lib/domain/vatNumber';
import { m } from '$lib/paraglide/messages';
import { normalizeHex } from '$lib/theme';
import { error } from '@sveltejs/kit';
import { and, eq, sql } from 'drizzle-orm';
import * as z from 'zod/mini';
import { reading } from '$lib/validation';
import type { Db } from './db';
import { companies, invoices, type User } from './db/schema';
import { deleteFile, storeImage, type UploadKind, type UploadResult } from './files';
import { parseForm, type FieldErrors } from './forms';

/**
 * Company details and theme: validation and persistence, kept free of HTTP so integration tests
 * can drive them directly. Every write is scoped by the caller's company id (never by a submitted
 * id), so one company cannot touch another's settings.
 */

export const LOCALES = ['fr', 'nl', 'en'] as const;

// ISO 3166-1 alpha-2: the EU plus the EEA/EFTA neighbours and the UK. Greece is GR here (its VAT
// prefix is EL, handled by validateVatNumber).
export const COUNTRIES = [
	'AT', 'BE', 'BG', 'CH', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GB', 'GR', 'HR', 'HU',
	'IE', 'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'
] as const; // prettier-ignore

export function canEditCompany(role: User['role']): boolean {
	return role === 'owner' || role === 'admin';
}

/** Actions call this first: members may read the settings but not change them. */
export function assertCanEdit(user: Pick<User, 'role'> | null) {
	if (!user || !canEditCompany(user.role)) error(403, m.settings_error_forbidden());
}

export async function getCompanySettings(db: Db, companyId: string) {
	const [row] = await db.select().from(companies).where(eq(companies.id, companyId));
	return row ?? null;
}

// Single-line fields: control characters (incl. newlines, NUL) have no business in an address
// and would break invoice layout and the EPC QR payload.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const line = (max: number, required = false) =>
	z.string().check(
		z.trim(),
		z.normalize('NFC'),
		z.minLength(required ? 1 : 0, { error: () => m.error_required() }),
		z.maxLength(max, { error: () => m.error_too_long({ max }) }),
		z.refine((s) => !CONTROL.test(s), { error: () => m.settings_error_control() })
	);

const optionalEmail = () =>
	z.string().check(
		z.trim(),
		z.toLowerCase(),
		z.maxLength(254, { error: () => m.error_too_long({ max: 254 }) }),
		z.refine((s) => s === '' || z.safeParse(z.email(), s).success, {
			error: () => m.error_email()
		})
	);

/** A trimmed code of at most `max` characters, read by `validate` (empty stays empty). */
const code = (
	max: number,
	validate: (s: string) => { ok: true; normalized: string } | { ok: false; reason?: string },
	message: (reason: string | undefined) => string
) =>
	z.pipe(
		z.string().check(z.trim(), z.maxLength(max, { error: () => m.error_too_long({ max }) })),
		reading((s: string, refuse) => {
			if (s === '') return '';
			const r = validate(s);
			return r.ok ? r.normalized : refuse(message(r.reason));
		})
	);

const detailsSchema = () =>
	z.object({
		name: line(120, true),
		street: line(200),
		postalCode: line(20),
		city: line(100),
		country: z.string().check(
			z.trim(),
			z.toUpperCase(),
			z.refine((c) => (COUNTRIES as readonly string[]).includes(c), {
				error: () => m.settings_error_country()
			})
		),
		vatNumber: code(30, validateVatNumber, (reason) =>
			reason === 'checksum' ? m.settings_error_vat_checksum() : m.settings_error_vat()
		),
		iban: code(50, validateIban, (reason) =>
			reason === 'checksum' ? m.settings_error_iban_checksum() : m.settings_error_iban()
		),
		bic: code(20, validateBic, () => m.settings_error_bic()),
		email: optionalEmail(),
		phone: line(40).check(
			z.refine((s) => /^[0-9+()./\s-]*$/.test(s), { error: () => m.settings_error_phone() })
		),
		defaultLocale: z.enum(LOCALES, { error: () => m.settings_error_locale() })
	});

const DETAIL_FIELDS = [
	'name',
	'street',
	'postalCode',
	'city',
	'country',
	'vatNumber',
	'iban',
	'bic',
	'email',
	'phone',
	'defaultLocale'
];
const THEME_FIELDS = ['brandColor', 'accentColor', 'backgroundColor'];

/** A hand-made POST may omit fields: treat them as empty so they get a translated message. */
function withDefaults(form: FormData, fields: string[]): FormData {
	const copy = new FormData();
	for (const key of fields) {
		const value = form.get(key);
		copy.set(key, typeof value === 'string' ? value : '');
	}
	return copy;
}

export type CompanyDetails = z.output<ReturnType<typeof detailsSchema>>;

export type SaveResult<T> =
	{ ok: true; data: T } | { ok: false; values: Record<string, string>; errors: FieldErrors };

/** Validates the company form and, if valid, writes it to the given company only. */
export async function saveCompanyDetails(
	db: Db,
	companyId: string,
	form: FormData
): Promise<SaveResult<CompanyDetails>> {
	const parsed = parseForm(detailsSchema(), withDefaults(form, DETAIL_FIELDS));
	if (!parsed.ok) return { ok: false, values: parsed.values, errors: parsed.errors };
	await db.update(companies).set(parsed.data).where(eq(companies.id, companyId));
	return { ok: true, data: parsed.data };
}

const color = () =>
	z.pipe(
		z.string(),
		reading((s: string, refuse) => normalizeHex(s) || refuse(m.settings_error_color()))
	);

const themeSchema = () =>
	z.object({ brandColor: color(), accentColor: color(), backgroundColor: color() });

export type ThemeColors = z.output<ReturnType<typeof themeSchema>>;

export async function saveThemeColors(
	db: Db,
	companyId: string,
	form: FormData
): Promise<SaveResult<ThemeColors>> {
	const parsed = parseForm(themeSchema(), withDefaults(form, THEME_FIELDS));
	if (!parsed.ok) return { ok: false, values: parsed.values, errors: parsed.errors };
	await db.update(companies).set(parsed.data).where(eq(companies.id, companyId));
	return { ok: true, data: parsed.data };
}

const column = (kind: UploadKind) => (kind === 'logo' ? 'logoFileId' : 'backgroundFileId');

/**
 * Deletes a company image the company no longer shows, unless a finalized document froze it
 * (its snapshot names the logo it was issued with, and must keep printing it).
 */
async function dropImage(db: Db, companyId: string, fileId: string) {
	const [frozen] = await db
		.select({ id: invoices.id })
		.from(invoices)
		.where(
			and(
				eq(invoices.companyId, companyId),
				sql`json_extract(${invoices.snapshot}, '$.company.logoFileId') = ${fileId}`
			)
		)
		.limit(1);
	if (!frozen) await deleteFile(db, companyId, fileId);
}

/**
 * Stores a new logo/background and points the company at it. The old file goes (see dropImage):
 * its URL was cached as immutable, so a new image always gets a new id rather than overwriting.
 */
export async function replaceCompanyImage(
	db: Db,
	companyId: string,
	kind: UploadKind,
	file: unknown
): Promise<UploadResult> {
	const stored = await storeImage(db, companyId, file, kind);
	if (!stored.ok) return stored;
	const current = await getCompanySettings(db, companyId);
	await db
		.update(companies)
		.set(kind === 'logo' ? { logoFileId: stored.id } : { backgroundFileId: stored.id })
		.where(eq(companies.id, companyId));
	const old = current?.[column(kind)];
	if (old) await dropImage(db, companyId, old);
	return stored;
}

export async function removeCompanyImage(db: Db, companyId: string, kind: UploadKind) {
	const current = await getCompanySettings(db, companyId);
	const old = current?.[column(kind)];
	await db
		.update(companies)
		.set(kind === 'logo' ? { logoFileId: null } : { backgroundFileId: null })
		.where(eq(companies.id, companyId));
	if (old) await dropImage(db, companyId, old);
}
