import { expect, test, type Browser } from '@playwright/test';
import { deviceContext, signUp } from './helpers';
import {
	completeCheckout,
	connectMollie,
	createCustomer,
	finalizedInvoice,
	paymentsOf,
	sandbox,
	setIban
} from './payFlow';

// The tests that move the sandbox's shared clock. They run in the `clock` project, after every
// other e2e test, and in this one file, so one after the other: two files could run at once.

/** An owner with Mollie connected and a finalized €12.10 invoice for a Dutch customer. */
async function ownerWithInvoice(browser: Browser) {
	const owner = await (await deviceContext(browser, { locale: 'en-US' })).newPage();
	await signUp(owner, { company: 'Boulangerie Dupont SRL' });
	await connectMollie(owner);
	await setIban(owner);
	await createCustomer(owner, 'Bakkerij Peeters', 'nl');
	return { owner, inv: await finalizedInvoice(owner, 'Bakkerij Peeters', '10') };
}

test('bank transfer stays "processing" a day later, until it is paid', async ({ browser }) => {
	test.setTimeout(120_000);
	const { owner, inv } = await ownerWithInvoice(browser);

	const page = await (await deviceContext(browser, { locale: 'nl-BE' })).newPage();
	await page.goto(inv.payLink);
	await page.getByRole('button', { name: 'Online betalen' }).click();
	await completeCheckout(page, 'Pending', 'banktransfer');
	await expect(page.getByRole('heading', { name: 'Betaling wordt verwerkt' })).toBeVisible();

	// A day later the transfer has not arrived, and the payment has not expired (12 days for transfers).
	await sandbox('POST', '/clock/advance', { ms: 24 * 3600_000 });
	const [payment] = await paymentsOf(inv.invoiceId);
	expect(payment!.status).toBe('pending');
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Betaling wordt verwerkt' })).toBeVisible();

	// Then it arrives; the page refreshes itself (no JavaScript needed) and shows the truth.
	await sandbox('POST', `/payments/${payment!.id}/status`, { status: 'paid' });
	await expect(page.getByRole('heading', { name: 'Factuur betaald — bedankt' })).toBeVisible({
		timeout: 15_000
	});
	await owner.goto(new URL(inv.invoiceUrl).pathname);
	await expect(owner.locator('p.status .badge').first()).toHaveText('Paid');
	await owner.context().close();
	await page.context().close();
});

test('paid just after midnight in Brussels: the receipt has that day, not the UTC one before', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const { owner, inv } = await ownerWithInvoice(browser);

	// Mollie's time to the next 23:30 UTC: 00:30 or 01:30 the next day in Brussels.
	const { epochMs } = await sandbox<{ epochMs: number }>('GET', '/clock');
	let target = new Date(epochMs);
	target.setUTCHours(23, 30, 0, 0);
	if (target.getTime() <= epochMs) target = new Date(target.getTime() + 24 * 3600_000);
	await sandbox('POST', '/clock/advance', { ms: target.getTime() - epochMs });

	const page = await (await deviceContext(browser, { locale: 'nl-BE' })).newPage();
	await page.goto(inv.payLink);
	await page.getByRole('button', { name: 'Online betalen' }).click();
	await completeCheckout(page, 'Paid');
	await expect(page.getByRole('heading', { name: 'Factuur betaald — bedankt' })).toBeVisible({
		timeout: 15_000
	});
	const brusselsDay = new Intl.DateTimeFormat('nl-BE', {
		dateStyle: 'long',
		timeZone: 'Europe/Brussels'
	}).format(target);
	const utcDay = new Intl.DateTimeFormat('nl-BE', { dateStyle: 'long', timeZone: 'UTC' }).format(
		target
	);
	expect(brusselsDay).not.toBe(utcDay);
	// The receipt's first line: Betaaldatum.
	const paidOn = page.getByLabel('Betaalbewijs').getByRole('definition').first();
	await expect(paidOn).toHaveText(brusselsDay);
	await owner.context().close();
	await page.context().close();
});
