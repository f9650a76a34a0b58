import { describe, expect, it } from 'vitest';
import { belgianVatPeppolId, enterpriseNumber, formatPeppolId, peppolIdFromVat } from './peppolId';

describe('Peppol identifiers from VAT numbers', () => {
	it('addresses a Belgian company by its enterprise number under 0208', () => {
		expect(peppolIdFromVat('BE 0123.456.749')).toEqual({
			ok: true,
			id: { scheme: '0208', value: '0123456749' },
			vatNumber: 'BE0123456749',
			country: 'BE'
		});
		expect(enterpriseNumber('be0123456749')).toBe('0123456749');
		expect(belgianVatPeppolId('BE0123456749')).toEqual({ scheme: '9925', value: 'BE0123456749' });
		expect(formatPeppolId({ scheme: '0208', value: '0123456749' })).toBe('0208:0123456749');
	});

	it('addresses other EU businesses by their VAT number under their country scheme', () => {
		const fr = peppolIdFromVat('FR40303265045');
		expect(fr.ok && fr.id).toEqual({ scheme: '9957', value: 'FR40303265045' });
		const nl = peppolIdFromVat('NL123456789B01');
		expect(nl.ok && nl.id).toEqual({ scheme: '9944', value: 'NL123456789B01' });
		const gr = peppolIdFromVat('EL123456789');
		expect(gr.ok && [gr.id.scheme, gr.country]).toEqual(['9933', 'GR']);
		const se = peppolIdFromVat('SE556677889901');
		expect(se.ok && se.id).toEqual({ scheme: '0007', value: '5566778899' });
	});

	it('says why there is no identifier', () => {
		expect(peppolIdFromVat('')).toEqual({ ok: false, reason: 'missing' });
		expect(peppolIdFromVat('BE0123456748')).toEqual({ ok: false, reason: 'invalid' });
		expect(peppolIdFromVat('XI123456789')).toEqual({ ok: false, reason: 'unsupported_country' });
		expect(enterpriseNumber('FR40303265045')).toBeNull();
		expect(belgianVatPeppolId('')).toBeNull();
	});
});
