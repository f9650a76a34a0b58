import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/**
 * Bearer tokens (sessions, email confirmation, password reset, pay links): 160 random bits,
 * base32; the database keeps only the SHA-256, so a leaked table opens nothing.
 */
export function randomToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Tokens come from the URL: anything longer than ours is not one, and need not be hashed. */
export const plausibleToken = (token: string) => token.length > 0 && token.length <= 64;
