import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { fail } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import type { Db } from './db';
import { files } from './db/schema';
import { randomId } from './secrets/ids';

/**
 * Uploaded images live in libSQL as blobs: they are small, and a blob column works the same on
 * Node and on Workers (no filesystem there).
 *
 * SVG is refused on purpose: an SVG is a document that can carry scripts and external
 * references, and the logo is served publicly from our own origin. Raster formats only,
 * recognised by their magic bytes — the browser-supplied type and file name are ignored.
 * The /files route still sends nosniff and a locked-down CSP as a second line of defence.
 */

export const UPLOAD_LIMITS = {
	logo: 512 * 1024,
	background: 1.5 * 1024 * 1024
} as const;

export type UploadKind = keyof typeof UPLOAD_LIMITS;

export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

const startsWith = (bytes: Uint8Array, sig: number[], at = 0) =>
	bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);

/** The real image type from the first bytes, or null for anything we don't accept. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	// RIFF <size> WEBP
	if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
		return 'image/webp';
	return null;
}

/** Why an upload was refused. */
export type UploadRefusal = 'missing' | 'too_large' | 'type';

export type UploadResult =
	| { ok: true; id: string; contentType: ImageType; size: number }
	| { ok: false; reason: UploadRefusal };

/** Checks an uploaded image (size, then magic bytes) without storing it. */
export async function checkImage(
	file: unknown,
	kind: UploadKind
): Promise<
	{ ok: true; bytes: Uint8Array; contentType: ImageType } | { ok: false; reason: UploadRefusal }
> {
	if (!(file instanceof File) || file.size === 0) return { ok: false, reason: 'missing' };
	if (file.size > UPLOAD_LIMITS[kind]) return { ok: false, reason: 'too_large' };
	const bytes = new Uint8Array(await file.arrayBuffer());
	const contentType = sniffImageType(bytes);
	if (!contentType) return { ok: false, reason: 'type' };
	return { ok: true, bytes, contentType };
}

/** Validates and stores an image for a company; returns the new file's random id. */
export async function storeImage(
	db: Db,
	companyId: string,
	file: unknown,
	kind: UploadKind
): Promise<UploadResult> {
	const checked = await checkImage(file, kind);
	if (!checked.ok) return checked;
	// 120 random bits: ids are unguessable, so the public /files route needs no session.
	const id = randomId();
	await db.insert(files).values({
		id,
		companyId,
		contentType: checked.contentType,
		size: checked.bytes.byteLength,
		data: Buffer.from(checked.bytes)
	});
	return { ok: true, id, contentType: checked.contentType, size: checked.bytes.byteLength };
}

export async function getFile(db: Db, id: string) {
	const [row] = await db
		.select({ contentType: files.contentType, size: files.size, data: files.data })
		.from(files)
		.where(eq(files.id, id));
	return row ?? null;
}

/** Deletes a file only if it belongs to the company. */
export async function deleteFile(db: Db, companyId: string, id: string) {
	await db.delete(files).where(and(eq(files.id, id), eq(files.companyId, companyId)));
}

/**
 * Above this a request is refused before its body is read. The per-kind limits are checked on
 * the parsed file; this only stops absurd bodies from being buffered in the first place.
 */
export const MAX_UPLOAD_BODY = 8 * 1024 * 1024;

export function bodyTooLarge(request: Request): boolean {
	return Number(request.headers.get('content-length') ?? 0) > MAX_UPLOAD_BODY;
}

/** Upload limits for people: "512 kB" / "1.5 MB" in English, "1,5 Mo" in French. */
export function formatBytes(bytes: number, locale: string): string {
	const mb = bytes >= 1024 * 1024;
	return new Intl.NumberFormat(`${locale}-BE`, {
		style: 'unit',
		unit: mb ? 'megabyte' : 'kilobyte',
		maximumFractionDigits: 1
	}).format(mb ? bytes / (1024 * 1024) : bytes / 1024);
}

/** Maps an upload failure to a translated message for the file field. */
export function uploadError(reason: UploadRefusal, maxBytes: number, locale: string): string {
	if (reason === 'too_large')
		return m.settings_error_file_too_large({ max: formatBytes(maxBytes, locale) });
	if (reason === 'type') return m.settings_error_file_type();
	return m.settings_error_file_missing();
}

/**
 * The body of an image upload action, where the form field is named after the kind: refuses an
 * oversized request before reading it, hands the file to `save` (which stores it and replaces
 * the old one), and turns a refusal into a 413/400 with the message on that field. Returns null
 * once saved, so each action only adds its own success message.
 */
export async function handleUpload<K extends UploadKind>(
	request: Request,
	kind: K,
	save: (file: FormDataEntryValue | null) => Promise<UploadResult>
) {
	const refuse = (reason: UploadRefusal) =>
		fail(reason === 'too_large' ? 413 : 400, {
			form: kind,
			errors: { [kind]: uploadError(reason, UPLOAD_LIMITS[kind], getLocale()) } as Record<K, string>
		});
	if (bodyTooLarge(request)) return refuse('too_large');
	const form = await request.formData();
	const result = await save(form.get(kind));
	return result.ok ? null : refuse(result.reason);
}
