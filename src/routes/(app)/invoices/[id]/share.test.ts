import { describe, expect, it } from 'vitest';
import { shareInfo } from './share';

const base = {
	url: 'https://acquit.example/pay/abcdefghijklmnopqrstuvwxyz234567',
	locale: 'nl' as const,
	number: '2026-0001',
	company: 'Bakkerij Peeters BV',
	currency: 'EUR',
	dueDate: '2027-01-07',
	email: 'billing@customer.test',
	qr: '<svg></svg>'
};

describe('shareInfo', () => {
	it('an invoice with money due: the words ask the customer to pay, in their language', () => {
		const share = shareInfo({ ...base, amountDueCents: 24_200 });
		expect(share.paid).toBe(false);
		expect(share.text).toMatch(
			/^Factuur 2026-0001 van Bakkerij Peeters BV: €\s242,00 te betalen uiterlijk op 7 januari 2027\.$/
		);
		expect(decodeURIComponent(share.whatsapp)).toContain(`Betaal veilig online: ${base.url}`);
		expect(share.qrTitle).toBe(
			'Scan met de camera van uw telefoon om factuur 2026-0001 te betalen'
		);
	});

	// The link of a paid invoice opens its receipt: nothing that travels with it asks to pay.
	it('a paid invoice: the invoice and its receipt, nothing to pay', () => {
		const share = shareInfo({ ...base, amountDueCents: 0 });
		expect(share.paid).toBe(true);
		expect(share.text).toBe('Factuur 2026-0001 van Bakkerij Peeters BV (betaald).');
		const body = decodeURIComponent(share.mailto);
		expect(body).toContain(`De factuur en het betaalbewijs: ${base.url}`);
		expect(body).not.toContain('Betaal veilig');
		expect(decodeURIComponent(share.whatsapp)).not.toContain('Betaal veilig');
		expect(share.qrTitle).toBe(
			'Scan met de camera van uw telefoon om factuur 2026-0001 te bekijken'
		);
	});
});
