import { describe, expect, it } from 'vitest';
import {
	invoiceStatusLabel,
	languageName,
	mollieMethodLabel,
	paymentReferenceLabel
} from './labels';
import { m } from '$lib/paraglide/messages';

describe('labels', () => {
	it('has one word per invoice status in each language, wherever it is shown', () => {
		// What a Belgian bookkeeper reads: "Definitief" and "Vervallen" (vervaldag) in Dutch.
		expect(invoiceStatusLabel('finalized', 'nl')).toBe('Definitief');
		expect(invoiceStatusLabel('overdue', 'nl')).toBe('Vervallen');
		expect(invoiceStatusLabel('overdue', 'fr')).toBe('En retard');
		expect(invoiceStatusLabel('overpaid', 'fr')).toBe('Payée en trop');
		for (const locale of ['en', 'fr', 'nl'] as const) {
			const o = { locale };
			// The payments pages' and the customer's pay page's words are the same words.
			expect(m.ledger_overdue({}, o)).toBe(invoiceStatusLabel('overdue', locale));
			expect(m.pay_status_overdue({}, o)).toBe(invoiceStatusLabel('overdue', locale));
			expect(m.inv_overdue_total({}, o)).toBe(invoiceStatusLabel('overdue', locale));
		}
	});

	it('names a language as a sentence in the reader’s language does', () => {
		expect(languageName('fr', 'nl')).toBe('Frans');
		expect(languageName('nl', 'fr')).toBe('néerlandais');
		expect(languageName('en', 'fr')).toBe('anglais');
		expect(languageName('nl', 'en')).toBe('Dutch');
		expect(m.mailx_written_in({ language: languageName('fr', 'nl') }, { locale: 'nl' })).toBe(
			'Geschreven in het Frans, de taal van uw klant. De pdf zit in bijlage.'
		);
	});

	it('names every Mollie method for people, never by its id', () => {
		expect(mollieMethodLabel('bancontact', 'nl')).toBe('Bancontact');
		expect(mollieMethodLabel('creditcard', 'fr')).toBe('Carte');
		expect(mollieMethodLabel('banktransfer', 'nl')).toBe('Overschrijving');
		expect(mollieMethodLabel('directdebit', 'fr')).toBe('Domiciliation SEPA');
		expect(mollieMethodLabel('voucher', 'nl')).toBe('Maaltijd- of ecocheques');
		// A method Mollie adds later: a neutral name.
		expect(mollieMethodLabel('somethingnew', 'en')).toBe('Online payment');
		expect(mollieMethodLabel(null, 'en')).toBe('No method chosen yet');
	});

	it("shows a Mollie booking's reference with the method's name", () => {
		expect(paymentReferenceLabel('bancontact tr_WDqYK6vllg', 'fr')).toBe(
			'Bancontact · tr_WDqYK6vllg'
		);
		expect(paymentReferenceLabel('creditcard re_4qqhO89gsT', 'nl')).toBe('Kaart · re_4qqhO89gsT');
		expect(paymentReferenceLabel('Virement 12/03', 'fr')).toBe('Virement 12/03');
	});
});
