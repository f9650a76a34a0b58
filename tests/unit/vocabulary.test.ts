import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// One word per concept (issue 14): messages whose English text is the same name the same thing,
// so French and Dutch must say it the same way too. Seen before this test: the Dutch settings
// menu said "Outbox" and the page it opened "Postvak uit"; the share button "Per e-mail
// versturen" opened "Verzenden per e-mail"; the theme preview of the pay page said "Montant dû"
// where the pay page says "Montant à payer".
//
// Keys that may differ from their English twins, and why. A new entry needs a reason a
// bookkeeper would accept; an entry for a key that no longer exists fails.
const DIFFERENT: Record<string, string> = {
	doc_phone: 'abbreviated on the printed document (Tél. / Tel.)',
	doc_vat_number: 'abbreviated on the printed document (N° TVA)',
	ledger_col_method: 'a narrow table column: "Moyen" for "Moyen de paiement"',
	cust_notes: "private notes on a customer, not the invoice's printed remarks",
	inv_status_credited: 'an invoice (la facture) is créditée; an amount is crédité',
	inv_status_paid: 'an invoice (la facture) is payée; an amount or a payment is payé',
	pay_status_paid: 'the invoice on the pay page: payée',
	pay_status_overpaid: 'the invoice on the pay page: payée',
	pn_paid: 'a received invoice: payée',
	scale_newer: 'invoices (factures, feminine) in French',
	scale_older: 'invoices (factures, feminine) in French',
	outbox_to: "a mail's recipient (À / Aan), not the end of a period",
	inv_open_total: 'the amount still open on invoices (Openstaand), not Mollie’s status "open"',
	cust_import_title: 'the page title; its button imports these customers (les clients)',
	pn_payment_ref:
		"the supplier's structured communication (Communication de paiement), not a Mollie payment's reference",
	m11_transfer_reference: 'the bank-transfer communication (Communication / Mededeling)',
	share_mail_greeting:
		"the customer's invoice mail is formal in Dutch (Beste); account mails say Hallo",
	sec_change_password_submit:
		'the button: Changer le mot de passe (the heading: Changer de mot de passe)',
	mail_reset_action: 'a button in the mail (Choisir / kiezen); the page title addresses the reader',
	mailx_language_en:
		'English named in a French or Dutch sentence (anglais, Engels); the language picker names each language in itself'
};

type Catalog = Record<string, string>;

function catalog(locale: string): Catalog {
	const dir = join('messages', locale);
	const out: Catalog = {};
	for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
		const messages = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
		for (const [key, value] of Object.entries(messages)) {
			if (!key.startsWith('$') && typeof value === 'string') out[key] = value;
		}
	}
	return out;
}

const en = catalog('en');

/** Every text of a locale, plural variants included, as [key, text]. */
function allTexts(locale: string): [string, string][] {
	const dir = join('messages', locale);
	const out: [string, string][] = [];
	const walk = (key: string, value: unknown) => {
		if (typeof value === 'string') out.push([key, value]);
		else if (value && typeof value === 'object') {
			for (const inner of Object.values(value)) walk(key, inner);
		}
	};
	for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
		const messages = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
		for (const [key, value] of Object.entries(messages)) if (!key.startsWith('$')) walk(key, value);
	}
	return out;
}

describe('one word per concept', () => {
	for (const locale of ['fr', 'nl']) {
		it(`${locale}: messages with the same English text say the same thing`, () => {
			const translated = catalog(locale);
			const byEnglish = new Map<string, string[]>();
			for (const [key, text] of Object.entries(en)) {
				if (key in DIFFERENT) continue;
				byEnglish.set(text, [...(byEnglish.get(text) ?? []), key]);
			}
			const differing: string[] = [];
			for (const [text, keys] of byEnglish) {
				if (keys.length < 2) continue;
				const words = new Set(keys.map((k) => translated[k]));
				if (words.size > 1) {
					differing.push(`"${text}": ${keys.map((k) => `${k}=${translated[k]}`).join(', ')}`);
				}
			}
			expect(differing).toEqual([]);
		});
	}

	it("French uses one apostrophe, the typographic one (l’entreprise, not l'entreprise)", () => {
		const straight = Object.entries(catalog('fr'))
			.filter(([, text]) => /\p{L}'[\p{L}{]/u.test(text))
			.map(([key, text]) => `${key}: ${text}`);
		expect(straight).toEqual([]);
	});

	// The owner and the customer are addressed one way: "vous" in French, "u" in Dutch (as a
	// Belgian bank or accountant writes). Seen before this test: the Dutch invoice page said
	// "Bevestig je e-mailadres" above "Het btw-nummer van uw onderneming", and the share card
	// "Link voor je klant" beside "Scan met de camera van uw telefoon".
	it('Dutch says u and uw, never je or jouw; French says vous, never tu', () => {
		// Whole words only: "êtes" is not "tes" (\b knows no accented letters).
		const informal = (locale: string, words: string[]) => {
			const pattern = new RegExp(`(?<!\\p{L})(${words.join('|')})(?!\\p{L})`, 'iu');
			return allTexts(locale)
				.filter(([, text]) => pattern.test(text))
				.map(([key, text]) => `${key}: ${text}`);
		};
		expect(informal('nl', ['je', 'jij', 'jou', 'jouw', 'jezelf', 'jullie'])).toEqual([]);
		expect(informal('fr', ['tu', 'toi', 'ton', 'ta', 'tes', 'te'])).toEqual([]);
	});

	it('every allowed difference names a message that exists', () => {
		expect(Object.keys(DIFFERENT).filter((key) => !(key in en))).toEqual([]);
	});
});
