import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** A random id with `bytes * 8` bits of entropy (default 120 bits), URL-safe. */
export function randomId(bytes = 15): string {
	const buf = new Uint8Array(bytes);
	crypto.getRandomValues(buf);
	return encodeBase32LowerCaseNoPadding(buf);
}
