import { expect, test, type Page } from '@playwright/test';
import { signUp } from './helpers';

// The app talks to the Mollie sandbox started by scripts/e2e-server.ts; its control API lets the
// test check what Mollie saw.
const sandboxURL = `http://127.0.0.1:${process.env.E2E_SANDBOX_PORT}`;

interface SandboxGrant {
	id: string;
	organizationId: string;
	revoked: boolean;
}

/**
 * The grant Mollie made from the authorization code the owner's browser carried back. Found by
 * its code, not by "new grants of this organisation": other tests connect the same sandbox
 * organisation at the same time.
 */
async function grantOfCode(code: string): Promise<SandboxGrant | undefined> {
	const res = await fetch(`${sandboxURL}/_sandbox/state`);
	const state = (await res.json()) as {
		authCodes: Record<string, { grantId: string | null }>;
		grants: Record<string, SandboxGrant>;
	};
	const id = state.authCodes[code]?.grantId;
	return id ? state.grants[id] : undefined;
}

/** Our notice, not the app shell's (empty) live region for update prompts. */
const notice = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

async function openMollieCard(page: Page) {
	await page.getByRole('navigation').getByRole('link', { name: 'Apps & connections' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Apps & connections' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Payments' })).toBeVisible();
	return page.getByRole('article', { name: 'Mollie' });
}

test('connect Mollie: activate, authorize at Mollie, profile per journal, then disconnect', async ({
	page
}) => {
	await signUp(page, { company: 'Boulangerie Dupont SRL' });
	const card = await openMollieCard(page);
	await card.getByRole('button', { name: 'Activate' }).click();
	await expect(card.getByRole('button', { name: 'Configure' })).toBeVisible();
	await expect(card.getByRole('button', { name: 'Deactivate' })).toBeVisible();

	await card.getByRole('button', { name: 'Configure' }).click();

	// Mollie's authorize page (the sandbox's), in the owner's language.
	await expect(page).toHaveURL(new RegExp(`^${sandboxURL}/oauth2/authorize\\?`));
	const authorize = new URL(page.url());
	expect(authorize.searchParams.get('locale')).toBe('en_US');
	expect(authorize.searchParams.get('scope')).toContain('payments.write');
	await expect(page.getByRole('heading', { name: /Connect Acquit/ })).toBeVisible();
	await page
		.getByRole('group', { name: 'Organization' })
		.getByLabel('Boulangerie Dupont SRL')
		.check();
	const callback = page.waitForRequest((r) => r.url().includes('/apps/mollie/callback?'));
	await page.getByRole('button', { name: 'Approve' }).click();
	const code = new URL((await callback).url()).searchParams.get('code')!;

	// Back in Acquit: choose the profile per journal.
	await expect(page).toHaveURL(/\/apps\/mollie\?connected=1$/);
	await expect(notice(page, 'Connected to Mollie: Boulangerie Dupont SRL.')).toBeVisible();
	await expect(page.getByText('Dupont Webshop', { exact: true })).toBeVisible();
	const picker = page.getByLabel('Profile for journal Sales');
	// Default: the profile named like the company.
	await expect(picker).toHaveValue('pfl_dupontshop1');
	await picker.selectOption('pfl_dupontweb01');
	await page.getByRole('button', { name: 'Save' }).click();

	await expect(page).toHaveURL(/\/apps\?mollie=saved$/);
	await expect(notice(page, 'Mollie profiles saved.')).toBeVisible();
	await expect(card.getByText('Boulangerie Dupont SRL')).toBeVisible();
	await expect(card.getByText(/^TEST\b/).first()).toBeVisible();
	await expect(card.getByText('Can receive payments')).toBeVisible();
	await expect(card.getByRole('definition').filter({ hasText: 'Yes' })).toBeVisible();
	await expect(card.getByText('never')).toBeVisible();

	// The choice was stored.
	await card.getByRole('link', { name: 'Profiles per journal' }).click();
	await expect(page.getByLabel('Profile for journal Sales')).toHaveValue('pfl_dupontweb01');
	await page
		.getByRole('link', { name: /Apps & connections/ })
		.first()
		.click();

	// Mode switch: live removes the TEST badge, test brings it back.
	await card.getByRole('button', { name: 'Switch to live mode' }).click();
	await expect(card.getByRole('button', { name: 'Switch to test mode' })).toBeVisible();
	await expect(card.getByText(/^TEST\b/)).toHaveCount(0);
	await card.getByRole('button', { name: 'Switch to test mode' }).click();
	await expect(card.getByText(/^TEST\b/).first()).toBeVisible();

	// The layout fits a phone.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
		await page.evaluate(() => window.innerWidth)
	);

	const mine = await grantOfCode(code);
	expect(mine?.organizationId).toBe('org_dupont0001');
	expect(mine?.revoked).toBe(false);

	await card.getByRole('button', { name: 'Disconnect' }).click();
	await expect(notice(page, 'Disconnected from Mollie. Past payments are kept.')).toBeVisible();
	await expect(card.getByRole('button', { name: 'Configure' })).toBeVisible();
	// Mollie confirms the grant is revoked.
	expect((await grantOfCode(code))?.revoked).toBe(true);
});

test('Deny at Mollie brings the owner back with "Connection cancelled" and a retry', async ({
	page
}) => {
	await signUp(page, { company: 'Studio Maes BV' });
	const card = await openMollieCard(page);
	await card.getByRole('button', { name: 'Activate' }).click();
	await card.getByRole('button', { name: 'Configure' }).click();
	await expect(page).toHaveURL(new RegExp(`^${sandboxURL}/oauth2/authorize\\?`));
	await page.getByRole('button', { name: 'Deny' }).click();

	await expect(page).toHaveURL(/\/apps\?mollie=cancelled$/);
	await expect(notice(page, 'Connection cancelled. Nothing was changed.')).toBeVisible();
	// Nothing stored: still waiting to be configured.
	await expect(card.getByRole('button', { name: 'Configure' })).toBeVisible();
	await expect(card.getByText('Organisation')).toHaveCount(0);
	// Retry starts a new authorisation.
	await page.getByRole('button', { name: 'Retry' }).click();
	await expect(page).toHaveURL(new RegExp(`^${sandboxURL}/oauth2/authorize\\?`));
});
