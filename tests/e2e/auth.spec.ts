import { expect, test } from '@playwright/test';
import { logOut, signUp, signUpThroughForm, uniqueEmail } from './helpers';

test.use({ locale: 'en-US' });

// The one sign-up through the form, as a person does it; other tests post the same form (signUp).
test('sign up, log out and log back in', async ({ page }) => {
	const { email, password } = await signUpThroughForm(page, { name: 'Marie Dupont' });
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

test('log out lands on the login page even when a live-refresh poll answers meanwhile', async ({
	page
}) => {
	// Hold the shell's first poll of /api/changes, so it reaches the server only after Log out has
	// deleted the session (401) while the browser still waits for Log out's redirect. The page
	// used to act on that 401 and start a client-side trip to /login?next=/dashboard, racing the
	// real navigation: the flaky logout of this suite under load.
	let releasePoll!: () => void;
	const pollHeld = new Promise<void>((resolve) => {
		let held = false;
		void page.route('**/api/changes', async (route) => {
			if (held) return route.continue();
			held = true;
			resolve();
			await new Promise<void>((release) => (releasePoll = release));
			await route.continue();
		});
	});
	const visited: string[] = [];
	page.on('framenavigated', (frame) => {
		if (frame === page.mainFrame())
			visited.push(new URL(frame.url()).pathname + new URL(frame.url()).search);
	});

	await signUp(page);
	await pollHeld;
	await page.route('**/logout', async (route) => {
		const response = await route.fetch({ maxRedirects: 0 });
		expect(response.status()).toBe(303);
		const polled = page.waitForResponse('**/api/changes');
		releasePoll();
		expect((await polled).status()).toBe(401);
		// Give a wrong reaction time to show: a client-side trip to /login?next=… within 2 s.
		await Promise.race([
			page.waitForURL(/next=/, { waitUntil: 'commit' }).catch(() => {}),
			new Promise((resolve) => setTimeout(resolve, 2_000))
		]);
		await route.fulfill({ response });
	});
	await logOut(page);
	expect(visited.filter((url) => url.includes('next='))).toEqual([]);
});
