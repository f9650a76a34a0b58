import { expect, test } from '@playwright/test';
import { seriousViolations } from './axe';
import { deviceContext, signUp, uniqueEmail } from './helpers';
import { confirmAddress, linkIn, smtpPort, waitForMail } from './mail';
import { connectMollie, finalizedInvoice, setIban } from './payFlow';

test.use({ locale: 'en-US' });
test.describe.configure({ timeout: 240_000 });

// Issue 10, the owner's flow: Settings → Email (own SMTP server, test message, a bad address
// kept as typed), then an invoice whose subject the owner edits before sending; the message
// arrives from the company's own address and its Pay button opens the Dutch pay page.
test('own mail server with a test message; edit the subject, send, the Pay button opens the Dutch pay page', async ({
	page,
	browser
}) => {
	const owner = await signUp(page);
	await confirmAddress(page, owner.email);
	await setIban(page);
	await connectMollie(page);

	await page.goto('/settings');
	await page.getByRole('link', { name: /^Email/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Email');
	await expect(page.getByText("Your emails are sent by Acquit's mail service.")).toBeVisible();
	const server = page.getByRole('region', { name: 'Your own mail server (SMTP)' });
	await server.getByLabel('Server', { exact: true }).fill('127.0.0.1');
	await server.getByLabel('Port', { exact: true }).fill(smtpPort());
	await server.getByLabel('Security').selectOption('none');
	await server.getByLabel('From address').fill('factures@dupont');
	await server.getByRole('button', { name: 'Send test email' }).click();
	await expect(
		server.getByText('Enter a valid email address, for example invoices@example.com.')
	).toBeVisible();
	await expect(server.getByLabel('From address')).toHaveValue('factures@dupont');
	await expect(server.getByLabel('Port', { exact: true })).toHaveValue(smtpPort());
	await server.getByLabel('From address').fill('factures@dupont.test');
	await server.getByRole('button', { name: 'Send test email' }).click();
	await expect(server.getByRole('status')).toHaveText(
		new RegExp(
			`^Test email sent to ${owner.email.replace(/[.+]/g, '\\$&')}\\. The mail server answered: 250 `
		)
	);
	// The owner's second message: the first was the address confirmation.
	const test = await waitForMail(owner.email, 2);
	expect(test.mail.subject).toBe('Test email from Acquit');
	expect(test.envelope.from).toBe('factures@dupont.test');
	await server.getByRole('button', { name: 'Save mail server' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Mail server saved.' })).toBeVisible();
	await expect(page.getByText('Your emails are sent through 127.0.0.1.')).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);

	// A Dutch customer's invoice: the subject is proposed in Dutch; the owner edits it.
	const jan = uniqueEmail('jan');
	await page.goto('/customers/new');
	await page.getByLabel('Name (company or person)').fill('Bakkerij Peeters BV');
	await page.getByLabel('Email addresses').fill(jan);
	await page.getByLabel('Language of documents').selectOption('nl');
	await page.getByRole('button', { name: 'Create customer' }).click();
	await expect(page.getByText('Customer saved.')).toBeVisible();
	const invoice = await finalizedInvoice(page, 'Bakkerij Peeters BV', '100');
	const number = (await page.getByRole('heading', { level: 1 }).textContent())!.slice(8);
	const send = page.getByRole('region', { name: 'Send by email' });
	await expect(send.getByLabel('Subject')).toHaveValue(
		`Factuur ${number} van Boulangerie Dupont SRL`
	);
	await expect(send.getByLabel('Message')).toHaveValue(/^Beste Bakkerij Peeters BV,/);
	await send.getByLabel('Subject').fill(`Uw factuur ${number} voor het brood`);
	await send.getByRole('button', { name: 'Send by email' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: `Invoice sent to ${jan}.` })
	).toBeVisible();
	await expect(send.getByRole('button', { name: 'Send again' })).toBeVisible();

	const { envelope, mail } = await waitForMail(jan);
	expect(mail.subject).toBe(`Uw factuur ${number} voor het brood`);
	expect(envelope.from).toBe('factures@dupont.test');
	expect(mail.from?.value[0]).toEqual({
		address: 'factures@dupont.test',
		name: 'Boulangerie Dupont SRL'
	});
	expect(mail.attachments.map((a) => a.filename)).toContain(`${number}.pdf`);
	const button = linkIn(mail, 'Veilig online betalen');
	expect(button).toBe(invoice.payLink);
	const customer = await deviceContext(browser, { locale: 'en-US' });
	const reader = await customer.newPage();
	await reader.goto(button!);
	await expect(reader.locator('html')).toHaveAttribute('lang', 'nl');
	// The sandbox connection is in test mode: the pay page says so beside the title.
	await expect(reader.getByRole('heading', { level: 1 })).toHaveText(`Factuur ${number} TEST`);
	await customer.close();
});
