import { expect, test, type Download } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { deviceContext, signUp } from './helpers';
import { createCustomer, finalizedInvoice, setIban } from './payFlow';

test.use({ locale: 'en-US' });
test.describe.configure({ timeout: 120_000 });

/** The text of a downloaded PDF, read by Debian's pdftotext (poppler); odd spaces made plain. */
async function pdfText(download: Download): Promise<string> {
	const path = await download.path();
	return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' })
		.replace(/[\u00a0\u202f]/g, ' ')
		.replace(/ +/g, ' ');
}

test('the owner and the customer download the invoice as a PDF', async ({ page, browser }) => {
	await signUp(page);
	await setIban(page);
	await createCustomer(page, 'Brouwerij Ĳzerman', 'nl');
	// 1 × €100.00 + 21 % VAT = €121.00
	const { invoiceUrl, payLink } = await finalizedInvoice(page, 'Brouwerij Ĳzerman', '100');
	const number = (await page.getByRole('heading', { level: 1 }).textContent())!.slice(8);

	await test.step('the owner, from the invoice page', async () => {
		await page.goto(invoiceUrl);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: 'Download PDF' }).click()
		]);
		expect(download.suggestedFilename()).toBe(`${number}.pdf`);
		const text = await pdfText(download);
		// In the customer's language (Dutch), whatever the owner reads.
		expect(text).toContain(`Factuur`);
		expect(text).toContain(number);
		expect(text).toContain('Brouwerij Ĳzerman');
		expect(text).toContain('Totaal incl. btw € 121,00');
	});

	await test.step('the customer, from the pay page, without JavaScript', async () => {
		const context = await deviceContext(browser, { locale: 'en-US', javaScriptEnabled: false });
		const customer = await context.newPage();
		await customer.goto(`${payLink}?lang=fr`);
		const [download] = await Promise.all([
			customer.waitForEvent('download'),
			customer.getByRole('link', { name: 'Télécharger la facture (PDF)' }).click()
		]);
		expect(download.suggestedFilename()).toBe(`${number}.pdf`);
		const text = await pdfText(download);
		expect(text).toContain('Facture');
		expect(text).toContain(number);
		expect(text).toContain('Total TVAC 121,00 €');
		await context.close();
	});

	await test.step('another company cannot download it', async () => {
		const other = await deviceContext(browser);
		const stranger = await other.newPage();
		await signUp(stranger);
		const res = await stranger.request.get(`${invoiceUrl}/pdf`);
		expect(res.status()).toBe(404);
		const unknown = await stranger.request.get(`${payLink.replace(/.{4}$/, 'aaaa')}/pdf`);
		expect(unknown.status()).toBe(404);
		await other.close();
	});
});
