/**
 * EPC QR code payload (EPC069-12 "SEPA credit transfer" QR, version 002).
 * Produces the text to encode; rendering the QR (error correction level M) is
 * the caller's job.
 */
import { validateBic, validateIban } from './iban';
import { minorToDecimalString } from './money';
import { ogmDigits } from './ogm';

export interface EpcInput {
	/** Optional in version 002 (within the EEA). */
	bic?: string;
	/** Beneficiary name, ≤ 70 characters. */
	name: string;
	iban: string;
	/** EUR cents, 1 .. 99 999 999 999. Omitted → the payer types the amount. */
	amountCents?: number;
	/** Belgian structured communication, any accepted notation. Goes on line 10. */
	ogm?: string;
	/** Unstructured remittance text (≤ 140), only when there is no OGM. */
	text?: string;
	/** Beneficiary-to-payer information (≤ 70), shown by the app, not transmitted. */
	info?: string;
}

export const EPC_MAX_BYTES = 331;
const MAX_AMOUNT_CENTS = 99_999_999_999;

function field(value: string | undefined, max: number, what: string): string {
	if (value === undefined) return '';
	const v = value.trim();
	// A line break inside a field would shift every following line.
	if (/[\r\n]/.test(v)) throw new RangeError(`${what} must not contain line breaks`);
	if ([...v].length > max) throw new RangeError(`${what} longer than ${max} characters`);
	return v;
}

/**
 * Lines: BCD / 002 / 1 (UTF-8) / SCT / BIC / name / IBAN / EUR amount / purpose
 * (empty) / structured reference / unstructured text / information.
 *
 * The OGM goes on line 10 (structured creditor reference) as its 12 bare digits:
 * Belgian banking apps only recognise it as a structured communication there,
 * and the field has no room for the `+++/` decoration. Line 10 and 11 are never
 * both filled: passing `ogm` and `text` together throws.
 * Trailing empty lines are dropped; the payload is LF-separated, no final LF.
 */
export function epcPayload(input: EpcInput): string {
	const name = field(input.name, 70, 'Beneficiary name');
	if (name === '') throw new RangeError('Beneficiary name is required');

	const iban = validateIban(input.iban);
	if (!iban.ok) throw new RangeError(`Invalid IBAN (${iban.reason})`);

	let bic = '';
	if (input.bic !== undefined && input.bic.trim() !== '') {
		const b = validateBic(input.bic);
		if (!b.ok) throw new RangeError('Invalid BIC');
		bic = b.normalized;
	}

	let amount = '';
	if (input.amountCents !== undefined) {
		const c = input.amountCents;
		if (!Number.isSafeInteger(c) || c < 1 || c > MAX_AMOUNT_CENTS) {
			throw new RangeError('Amount must be 0.01 to 999999999.99 EUR');
		}
		amount = 'EUR' + minorToDecimalString(c, 2);
	}

	let reference = '';
	if (input.ogm !== undefined && input.ogm.trim() !== '') {
		const d = ogmDigits(input.ogm);
		if (d === null) throw new RangeError('Invalid structured communication');
		reference = d;
	}
	const text = field(input.text, 140, 'Remittance text');
	if (reference !== '' && text !== '') {
		throw new RangeError('Structured reference and remittance text are mutually exclusive');
	}
	const info = field(input.info, 70, 'Information');

	const lines = [
		'BCD',
		'002',
		'1',
		'SCT',
		bic,
		name,
		iban.normalized,
		amount,
		'',
		reference,
		text,
		info
	];
	while (lines[lines.length - 1] === '') lines.pop();
	const payload = lines.join('\n');
	if (new TextEncoder().encode(payload).length > EPC_MAX_BYTES) {
		throw new RangeError(`EPC payload exceeds ${EPC_MAX_BYTES} bytes`);
	}
	return payload;
}
