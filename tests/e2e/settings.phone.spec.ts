import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { signUp } from './helpers';

test.use({ locale: 'en-US' });
// Each flow does several full saves, uploads and axe passes: 30 s is too tight on a busy machine.
test.describe.configure({ timeout: 90_000 });

// A real 1×1 PNG, made in the test rather than read from a fixture file.
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
	'base64'
);

/** PNG magic bytes padded to `size`: the server sees a PNG, only the size is wrong. */
function pngOfSize(size: number): Buffer {
	const buf = Buffer.alloc(size);
	PNG.copy(buf);
	return buf;
}

async function expectNoHorizontalScroll(page: Page) {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
}

test('company details: bad VAT number keeps the values, the fix is saved', async ({ page }) => {
	await signUp(page, { company: 'Boulangerie Dupont SRL' });
	await page.goto('/settings');

	const hub = page.getByRole('navigation', { name: 'Settings sections' });
	for (const name of [/Company details/, /Theme/, /Outbox/, /Security/]) {
		await expect(hub.getByRole('link', { name })).toBeVisible();
	}
	await expect(page.getByLabel('Legal name')).toHaveValue('Boulangerie Dupont SRL');

	await page.getByLabel('Legal name').fill('Boulangerie Dupont SRL 🥐');
	await page.getByLabel('Street and number').fill('Rue de la Loi 16');
	await page.getByLabel('Postal code').fill('1000');
	await page.getByLabel('City').fill('Liège');
	await page.getByLabel('Country').selectOption('BE');
	await page.getByLabel('VAT number').fill('BE0123456789');
	await page.getByLabel('IBAN').fill('be68 5390 0754 7034');
	await page.getByLabel('BIC (optional)').fill('GEBABEBB');
	await page.getByLabel('Company email').fill('contact@dupont.example');
	await page.getByLabel('Phone').fill('+32 2 123 45 67');
	await page.getByLabel('Default language').selectOption('nl');
	await page.getByRole('button', { name: 'Save company details' }).click();

	const vat = page.getByLabel('VAT number');
	await expect(vat).toHaveAttribute('aria-invalid', 'true');
	await expect(vat).toHaveAccessibleDescription(
		'This Belgian VAT number does not exist: check the digits.'
	);
	await expect(vat).toHaveValue('BE0123456789');
	await expect(page.getByLabel('Legal name')).toHaveValue('Boulangerie Dupont SRL 🥐');
	await expect(page.getByLabel('City')).toHaveValue('Liège');
	await expect(page.getByLabel('IBAN')).toHaveValue('be68 5390 0754 7034');
	await expect(page.getByLabel('Default language')).toHaveValue('nl');

	await vat.fill('BE 0123.456.749');
	await page.getByRole('button', { name: 'Save company details' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Company details saved.' })
	).toBeVisible();

	await page.reload();
	await expect(page.getByLabel('VAT number')).toHaveValue('BE0123456749');
	await expect(page.getByLabel('IBAN')).toHaveValue('BE68 5390 0754 7034');
	await expect(page.getByLabel('Legal name')).toHaveValue('Boulangerie Dupont SRL 🥐');
	await expect(page.getByLabel('City')).toHaveValue('Liège');
	await expect(page.getByLabel('Default language')).toHaveValue('nl');
	expect(await seriousViolations(page)).toEqual([]);
	await expectNoHorizontalScroll(page);
});

test('overlong and SQL-looking input gets field errors or is stored as typed', async ({ page }) => {
	await signUp(page);
	await page.goto('/settings');
	// maxlength stops typing in the browser; a crafted request must still be refused.
	await page.getByLabel('Street and number').evaluate((el) => el.removeAttribute('maxlength'));
	await page.getByLabel('Street and number').fill('x'.repeat(10_000));
	await page.getByLabel('City').fill("Gent'); DROP TABLE companies; --");
	await page.getByRole('button', { name: 'Save company details' }).click();
	await expect(page.getByLabel('Street and number')).toHaveAccessibleDescription(
		'At most 200 characters.'
	);

	await page.getByLabel('Street and number').fill('שדרות רוטשילד 1');
	await page.getByRole('button', { name: 'Save company details' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Company details saved.' })
	).toBeVisible();
	await page.reload();
	await expect(page.getByLabel('City')).toHaveValue("Gent'); DROP TABLE companies; --");
	await expect(page.getByLabel('Street and number')).toHaveValue('שדרות רוטשילד 1');
});

test('logo upload: a real PNG is saved and served, wrong or oversized files are refused', async ({
	page
}) => {
	await signUp(page);
	await page.goto('/settings');
	const logoInput = page.getByLabel('Logo image');
	const upload = page.getByRole('button', { name: 'Upload logo' });

	// Text dressed up as a PNG: the bytes decide, not the name or the browser's type.
	await logoInput.setInputFiles({
		name: 'logo.png',
		mimeType: 'image/png',
		buffer: Buffer.from('this is not an image')
	});
	await upload.click();
	await expect(page.getByText('Use a PNG, JPEG or WebP image.')).toBeVisible();

	await logoInput.setInputFiles({
		name: 'big.png',
		mimeType: 'image/png',
		buffer: pngOfSize(600 * 1024)
	});
	await upload.click();
	await expect(page.getByText(/This file is too large: at most 512/)).toBeVisible();

	await logoInput.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
	await upload.click();
	await expect(page.getByRole('status').filter({ hasText: 'Logo updated.' })).toBeVisible();
	const img = page.getByRole('img', { name: 'Current logo' });
	await expect(img).toBeVisible();
	await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(1);

	// Served publicly with safe headers.
	const src = (await img.getAttribute('src'))!;
	expect(src).toMatch(/^\/files\/[a-z2-7]{24}$/);
	const res = await page.request.get(src);
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toBe('image/png');
	expect(res.headers()['x-content-type-options']).toBe('nosniff');
	expect(res.headers()['content-security-policy']).toContain("default-src 'none'");

	await page.getByRole('button', { name: 'Remove logo' }).click();
	await expect(page.getByText('No logo yet.')).toBeVisible();
	expect((await page.request.get(src)).status()).toBe(404);
});

test('theme: colours with a live preview and contrast warning, background upload limits', async ({
	page
}) => {
	await signUp(page, { company: 'Atelier Noor' });
	await page.goto('/settings');
	await page
		.getByLabel('Logo image')
		.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
	await page.getByRole('button', { name: 'Upload logo' }).click();
	await expect(page.getByRole('img', { name: 'Current logo' })).toBeVisible();

	await page
		.getByRole('navigation', { name: 'Settings sections' })
		.getByRole('link', { name: /Theme/ })
		.click();
	await expect(page).toHaveURL(/\/settings\/theme$/);

	const preview = page.getByRole('region', { name: 'Preview' });
	await expect(preview.getByText('Atelier Noor')).toBeVisible();
	await expect(preview.getByText('Pay online')).toBeVisible();
	await expect(preview.locator('img')).toHaveAttribute('src', /^\/files\//);

	const brand = page.getByLabel('Brand colour', { exact: true });
	await expect(brand).toHaveValue('#0f766e');
	// A pale yellow fails AA on white: the warning and the preview follow as you type.
	await brand.fill('#ffff00');
	await expect(
		page.getByText(/Your brand colour on white has a contrast of 1[.,]07:1/)
	).toBeVisible();
	await expect(preview.getByText('Atelier Noor')).toHaveCSS('color', 'rgb(255, 255, 0)');

	await brand.fill('#1E3A8A');
	await expect(page.getByText(/passes WCAG AA/)).toBeVisible();
	await page.getByLabel('Accent colour', { exact: true }).fill('#f59e0b');
	await page.getByLabel('Background colour', { exact: true }).fill('not a colour');
	await page.getByRole('button', { name: 'Save theme' }).click();
	await expect(page.getByLabel('Background colour', { exact: true })).toHaveAccessibleDescription(
		'Enter a colour as #rrggbb, for example #0f766e.'
	);
	await expect(brand).toHaveValue('#1E3A8A');

	await page.getByLabel('Background colour', { exact: true }).fill('#fef3c7');
	await page.getByRole('button', { name: 'Save theme' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Theme saved.' })).toBeVisible();
	await page.reload();
	await expect(brand).toHaveValue('#1e3a8a');
	await expect(page.getByLabel('Background colour', { exact: true })).toHaveValue('#fef3c7');
	await expect(preview.getByText('Atelier Noor')).toHaveCSS('color', 'rgb(30, 58, 138)');
	expect(await seriousViolations(page)).toEqual([]);
	await expectNoHorizontalScroll(page);

	const bgInput = page.getByLabel('Background image file');
	await bgInput.setInputFiles({
		name: 'huge.png',
		mimeType: 'image/png',
		buffer: pngOfSize(1.6 * 1024 * 1024)
	});
	await page.getByRole('button', { name: 'Upload background' }).click();
	await expect(page.getByText(/This file is too large: at most 1[.,]5/)).toBeVisible();

	await bgInput.setInputFiles({ name: 'bg.png', mimeType: 'image/png', buffer: PNG });
	await page.getByRole('button', { name: 'Upload background' }).click();
	await expect(page.getByRole('img', { name: 'Current background image' })).toBeVisible();
	await expect(preview.locator('.backdrop')).toHaveCSS('background-image', /\/files\/[a-z2-7]{24}/);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the company form still validates and saves', async ({ page }) => {
		await signUp(page);
		await page.goto('/settings');
		await page.getByLabel('IBAN').fill('BE68 5390 0754 7035');
		await page.getByRole('button', { name: 'Save company details' }).click();
		await expect(page.getByLabel('IBAN')).toHaveAccessibleDescription(
			"The check digits of this IBAN don't match: look for a typo."
		);
		await page.getByLabel('IBAN').fill('BE68 5390 0754 7034');
		await page.getByRole('button', { name: 'Save company details' }).click();
		await expect(page.getByText('Company details saved.')).toBeVisible();
		await expect(page.getByLabel('IBAN')).toHaveValue('BE68 5390 0754 7034');
	});
});
