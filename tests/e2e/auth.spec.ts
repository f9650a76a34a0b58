import { expect, test } from '@playwright/test';
import { logOut, signUp, uniqueEmail } from './helpers';

test.use({ locale: 'en-US' });

test('sign up, log out and log back in', async ({ page }) => {
	const { email, password } = await signUp(page, { name: 'Marie Dupont' });
	await expect(page.getByRole('heading', { name: 'Welcome, Marie Dupont' })).toBeVisible();

	await logOut(page);

	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page).toHaveURL(/\/dashboard$/);
});

test('sign-up errors keep what was typed', async ({ page }) => {
	await page.goto('/signup');
	await page.getByLabel('Your name').fill('Élodie Van den Broeck');
	await page.getByLabel('Company name').fill("'; DROP TABLE users; --");
	await page.getByLabel('Email').fill('not-an-email');
	await page.getByLabel('Password').fill('short');
	await page.getByRole('button', { name: 'Create account' }).click();

	await expect(page.getByText('Enter a valid email address.')).toBeVisible();
	await expect(page.getByText('Use at least 10 characters.')).toBeVisible();
	await expect(page.getByLabel('Your name')).toHaveValue('Élodie Van den Broeck');
	await expect(page.getByLabel('Company name')).toHaveValue("'; DROP TABLE users; --");
	await expect(page.getByLabel('Email')).toHaveValue('not-an-email');
});

test('wrong password gets one generic message', async ({ page }) => {
	const email = uniqueEmail();
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill('whatever-it-is');
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.');
});

test('the app is closed to anonymous visitors', async ({ page }) => {
	await page.goto('/dashboard');
	await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
});
