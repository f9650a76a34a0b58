import { expect, test } from '@playwright/test';
import { seriousViolations } from './axe';
import { signUp } from './helpers';
import { createCustomer, finalizedInvoice, setIban } from './payFlow';

test.use({ locale: 'en-US' });

// Settings → Email texts on a phone, by a French-speaking owner: the text a paid invoice's email
// starts from, written for a Dutch customer, is the one the invoice's send form then offers.
test('the owner words the paid-invoice email; a paid invoice offers it', async ({
	page,
	baseURL
}) => {
	await signUp(page, { company: 'Boulangerie Dupont SRL' });
	await setIban(page);
	await createCustomer(page, 'Bakkerij Peeters', 'nl');
	const { invoiceUrl } = await finalizedInvoice(page, 'Bakkerij Peeters', '100');
	// Paid in full by bank transfer (€121.00 with VAT).
	await page.goto(`${new URL(invoiceUrl).pathname}/payments`);
	await expect(page.getByLabel('Amount (EUR)')).toHaveValue('121.00');
	await page.getByRole('button', { name: 'Register payment' }).click();
	await expect(page.getByTestId('status')).toHaveText('Paid');

	await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'fr', url: baseURL! }]);
	await page.goto('/settings/email');
	const texts = page.getByRole('form', { name: 'Textes des e-mails' });
	// Three kinds in three languages; the paid one for Dutch customers, built in until changed.
	await expect(texts.locator('summary')).toHaveCount(9);
	await texts.getByText('E-mail de facture payée · néerlandais').click();
	const paidNl = texts.locator('details[open]');
	await expect(paidNl.getByLabel('Objet', { exact: true })).toHaveValue(
		'Factuur {number} van {company}: betaald'
	);
	await paidNl.getByLabel('Objet', { exact: true }).fill('Betaald: factuur {number}');
	// A subject without a message is refused, on the message, keeping the subject as typed.
	await paidNl.getByLabel('Message').fill('');
	await texts.getByRole('button', { name: 'Enregistrer les textes' }).click();
	const paidAgain = texts.locator('details[open]');
	await expect(paidAgain.getByLabel('Message')).toHaveAccessibleDescription(
		'Remplissez l’objet et le message, ou aucun des deux.'
	);
	await expect(paidAgain.getByLabel('Objet', { exact: true })).toHaveValue(
		'Betaald: factuur {number}'
	);
	await paidAgain.getByLabel('Message').fill('Beste {customer},\n\nWe ontvingen {amount}. Dank u!');
	await texts.getByRole('button', { name: 'Enregistrer les textes' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Textes des e-mails enregistrés.' })
	).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);

	// The paid invoice's send form starts from it, filled in, in Dutch.
	await page.goto(new URL(invoiceUrl).pathname);
	await expect(page.getByLabel('Objet', { exact: true })).toHaveValue(
		/^Betaald: factuur \d{4}-\d{4}$/
	);
	await expect(page.getByLabel('Message', { exact: true })).toHaveValue(
		/^Beste Bakkerij Peeters,\n\nWe ontvingen €\s121,00\. Dank u!$/
	);
	// A paid invoice's email has no Pay button, and the form says what it carries instead.
	await expect(
		page.getByText(
			'À billing@customer.test, dans la langue du client, avec la facture payée en pièce jointe.'
		)
	).toBeVisible();
	// What is typed reads like every other field, not in the label's bold.
	for (const field of ['Objet', 'Message']) {
		expect(
			await page
				.getByLabel(field, { exact: true })
				.evaluate((el) => getComputedStyle(el).fontWeight),
			field
		).toBe('400');
	}
	// The customer's language named in the owner's sentence ("Rédigé en Nederlands" before).
	await expect(page.getByText('Rédigé en néerlandais, la langue de votre client.')).toBeVisible();
});
