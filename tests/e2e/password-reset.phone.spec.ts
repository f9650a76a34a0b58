import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { deviceContext, signUp, uniqueEmail } from './helpers';
import { confirmAddress, linkIn, mailTo, waitForMail } from './mail';

test.use({ locale: 'en-US' });

// The mail preview is a script-less sandboxed frame: axe cannot run inside it (it is the
// message's own HTML, not the app's), so it is left out.
const MAIL_PREVIEW = 'iframe';

async function expectNoHorizontalScroll(page: Page) {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
}

test('reset a forgotten password: the link arrives at the user’s own address', async ({
	page,
	browser
}) => {
	// Two browsers, four password hashes and four accessibility scans: longer than most.
	test.slow();
	const { email, password } = await signUp(page);

	// Someone who forgot the password asks for a link from another browser.
	const other = await deviceContext(browser, { locale: 'en-US' });
	const visitor = await other.newPage();
	await visitor.goto('/login');
	await visitor.getByRole('link', { name: 'Forgot your password?' }).click();
	await expect(visitor).toHaveURL(/\/forgot-password$/);
	expect(await seriousViolations(visitor, { exclude: MAIL_PREVIEW })).toEqual([]);
	await visitor.getByLabel('Email').fill(email);
	await visitor.getByRole('button', { name: 'Send reset link' }).click();
	const neutral = visitor.getByRole('status').filter({ hasText: 'If an account exists' });
	await expect(neutral).toHaveText(/^If an account exists for this address, .* one hour\.$/);

	// An unknown address gets exactly the same answer, and no mail.
	const nobody = uniqueEmail('nobody');
	await visitor.goto('/forgot-password');
	await visitor.getByLabel('Email').fill(nobody);
	await visitor.getByRole('button', { name: 'Send reset link' }).click();
	await expect(visitor.getByRole('status').filter({ hasText: 'If an account exists' })).toHaveText(
		await neutral.innerText()
	);

	// The mail reaches the user's address through the SMTP server, from the platform.
	// (The first mail to the address confirms it, sent at sign-up; the reset link is the second.)
	const { mail } = await waitForMail(email, 2);
	expect(mail.subject).toBe('Reset your Acquit password');
	expect(mail.from?.value[0]).toEqual({ address: 'invoices@acquit.test', name: 'Acquit' });
	const link = /https?:\/\/\S+\/reset-password\/[a-z2-7]+/.exec(mail.text ?? '')?.[0];
	expect(link).toBeTruthy();
	expect(linkIn(mail, 'Choose a new password')).toBe(link);
	expect(await mailTo(nobody)).toHaveLength(0);

	// It is in no company's outbox: not even the account's own.
	await page.goto('/settings/outbox');
	await expect(page.getByRole('heading', { name: 'Outbox' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Reset your Acquit password' })).toHaveCount(0);
	expect(await seriousViolations(page, { exclude: MAIL_PREVIEW })).toEqual([]);
	await expectNoHorizontalScroll(page);

	// The visitor opens the link and chooses a new password (mismatch first).
	const opened = await visitor.goto(link!);
	// The token must not leak to other sites through the Referer header.
	expect(opened?.headers()['referrer-policy']).toBe('same-origin');
	await expect(visitor.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
	expect(await seriousViolations(visitor, { exclude: MAIL_PREVIEW })).toEqual([]);
	await visitor.getByLabel('New password', { exact: true }).fill('a brand new password');
	await visitor.getByLabel('Repeat new password').fill('a brand new passw0rd');
	await visitor.getByRole('button', { name: 'Save new password' }).click();
	await expect(visitor.getByText('The two passwords are not the same.')).toBeVisible();
	await visitor.getByLabel('New password', { exact: true }).fill('a brand new password');
	await visitor.getByLabel('Repeat new password').fill('a brand new password');
	await visitor.getByRole('button', { name: 'Save new password' }).click();
	await expect(visitor).toHaveURL(/\/dashboard$/);

	// The link works once.
	await visitor.goto(link!);
	await expect(visitor.getByRole('alert')).toHaveText(
		'This reset link is invalid, has already been used or has expired.'
	);
	await other.close();

	// Every earlier session ended: the owner's browser is sent to the login page.
	await page.reload();
	await expect(page).toHaveURL(/\/login\?next=/);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.');
	await page.getByLabel('Password').fill('a brand new password');
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page).toHaveURL(/\/settings\/outbox$/);
});

test("another company cannot open a company's outbox message", async ({ page, browser }) => {
	await confirmAddress(page, (await signUp(page, { company: 'Alpha SRL' })).email);
	await page.goto('/customers/new');
	await page.getByLabel('Name (company or person)').fill('Client Alpha');
	await page.getByLabel('Email addresses').fill(uniqueEmail('client'));
	await page.getByRole('button', { name: 'Create customer' }).click();
	await expect(page.getByText('Customer saved.')).toBeVisible();
	await page.goto('/invoices/new');
	await page.getByLabel('Customer').selectOption({ label: 'Client Alpha' });
	await page.getByLabel('Description line 1').fill('Conseil');
	await page.getByLabel('Quantity line 1').fill('1');
	await page.getByLabel('Unit price excl. VAT line 1').fill('100');
	await page.getByRole('button', { name: 'Save draft' }).click();
	await page.getByRole('button', { name: 'Finalize and number' }).click();
	await page.getByRole('button', { name: 'Send by email' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Invoice sent to' })).toBeVisible();

	await page.goto('/settings/outbox');
	const href = await page
		.getByRole('link', { name: /from Alpha SRL$|de Alpha SRL$|van Alpha SRL$/ })
		.getAttribute('href');
	expect(href).toMatch(/^\/settings\/outbox\/[a-z2-7]+$/);

	// Signed in as another company, the same address is simply not found.
	const other = await deviceContext(browser, { locale: 'en-US' });
	const intruder = await other.newPage();
	await signUp(intruder, { company: 'Bravo BV' });
	const response = await intruder.goto(href!);
	expect(response?.status()).toBe(404);
	await intruder.goto('/settings/outbox');
	await expect(intruder.getByText('No messages yet.')).toBeVisible();
	await other.close();
});

test('log out of all devices', async ({ page, browser }) => {
	const { email, password } = await signUp(page);
	const other = await deviceContext(browser, { locale: 'en-US' });
	const second = await other.newPage();
	await second.goto('/login');
	await second.getByLabel('Email').fill(email);
	await second.getByLabel('Password').fill(password);
	await second.getByRole('button', { name: 'Log in' }).click();
	await expect(second).toHaveURL(/\/dashboard$/);

	await page.goto('/settings/security');
	await expect(page.getByText('You are signed in on 2 devices or browsers.')).toBeVisible();
	expect(await seriousViolations(page, { exclude: MAIL_PREVIEW })).toEqual([]);
	await expectNoHorizontalScroll(page);
	await page.getByRole('button', { name: 'Log out of all devices' }).click();
	await expect(page).toHaveURL(/\/login$/);
	await second.reload();
	await expect(second).toHaveURL(/\/login\?next=%2Fdashboard$/);
	await other.close();
});

test('six wrong passwords in a row make this client wait', async ({ page }) => {
	const email = uniqueEmail('throttled');
	await page.goto('/login');
	for (let i = 1; i <= 5; i++) {
		await page.getByLabel('Email').fill(email);
		await page.getByLabel('Password').fill(`wrong password ${i}`);
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.');
	}
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill('wrong password 6');
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/login')),
		page.getByRole('button', { name: 'Log in' }).click()
	]);
	await expect(page.getByRole('alert')).toHaveText(
		/^Too many attempts\. Try again in (2\d|30) seconds\.$/
	);
	expect(response.status()).toBe(429);
});
