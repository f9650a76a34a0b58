import { expect, test } from '@playwright/test';
import { seriousViolations } from './axe';
import { signUp } from './helpers';
import { connectMollie, createCustomer, finalizedInvoice, sandbox, setIban } from './payFlow';

// Collect on the spot (issue 15), the owner's phone with the customer in front of them: one walk
// through the terminal (device choice, approve, decline, cancel, retry) and the Bancontact QR
// (scanned and paid, and the fallback above its maximum). Edge cases live in
// tests/integration/collect.test.ts.
test.describe.configure({ timeout: 150_000 });
test.use({ locale: 'en-US' });

const PAX = 'term_dupontshop1PaxA920Pro';
const TAP = 'term_dupontshop1MollieTap0';

test('collect on the spot: terminal approved, declined, cancelled; Bancontact QR paid; fallback above its limit', async ({
	page
}) => {
	await signUp(page);
	await setIban(page);
	await connectMollie(page);

	// The Mollie page lists the profile's terminals; the journal's default is the Tap phone, and
	// this device uses the counter terminal instead.
	await page.goto('/apps/mollie');
	const terminals = page.getByRole('region', { name: 'Terminals' });
	const listed = terminals.getByRole('listitem');
	await expect(listed.filter({ hasText: 'Boulangerie Dupont — phone (Tap to Pay)' })).toContainText(
		'Active'
	);
	await expect(listed.filter({ hasText: 'Boulangerie Dupont — counter' })).toContainText(
		/PAX A920Pro · Serial number \d+/
	);
	await terminals.getByLabel(/^Default terminal for/).selectOption(TAP);
	await terminals.getByRole('button', { name: 'Use as default terminals' }).click();
	await expect(page.getByText('Default terminals saved.')).toBeVisible();
	await page
		.getByRole('region', { name: 'Terminals' })
		.getByLabel(/^On this device/)
		.selectOption(PAX);
	await expect(page.getByText('Saved on this device.')).toBeVisible();
	expect(await seriousViolations(page, { schemes: ['light', 'dark'] })).toEqual([]);

	await createCustomer(page, 'Café Central', 'fr');
	const first = await finalizedInvoice(page, 'Café Central', '100');
	const collect = page.getByRole('region', { name: 'Collect on the spot' });
	await expect(collect.getByLabel('Terminal')).toHaveValue(PAX);

	// Pay at terminal → the simulator approves → "Payment received", live.
	await collect.getByRole('button', { name: 'Pay at terminal' }).click();
	await expect(page).toHaveURL(/\/invoices\/[^/]+\/collect\/tr_\w+\?terminal=/);
	await expect(page.getByRole('heading', { name: 'Present card on terminal' })).toBeVisible();
	await expect(page.getByText('€121.00', { exact: true })).toBeVisible();
	// The card is tapped: the terminal simulator's Approve (its JSON twin of the page's button).
	await sandbox('POST', `/terminals/${PAX}/approve`);
	await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
	await expect(page.getByText(/^Invoice \d{4}-\d{4} is paid\.$/)).toBeVisible();

	// Declined, then retried and cancelled: the invoice stays open, Retry is offered.
	const second = await finalizedInvoice(page, 'Café Central', '100');
	await collect.getByRole('button', { name: 'Pay at terminal' }).click();
	await expect(page.getByRole('heading', { name: 'Present card on terminal' })).toBeVisible();
	await sandbox('POST', `/terminals/${PAX}/decline`);
	await expect(page.getByRole('heading', { name: 'The payment failed.' })).toBeVisible();
	await page.getByRole('button', { name: 'Retry' }).click();
	await expect(page.getByRole('heading', { name: 'Present card on terminal' })).toBeVisible();
	await page.getByRole('button', { name: 'Cancel' }).click();
	await expect(page.getByRole('heading', { name: 'The payment was cancelled.' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
	await page.getByRole('link', { name: 'Choose another way' }).click();
	await expect(page).toHaveURL(new RegExp(`/invoices/${second.invoiceId}#collect$`));

	// Show Bancontact QR → the customer's banking app (the sandbox) scans and pays → live.
	await collect.getByRole('button', { name: 'Show Bancontact QR' }).click();
	await expect(page.getByRole('heading', { name: 'Scan with your banking app' })).toBeVisible();
	await expect(
		page.getByRole('img', { name: /^Bancontact QR code to pay €121\.00/ })
	).toBeVisible();
	expect(await seriousViolations(page, { schemes: ['light', 'dark'] })).toEqual([]);
	const paymentId = new URL(page.url()).pathname.split('/').pop()!;
	// The customer's banking app scans the QR (the sandbox page it encodes) and pays.
	await sandbox('POST', `/scan/${paymentId}/pay`);
	await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();

	// €1,573 due: above Bancontact's QR maximum, the pay-link QR is shown instead.
	await finalizedInvoice(page, 'Café Central', '1300');
	await collect.getByRole('button', { name: 'Show Bancontact QR' }).click();
	await expect(collect.getByText(/Above €1,500\.00, Bancontact QR codes don't work/)).toBeVisible();
	await expect(collect.getByRole('img', { name: 'QR code of the payment link' })).toBeVisible();
	expect(await seriousViolations(page, { schemes: ['light', 'dark'] })).toEqual([]);
	expect(first.invoiceId).not.toBe(second.invoiceId);
});
