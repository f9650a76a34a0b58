/**
 * What a service answers: its value, or its error as a key (never translated text: pages
 * translate keys, tests assert on them).
 *
 * - `Result<T, E>`: one error from a string-literal union per service, so a page that shows it
 *   must have a text for every key (`formError` in `$lib/server/forms` takes only keys that have
 *   one in `$lib/invoicing/errorText`).
 * - `Failure<E, D>`: one error with its details, for services whose texts need more than a key.
 * - `FieldResult<T>`: a form's errors, one key per field (`form` for the whole form).
 */
export type Result<T, E extends string> = { ok: true; value: T } | { ok: false; error: E };
/**
 * A refusal that carries what its text needs beside its key (the access point's issues, its
 * own words): a union of these per key is still a `Result`, narrowed by `error`.
 */
export type Failure<E extends string, D extends object = Record<never, never>> = {
	ok: false;
	error: E;
} & D;
export type FieldResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E extends string>(error: E): { ok: false; error: E } => ({ ok: false, error });
export const failWith = (
	errors: Record<string, string>
): { ok: false; errors: Record<string, string> } => ({ ok: false, errors });
