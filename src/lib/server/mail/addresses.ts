import { m } from '$lib/paraglide/messages';
import { isEmailAddress } from './message';

const MAX = 20;

/**
 * A comma- or semicolon-separated list typed by the owner (Cc, Bcc): the addresses, or the
 * first problem in words for the field.
 */
export function parseAddressList(
	value: string
): { ok: true; addresses: string[] } | { ok: false; error: string } {
	const addresses = value
		.split(/[,;\n]/)
		.map((a) => a.trim())
		.filter(Boolean);
	const bad = addresses.find((a) => !isEmailAddress(a));
	if (bad !== undefined) return { ok: false, error: m.mail_err_address({ address: bad }) };
	if (addresses.length > MAX) return { ok: false, error: m.mail_err_too_many() };
	return { ok: true, addresses: [...new Set(addresses)] };
}
