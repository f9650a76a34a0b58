import { expect, test, type Browser, type Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { deviceContext, signUp, uniqueEmail } from './helpers';
import { confirmAddress, linkIn, mailTo, refuse, waitForMail } from './mail';

test.use({ locale: 'en-US' });
// One long journey per test (sign-up, customer, invoice, then every way to share, the email
// read at the SMTP server and its button opened).
test.describe.configure({ timeout: 240_000 });

type Recorded = { shared: ShareData[]; shareAbort?: boolean };

/** A Dutch-speaking customer with an address (or none), and a finalized €242.00 invoice. */
async function finalizedInvoice(page: Page, customer: { name: string; emails: string }) {
	await page.goto('/customers/new');
	await page.getByLabel('Name (company or person)').fill(customer.name);
	await page.getByLabel('Email addresses').fill(customer.emails);
	await page.getByLabel('Language of documents').selectOption('nl');
	await page.getByRole('button', { name: 'Create customer' }).click();
	await expect(page.getByText('Customer saved.')).toBeVisible();

	await page.goto('/invoices/new');
	await page.getByLabel('Customer').selectOption({ label: customer.name });
	await page.getByLabel('Description line 1').fill('Brood');
	await page.getByLabel('Quantity line 1').fill('2');
	await page.getByLabel('Unit price excl. VAT line 1').fill('100');
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page.getByText('Draft', { exact: true })).toBeVisible();
	await page.getByRole('button', { name: 'Finalize and number' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Invoice \d{4}-0001$/);
	const number = (await page.getByRole('heading', { level: 1 }).textContent())!.slice(8);
	return { url: page.url(), number };
}

/** A browser without the owner's session: what the customer sees. */
async function customerPage(browser: Browser) {
	const context = await deviceContext(browser, { locale: 'en-US' });
	return { page: await context.newPage(), close: () => context.close() };
}

const payLink = (page: Page) => page.getByLabel('Link for your customer');

test('share the pay link, regenerate it, email it, print it', async ({
	page,
	context,
	browser,
	baseURL
}) => {
	// The share sheet, recorded: what the phone would hand to WhatsApp, Mail, …
	await page.addInitScript(() => {
		const w = window as unknown as Recorded;
		w.shared = [];
		Object.defineProperty(Navigator.prototype, 'share', {
			configurable: true,
			value: async (data: ShareData) => {
				w.shared.push(data);
				if (w.shareAbort) throw new DOMException('Share canceled', 'AbortError');
			}
		});
	});
	const owner = await signUp(page);
	// Sending invoices needs a confirmed address.
	await confirmAddress(page, owner.email);
	// The bank QR on paper needs the company's IBAN; a replaced link shows its contact details.
	await page.goto('/settings');
	await page.getByLabel('IBAN').fill('BE68 5390 0754 7034');
	await page.getByLabel('Company email').fill('hallo@dupont.test');
	await page.getByLabel('Phone', { exact: true }).fill('+32 2 123 45 67');
	await page.getByRole('button', { name: 'Save company details' }).click();
	await expect(page.getByLabel('IBAN')).toHaveValue('BE68 5390 0754 7034');

	// Unique per run: the e2e SMTP server is shared by every test.
	const jan = uniqueEmail('jan');
	const invoice = await finalizedInvoice(page, {
		name: 'Bakkerij Peeters BV',
		emails: `${jan}, boekhouding@peeters.test`
	});
	const link = await payLink(page).inputValue();
	expect(link).toMatch(new RegExp(`^${baseURL}/pay/[a-z2-7]{32}$`));
	expect(await seriousViolations(page, { schemes: ['light', 'dark'] })).toEqual([]);

	// Share: the customer's language (Dutch), whatever the owner reads.
	await expect(page.getByRole('button', { name: 'Copy link' })).toHaveCount(0);
	await page.getByRole('button', { name: 'Share', exact: true }).click();
	await expect
		.poll(() => page.evaluate(() => (window as unknown as Recorded).shared.length))
		.toBe(1);
	const shared = await page.evaluate(() => (window as unknown as Recorded).shared[0]!);
	expect(shared.title).toBe(`Factuur ${invoice.number} van Boulangerie Dupont SRL`);
	expect(shared.text).toMatch(
		new RegExp(
			`^Factuur ${invoice.number} van Boulangerie Dupont SRL: €\\s242,00 te betalen uiterlijk op \\d{1,2} [a-z]+ \\d{4}\\.$`
		)
	);
	expect(shared.url).toBe(link);
	// Closing the sheet without sharing offers the other ways.
	await page.evaluate(() => ((window as unknown as Recorded).shareAbort = true));
	await page.getByRole('button', { name: 'Share', exact: true }).click();
	await expect(page.getByRole('button', { name: 'Copy link' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'WhatsApp' })).toBeVisible();

	// The link opens the pay page for someone without an account.
	const customer = await customerPage(browser);
	expect((await customer.page.goto(link))!.status()).toBe(200);
	await expect(customer.page.getByRole('heading', { level: 1 })).toHaveText(
		`Factuur ${invoice.number}`
	);

	// A phone without a share sheet: copy, mail app, WhatsApp, QR.
	await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
	const plain = await context.newPage();
	await plain.addInitScript(() => {
		delete (Navigator.prototype as { share?: unknown }).share;
	});
	await plain.goto(invoice.url);
	await expect(plain.getByRole('button', { name: 'Copy link' })).toBeVisible();
	await expect(plain.getByRole('button', { name: 'Share', exact: true })).toHaveCount(0);
	await plain.getByRole('button', { name: 'Copy link' }).click();
	await expect(plain.getByRole('status').filter({ hasText: 'Link copied.' })).toBeVisible();
	expect(await plain.evaluate(() => navigator.clipboard.readText())).toBe(link);
	const mailto = (await plain
		.getByRole('link', { name: 'Email', exact: true })
		.getAttribute('href'))!;
	expect(mailto.startsWith(`mailto:${jan}?subject=`)).toBe(true);
	expect(mailto).toContain(encodeURIComponent(link));
	expect(decodeURIComponent(new URL(mailto).searchParams.get('subject')!)).toBe(shared.title);
	const whatsapp = (await plain.getByRole('link', { name: 'WhatsApp' }).getAttribute('href'))!;
	expect(whatsapp).toMatch(/^https:\/\/wa\.me\/\?text=/);
	expect(whatsapp).toContain(encodeURIComponent(link));

	const qrDialog = plain.getByRole('dialog', { name: /^Scan met de camera van uw telefoon/ });
	await expect(qrDialog).toHaveCount(0);
	await plain.getByRole('button', { name: 'Show QR code' }).click();
	await expect(qrDialog).toBeVisible();
	await expect(qrDialog.getByRole('img', { name: 'QR code of the payment link' })).toBeVisible();
	await expect(qrDialog.locator('svg path').first()).toBeAttached();
	await plain.keyboard.press('Escape');
	await expect(qrDialog).toBeHidden();
	await plain.getByRole('button', { name: 'Show QR code' }).click();
	await qrDialog.getByRole('button', { name: 'Close' }).click();
	await expect(qrDialog).toBeHidden();
	await plain.close();

	// A new link: the old one stops working at once, the new one works.
	await page.getByText('New link', { exact: true }).click();
	await page.getByRole('button', { name: 'Replace the link' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'New link created.' })).toBeVisible();
	const fresh = await payLink(page).inputValue();
	expect(fresh).not.toBe(link);
	expect(fresh).toMatch(new RegExp(`^${baseURL}/pay/[a-z2-7]{32}$`));
	expect((await customer.page.goto(link))!.status()).toBe(404);
	// The old link answers in the pay page's own words, says whose it was and whom to ask; it
	// does not lead to the owner's login (issue 14).
	expect((await customer.page.goto(`${link}?lang=nl`))!.status()).toBe(404);
	await expect(customer.page.getByRole('heading', { level: 1 })).toHaveText(
		'Deze betaallink werkt niet'
	);
	await expect(
		customer.page.getByText('Boulangerie Dupont SRL heeft deze link vervangen door een nieuwe.', {
			exact: false
		})
	).toBeVisible();
	const contact = customer.page.getByTestId('pay-contact');
	await expect(contact.getByRole('link', { name: 'hallo@dupont.test' })).toHaveAttribute(
		'href',
		'mailto:hallo@dupont.test'
	);
	await expect(contact.getByRole('link', { name: '+32 2 123 45 67' })).toHaveAttribute(
		'href',
		'tel:+3221234567'
	);
	await expect(customer.page.locator('a[href="/"], a[href^="/login"]')).toHaveCount(0);
	// A link that never existed: the same page, asking the sender (no company to name).
	expect((await customer.page.goto(`/pay/${'a'.repeat(32)}?lang=nl`))!.status()).toBe(404);
	await expect(customer.page.getByRole('heading', { level: 1 })).toHaveText(
		'Deze betaallink werkt niet'
	);
	await expect(customer.page.getByText('Vraag de afzender om de huidige link.')).toBeVisible();
	await expect(customer.page.getByTestId('pay-contact')).toHaveCount(0);
	await expect(customer.page.locator('a[href="/"], a[href^="/login"]')).toHaveCount(0);
	expect((await customer.page.goto(fresh))!.status()).toBe(200);

	// The customer's document: no session, no owner links, their language unless they pick one.
	await customer.page.getByRole('link', { name: 'Factuur bekijken en afdrukken' }).click();
	await expect(customer.page).toHaveURL(`${fresh}/document?lang=nl`);
	await expect(customer.page.getByRole('heading', { level: 1 })).toHaveText('Factuur');
	await expect(customer.page.getByText(invoice.number).first()).toBeVisible();
	await expect(customer.page.getByRole('link', { name: 'Betalingen' })).toHaveCount(0);
	await expect(customer.page.getByRole('link', { name: /Terug naar de factuur/ })).toHaveCount(0);
	await expect(
		customer.page.getByRole('img', { name: /^QR-code van de online betaalpagina/ })
	).toBeVisible();
	await expect(
		customer.page.getByRole('img', { name: /^QR-code om €\s242,00 te betalen via overschrijving/ })
	).toBeVisible();
	await customer.page.goto(`${fresh}/document?lang=fr`);
	await expect(customer.page.getByRole('heading', { level: 1 })).toHaveText('Facture');
	await expect(customer.page.locator('html')).toHaveAttribute('lang', 'fr');
	expect(await seriousViolations(customer.page, { schemes: ['light', 'dark'] })).toEqual([]);
	await customer.page.getByRole('link', { name: /Retour au paiement|Back to payment/ }).click();
	await expect(customer.page).toHaveURL(`${fresh}?lang=fr`);
	expect((await customer.page.goto(`${link}/document`))!.status()).toBe(404);
	await customer.close();

	// Send by email: it leaves through the SMTP server, in Dutch, with the pay button on the
	// current link; a Cc typed wrong is refused with the field's error and kept as typed.
	await page.getByRole('textbox', { name: /^Cc \(optional\)/ }).fill('boekhouding@peeters, x');
	await page.getByRole('button', { name: 'Send by email' }).click();
	await expect(page.getByText('“boekhouding@peeters” is not a valid email address.')).toBeVisible();
	await expect(page.getByRole('textbox', { name: /^Cc \(optional\)/ })).toHaveValue(
		'boekhouding@peeters, x'
	);
	expect(await mailTo(jan)).toHaveLength(0);
	await page.getByRole('textbox', { name: /^Cc \(optional\)/ }).fill('boekhouding@peeters.test');
	await page.getByRole('button', { name: 'Send by email' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: `Invoice sent to ${jan}.` })
	).toBeVisible();
	await expect(page.getByText('Sent', { exact: true })).toBeVisible();
	const mails = page.getByRole('region', { name: 'Emails' });
	await expect(mails.getByText('Email sent')).toBeVisible();
	await expect(
		mails.getByText(/^Mail server's answer: 250 Ok: queued as acquit-\d+$/)
	).toBeVisible();
	const { envelope, mail } = await waitForMail(jan);
	expect(envelope.to).toEqual([jan, 'boekhouding@peeters.test']);
	expect(mail.subject).toBe(`Factuur ${invoice.number} van Boulangerie Dupont SRL`);
	expect(mail.from?.value[0]).toEqual({
		address: 'invoices@acquit.test',
		name: 'Boulangerie Dupont SRL'
	});
	expect(mail.headers.get('content-language')).toBe('nl');
	// No online payment here (Mollie is not connected): no Pay button, as on the pay page
	// (mail.phone.spec.ts has the button); the document link opens the Dutch document.
	expect(mail.text).not.toContain('Veilig online betalen');
	expect(mail.text).toContain(`Factuur bekijken: ${fresh}/document`);
	const view = linkIn(mail, 'Factuur bekijken');
	expect(view).toBe(`${fresh}/document`);
	const reader = await customerPage(browser);
	await reader.page.goto(view!);
	await expect(reader.page.locator('html')).toHaveAttribute('lang', 'nl');
	await expect(reader.page.getByRole('heading', { level: 1 })).toHaveText('Factuur');
	await reader.close();
	// The outbox keeps the record, without the pay link's token.
	await page.goto('/settings/outbox');
	await page
		.getByRole('link', { name: `Factuur ${invoice.number} van Boulangerie Dupont SRL` })
		.click();
	await expect(page.getByText(jan, { exact: true })).toBeVisible();
	const text = await page.getByRole('region', { name: 'Text version' }).innerText();
	expect(text).not.toContain(fresh.split('/').pop()!);
	expect(text).toContain('/pay/{{secret:0}}/document');
	// The HTML preview is as tall as the message: nothing scrolls inside a small box (seen by
	// the owner in French).
	const locale = (value: string) =>
		context.addCookies([{ name: 'PARAGLIDE_LOCALE', value, url: baseURL! }]);
	await locale('fr');
	await page.reload();
	await expect(page.getByRole('region', { name: 'Version texte' })).toBeVisible();
	const preview = page.getByTestId('mail-preview');
	await expect
		.poll(() =>
			preview.evaluate((el: HTMLIFrameElement) => {
				const inner = el.contentDocument!.documentElement.scrollHeight;
				return inner > 100 && el.clientHeight >= inner;
			})
		)
		.toBe(true);
	await locale('en');

	// Paper: both QR codes, each saying what it is for, in the customer's language.
	await page.goto(`${invoice.url}/print`);
	const online = page.getByRole('img', {
		name: /^QR-code van de online betaalpagina \(€\s242,00\)$/
	});
	const bank = page.getByRole('img', {
		name: /^QR-code om €\s242,00 te betalen via overschrijving$/
	});
	await expect(online).toBeVisible();
	await expect(online.locator('svg path').first()).toBeAttached();
	await expect(bank).toBeVisible();
	await expect(page.getByText('Online betalen: scan met de camera van uw telefoon')).toBeVisible();
	await expect(page.getByText('Overschrijving: scan met uw bankapp')).toBeVisible();

	// Settings → Documents: bank transfer only; the paper then carries the EPC code alone.
	await page.goto('/settings/documents');
	await page.getByRole('radio', { name: /^Bank transfer only/ }).check();
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Document settings saved.')).toBeVisible();
	await page.goto(`${invoice.url}/print`);
	await expect(bank).toBeVisible();
	await expect(online).toHaveCount(0);
});

test('without JavaScript the link and its QR code are still there', async ({
	page,
	context,
	browser
}) => {
	await signUp(page);
	const invoice = await finalizedInvoice(page, { name: 'Café Zonder JS', emails: 'a@b.test' });
	const link = await payLink(page).inputValue();

	const noJs = await deviceContext(browser, { locale: 'en-US', javaScriptEnabled: false });
	await noJs.addCookies(await context.cookies());
	const bare = await noJs.newPage();
	await bare.goto(invoice.url);
	await expect(payLink(bare)).toHaveValue(link);
	await expect(bare.getByRole('link', { name: 'Open the payment page' })).toHaveAttribute(
		'href',
		link
	);
	await bare.getByRole('link', { name: 'Show QR code' }).click();
	const qrDialog = bare.getByRole('dialog', { name: /^Scan met de camera van uw telefoon/ });
	await expect(qrDialog).toBeVisible();
	await expect(qrDialog.locator('svg path').first()).toBeAttached();
	await noJs.close();
});

test('a paid invoice’s link is its receipt: nothing that travels with it asks to pay', async ({
	page
}) => {
	// A phone without a share sheet: the mail and chat links are on the card.
	await page.addInitScript(() => {
		delete (Navigator.prototype as { share?: unknown }).share;
	});
	await signUp(page);
	const invoice = await finalizedInvoice(page, { name: 'Café Betaald', emails: 'a@b.test' });
	const link = await payLink(page).inputValue();
	await expect(page.getByRole('heading', { name: 'Payment link' })).toBeVisible();

	// Paid in full in cash: the same link stays, and now shows the invoice and its receipt.
	await page.goto(`${invoice.url}/payments`);
	await page.getByLabel('Method').selectOption('cash');
	await page.getByRole('button', { name: 'Register payment' }).click();
	await expect(page.getByTestId('status').locator('.badge')).toHaveText('Paid');
	await page.goto(invoice.url);
	const card = page.getByRole('region', { name: 'Invoice link' });
	await expect(card).toContainText(
		'Your customer opens this link to see the invoice and its receipt.'
	);
	await expect(payLink(page)).toHaveValue(link);
	await expect(card.getByRole('link', { name: 'Open the invoice page' })).toHaveAttribute(
		'href',
		link
	);
	await expect(card).not.toContainText(/pay it online|Mollie/);
	// The customer's words (Dutch) in the mail and chat links and on the QR code.
	const whatsapp = decodeURIComponent(
		(await card.getByRole('link', { name: 'WhatsApp' }).getAttribute('href'))!
	);
	expect(whatsapp).toContain(`De factuur en het betaalbewijs: ${link}`);
	expect(whatsapp).not.toContain('Betaal');
	await card.getByRole('button', { name: 'Show QR code' }).click();
	await expect(
		page.getByRole('dialog', {
			name: `Scan met de camera van uw telefoon om factuur ${invoice.number} te bekijken`
		})
	).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
});

test('sending by email needs the customer’s address', async ({ page }) => {
	await confirmAddress(page, (await signUp(page)).email);
	await finalizedInvoice(page, { name: 'Zonder Adres BV', emails: '' });
	await page.getByRole('button', { name: 'Send by email' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		"This customer has no email address. Add one on the customer's page, then send again."
	);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Invoice \d{4}-0001$/);
	await page.goto('/settings/outbox');
	await expect(page.getByRole('link', { name: /^Factuur/ })).toHaveCount(0);
});

test('a refused address shows the email failed with the reason; Retry sends it once the server takes it', async ({
	page
}) => {
	await confirmAddress(page, (await signUp(page)).email);
	const address = uniqueEmail('refused');
	const invoice = await finalizedInvoice(page, { name: 'Weigeraar BV', emails: address });
	refuse(address, '550 5.1.1 Mailbox unavailable');
	await page.getByRole('button', { name: 'Send by email' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		`The email to ${address} could not be sent: the mail server refused the address.`
	);
	// Not sent: the invoice stays finalized, the message shows why and offers Retry.
	await expect(page.getByText('Sent', { exact: true })).toHaveCount(0);
	const mails = page.getByRole('region', { name: 'Emails' });
	await expect(mails.getByText('Not sent')).toBeVisible();
	await expect(mails.getByText('the mail server refused the address.')).toBeVisible();
	await expect(mails.getByText(/^Details: 550 .*Mailbox unavailable$/)).toBeVisible();
	await expect(
		mails.getByText('Acquit will not try again by itself: fix the cause, then retry.')
	).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);

	// The server takes it again: Retry sends it, and the invoice is sent.
	refuse(address, null);
	await mails.getByRole('button', { name: 'Retry' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'The email was sent.' })).toBeVisible();
	await expect(page.getByText('Sent', { exact: true })).toBeVisible();
	await expect(mails.getByText('Email sent')).toBeVisible();
	await expect(mails.getByRole('button', { name: 'Retry' })).toHaveCount(0);
	const { mail } = await waitForMail(address);
	expect(mail.subject).toBe(`Factuur ${invoice.number} van Boulangerie Dupont SRL`);
	expect(linkIn(mail, 'Factuur bekijken')).toMatch(/\/pay\/[a-z2-7]{32}\/document$/);
});
