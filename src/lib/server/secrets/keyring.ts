import { tokenKeySettings } from '../config';
import type { Keyring } from './crypto';

/**
 * The one keyring of the server (TOKEN_ENCRYPTION_KEY plus the old keys of a rotation): it seals
 * Mollie tokens, pay-link tokens, SMTP passwords and the secrets of queued mail.
 */
export function tokenKeyring(): Keyring {
	const keys = tokenKeySettings();
	if (!keys.encryptionKey) throw new Error('TOKEN_ENCRYPTION_KEY is missing: pay links need it.');
	return keys;
}

/**
 * The keyring, or null (logged) when none is configured: the invoice and print pages must keep
 * working (without a link) on a server set up before pay links.
 */
export function tokenKeyringOrNull(): Keyring | null {
	try {
		return tokenKeyring();
	} catch (e) {
		console.warn(e instanceof Error ? e.message : e);
		return null;
	}
}
