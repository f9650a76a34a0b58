import { sha256 } from '@oslojs/crypto/sha2';
import {
	decodeBase64,
	decodeBase64urlIgnorePadding,
	encodeBase64urlNoPadding,
	encodeHexLowerCase
} from '@oslojs/encoding';

/**
 * Secrets at rest (Mollie tokens): AES-256-GCM through WebCrypto, which Node and Workers share.
 * Blob format: `v1.<keyId>.<iv b64url>.<ciphertext+tag b64url>`. The key id (first 8 hex of the
 * key's SHA-256) says which key sealed a blob, so old keys keep decrypting during a rotation.
 * An optional `context` (e.g. `company:refresh`) is bound as additional data: a blob copied to
 * another company's row or field fails to decrypt.
 */

export interface Keyring {
	/** Base64 of 32 bytes; seals everything new. */
	encryptionKey: string;
	/** Base64 keys from earlier rotations: decrypt only. */
	oldEncryptionKeys: string[];
}

export class DecryptionError extends Error {
	constructor(reason: string) {
		super(`Cannot decrypt secret: ${reason}`);
		this.name = 'DecryptionError';
	}
}

const VERSION = 'v1';
const cache = new Map<string, Promise<{ id: string; key: CryptoKey }>>();

// Blobs opened lately, by context and blob (the blob names its key, IV and tag): every webhook
// and Mollie call opens its company's access token, and WebCrypto's AES is a round trip to a
// thread. Only what a keyring passed in can open is answered from here (the key is matched
// first), a few hundred at most, in memory only.
const opened = new Map<string, string>();
const OPENED_MAX = 256;
function remember(seen: string, text: string) {
	if (opened.size >= OPENED_MAX) opened.delete(opened.keys().next().value!);
	opened.set(seen, text);
}

/** Decodes a base64 key and insists on 32 bytes (AES-256). */
export function keyBytes(base64: string): Uint8Array<ArrayBuffer> {
	let bytes: Uint8Array;
	try {
		bytes = decodeBase64(base64.trim());
	} catch {
		throw new Error('TOKEN_ENCRYPTION_KEY is not valid base64');
	}
	if (bytes.length !== 32) {
		throw new Error(`TOKEN_ENCRYPTION_KEY must be 32 bytes (got ${bytes.length})`);
	}
	return new Uint8Array(bytes);
}

export function keyId(base64: string): string {
	let id = ids.get(base64);
	if (id === undefined) {
		id = encodeHexLowerCase(sha256(keyBytes(base64))).slice(0, 8);
		ids.set(base64, id);
	}
	return id;
}
// Keys are few (the current one and those of earlier rotations); hashing one is pure JavaScript,
// and every use of a token asks whether it needs re-sealing.
const ids = new Map<string, string>();

function loadKey(base64: string) {
	let entry = cache.get(base64);
	if (!entry) {
		const raw = keyBytes(base64);
		entry = crypto.subtle
			.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt'])
			.then((key) => ({ id: keyId(base64), key }));
		cache.set(base64, entry);
	}
	return entry;
}

const encoder = new TextEncoder();

export async function encryptSecret(plain: string, keys: Keyring, context = ''): Promise<string> {
	const { id, key } = await loadKey(keys.encryptionKey);
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const sealed = await crypto.subtle.encrypt(
		{ name: 'AES-GCM', iv, additionalData: encoder.encode(context) },
		key,
		encoder.encode(plain)
	);
	return [
		VERSION,
		id,
		encodeBase64urlNoPadding(iv),
		encodeBase64urlNoPadding(new Uint8Array(sealed))
	].join('.');
}

/** The id of the key that sealed a blob (to spot blobs still on an old key). */
export function blobKeyId(blob: string): string | null {
	const parts = blob.split('.');
	return parts.length === 4 && parts[0] === VERSION ? parts[1] : null;
}

export async function decryptSecret(blob: string, keys: Keyring, context = ''): Promise<string> {
	const parts = blob.split('.');
	if (parts.length !== 4 || parts[0] !== VERSION) throw new DecryptionError('unknown format');
	const [, id, ivText, dataText] = parts;
	const candidates = [keys.encryptionKey, ...keys.oldEncryptionKeys].filter(Boolean);
	const match = (await Promise.all(candidates.map(loadKey))).find((k) => k.id === id);
	if (!match) throw new DecryptionError(`no key with id ${id}`);
	const seen = `${context}\n${blob}`;
	const known = opened.get(seen);
	if (known !== undefined) return known;
	let iv: Uint8Array, data: Uint8Array;
	try {
		iv = decodeBase64urlIgnorePadding(ivText);
		data = decodeBase64urlIgnorePadding(dataText);
	} catch {
		throw new DecryptionError('bad encoding');
	}
	try {
		const plain = await crypto.subtle.decrypt(
			{ name: 'AES-GCM', iv: new Uint8Array(iv), additionalData: encoder.encode(context) },
			match.key,
			new Uint8Array(data)
		);
		const text = new TextDecoder().decode(plain);
		remember(seen, text);
		return text;
	} catch {
		// GCM's tag check failed: tampered, truncated, or moved to another row/field.
		throw new DecryptionError('authentication failed');
	}
}

/** True when a blob was sealed with a key other than the current one. */
export function needsReencryption(blob: string, keys: Keyring): boolean {
	return blobKeyId(blob) !== keyId(keys.encryptionKey);
}
