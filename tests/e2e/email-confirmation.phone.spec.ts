import { expect, test } from '@playwright/test';
import { seriousViolations } from './axe';
import { deviceContext, signUp, uniqueEmail } from './helpers';
import { linkIn, mailTo, waitForMail } from './mail';

test.use({ locale: 'en-US' });

const CONFIRM_SUBJECT = 'Confirm your email address for Acquit';

/**
 * Issue 12: a new account is usable at once but sends no invoice until its address is
 * confirmed through the mailed link; signing up again with a taken address answers the same
 * and only tells its owner.
 */
test('an unconfirmed account cannot send until the mailed link confirms it; resend works; a taken address answers the same', async ({
	page,
	browser
}) => {
	test.slow();
	const { email } = await signUp(page, { company: 'Atelier Confirm SRL' });

	// Usable at once: a customer and a finalized invoice.
	const customer = uniqueEmail('confirm-customer');
	await page.goto('/customers/new');
	await page.getByLabel('Name (company or person)').fill('Client Confirm');
	await page.getByLabel('Email addresses').fill(customer);
	await page.getByRole('button', { name: 'Create customer' }).click();
	await expect(page.getByText('Customer saved.')).toBeVisible();
	await page.goto('/invoices/new');
	await page.getByLabel('Customer').selectOption({ label: 'Client Confirm' });
	await page.getByLabel('Description line 1').fill('Conseil');
	await page.getByLabel('Unit price excl. VAT line 1').fill('100');
	await page.getByRole('button', { name: 'Save draft' }).click();
	await page.getByRole('button', { name: 'Finalize and number' }).click();
	const invoiceUrl = page.url();

	// Sending is refused with a clear message, and the page offers a new link.
	const needed = `Confirm your email address (${email}) to send invoices: open the link we mailed you.`;
	await expect(page.getByText(needed)).toBeVisible();
	await page.getByRole('button', { name: 'Send by email' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		`Invoices can be sent once your email address is confirmed. Open the link we mailed to ${email}.`
	);
	await page.getByRole('button', { name: 'Mark as sent' }).click();
	await expect(page.getByRole('alert')).toContainText('once your email address is confirmed');
	expect(await seriousViolations(page)).toEqual([]);
	await page.getByRole('button', { name: 'Resend confirmation' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'A new confirmation link was sent' })
	).toHaveText(`A new confirmation link was sent to ${email}.`);
	expect(await mailTo(customer)).toHaveLength(0);

	// Both links arrived at the SMTP server, from the platform, to the owner's own address.
	await waitForMail(email, 2);
	const [first, second] = await mailTo(email);
	for (const { mail } of [first, second]) expect(mail.subject).toBe(CONFIRM_SUBJECT);
	expect(first.mail.from?.value[0]).toEqual({ address: 'invoices@acquit.test', name: 'Acquit' });
	const link = linkIn(second.mail, 'Confirm my address')!;
	expect(link).toMatch(/\/confirm-email\/[a-z2-7]{32}$/);

	// On another device, without the session: the link opens a page whose button confirms.
	const phone = await deviceContext(browser, { locale: 'en-US' });
	const other = await phone.newPage();
	await other.goto(link);
	await other.getByRole('button', { name: 'Confirm my address' }).click();
	const done = 'Your email address is confirmed. You can send invoices.';
	await expect(other.getByRole('status').filter({ hasText: done })).toBeVisible();
	// Opening it, or the older link, again is harmless.
	await other.goto(link);
	await expect(other.getByRole('status').filter({ hasText: done })).toBeVisible();
	await other.goto(linkIn(first.mail, 'Confirm my address')!);
	await expect(other.getByRole('status').filter({ hasText: done })).toBeVisible();

	// Now the invoice goes out.
	await page.goto(invoiceUrl);
	await expect(page.getByText(needed)).toHaveCount(0);
	await page.getByRole('button', { name: 'Send by email' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Invoice sent to' })).toBeVisible();
	await waitForMail(customer);

	// Someone signs up with the same address: the same page, nothing created, no session; the
	// owner is told by mail how to log in.
	await other.goto('/signup');
	await other.getByLabel('Your name').fill('Someone Else');
	await other.getByLabel('Company name').fill('Intrus BV');
	await other.getByLabel('Email').fill(email);
	await other.getByLabel('Password').fill('another passphrase');
	await other.getByRole('button', { name: 'Create account' }).click();
	await expect(other).toHaveURL(/\/signup\/check-inbox$/);
	await expect(other.getByRole('heading', { level: 1 })).toHaveText('Check your inbox');
	await other.getByRole('link', { name: 'Continue to Acquit' }).click();
	await expect(other).toHaveURL(/\/login\?next=%2Fdashboard$/);
	const { mail: notice } = await waitForMail(email, 3);
	expect(notice.subject).toBe('Someone tried to sign up to Acquit with your address');
	expect(linkIn(notice, 'Log in')).toMatch(/\/login$/);
	await phone.close();
});
