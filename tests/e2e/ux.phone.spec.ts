import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { deviceContext, isoDay, signUp } from './helpers';
import {
	completeCheckout,
	connectMollie,
	createCustomer,
	finalizedInvoice,
	paymentsOf,
	payLinkOf,
	sandbox,
	setIban
} from './payFlow';

// Issue 14: what a new user noticed on a phone, checked where it was seen: the owner in French,
// the customer in Dutch. One walk through the whole flow checks several items at once.
test.describe.configure({ timeout: 180_000 });

const LOCALE_COOKIE = 'PARAGLIDE_LOCALE';

/** The owner's language, as the picker sets it (the helpers speak English). */
async function speak(page: Page, locale: 'en' | 'fr' | 'nl', baseURL: string) {
	await page.context().addCookies([{ name: LOCALE_COOKIE, value: locale, url: baseURL }]);
}

const mainNav = (page: Page) =>
	page.locator('nav').filter({ has: page.locator('a[href="/dashboard"]') });

/** No bottom-nav label is cut: neither sideways nor below its two lines. */
async function navLabelsFit(page: Page) {
	return page
		.locator('nav .label')
		.evaluateAll((labels) =>
			labels
				.filter((l) => l.scrollWidth > l.clientWidth || l.scrollHeight > l.clientHeight)
				.map((l) => l.textContent)
		);
}

/** Decimals written with a point ("100.00"), where French and Dutch write a comma. */
const pointDecimals = (text: string) => text.match(/\d\.\d{2}(?!\d)/g) ?? [];

/** The number of lines an element's text takes (1: it did not break). */
const lines = (page: Page, selector: string) =>
	page.locator(selector).evaluate((el) => {
		const range = document.createRange();
		range.selectNodeContents(el);
		return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
	});

test('FR owner and NL customer: the rough edges a phone user found', async ({
	page,
	browser,
	baseURL
}) => {
	await signUp(page, { company: 'Boulangerie Dupont SRL' });

	// An empty account: a getting-started list, in French; the bottom nav's bold label fits.
	await speak(page, 'fr', baseURL!);
	await page.goto('/dashboard');
	const start = page.getByTestId('getting-started');
	await expect(start.getByRole('heading')).toHaveText('Pour bien démarrer');
	await expect(start.getByRole('link')).toHaveText([
		'Coordonnées de l’entreprise, avec numéro de TVA et IBAN',
		'Logo et couleurs',
		'Connecter Mollie pour les paiements en ligne',
		'Votre premier client',
		'Votre première facture'
	]);
	// On the narrowest common phone (360px: 60px a tab) in each language, the longest labels
	// take their short tab form; the link keeps its full name.
	const viewport = page.viewportSize()!;
	await page.setViewportSize({ width: 360, height: 740 });
	const names = {
		fr: { '/settings': 'Paramètres', '/apps': 'Apps et connexions' },
		nl: { '/settings': 'Instellingen', '/apps': 'Apps en koppelingen' },
		en: { '/settings': 'Settings', '/apps': 'Apps & connections' }
	} as const;
	for (const locale of ['fr', 'nl', 'en'] as const) {
		await speak(page, locale, baseURL!);
		for (const path of ['/settings', '/apps'] as const) {
			await page.goto(path);
			await expect(mainNav(page).locator('[aria-current="page"]')).toHaveAccessibleName(
				names[locale][path]
			);
			expect(await navLabelsFit(page), `${locale} ${path}`).toEqual([]);
		}
	}
	await page.setViewportSize(viewport);

	// Setting up (the helpers speak English): Mollie in test mode, IBAN, a Dutch customer, and
	// an invoice of 2 × €100.00 at 21 %, issued 40 days ago and 10 days overdue.
	await speak(page, 'en', baseURL!);
	await connectMollie(page);
	await setIban(page);
	await createCustomer(page, 'Bakkerij Peeters', 'nl');
	await page.goto('/invoices/new');
	await page.getByLabel('Customer').selectOption({ label: 'Bakkerij Peeters' });
	await page.getByLabel('Description line 1').fill('Brood');
	await page.getByLabel('Quantity line 1').fill('2');
	await page.getByLabel('Unit price excl. VAT line 1').fill('100');
	await page.getByLabel('Issue date').fill(isoDay(-40));
	await page.getByLabel('Due date').fill(isoDay(-10));
	await page.getByRole('button', { name: 'Save draft' }).click();
	await page.getByRole('button', { name: 'Finalize and number' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Invoice \d{4}-\d{4}$/);
	const invoiceUrl = new URL(page.url()).pathname;
	const invoiceId = invoiceUrl.split('/').pop()!;
	const link = await payLinkOf(page);

	// One word per status, the same on the invoice and on its payments page (Dutch read
	// "Gefinaliseerd" on one and "Definitief" on the other, "Achterstallig" beside "Vervallen").
	const words = { fr: ['Finalisée', 'En retard'], nl: ['Definitief', 'Vervallen'] } as const;
	for (const locale of ['fr', 'nl'] as const) {
		await speak(page, locale, baseURL!);
		await page.goto(invoiceUrl);
		await expect(page.locator('p.status .badge')).toHaveText(words[locale]);
		await page.goto(`${invoiceUrl}/payments`);
		await expect(page.getByTestId('status').locator('.badge')).toHaveText(words[locale]);
	}

	// The customer, in Dutch, on a phone.
	const customerContext = await deviceContext(browser, {
		locale: 'nl-BE',
		permissions: ['clipboard-read', 'clipboard-write']
	});
	const customer = await customerContext.newPage();
	await customer.goto(link);
	// The customer's page has the owner's word for overdue, and Dutch decimals only.
	await expect(customer.locator('dt:text-is("Status") + dd')).toHaveText(words.nl[1]);
	await expect(customer.getByText(/€\s242,00/).first()).toBeVisible();
	expect(pointDecimals(await customer.locator('main').innerText())).toEqual([]);
	// Test mode: said plainly, no real money moves.
	await expect(customer.getByTestId('test-notice')).toContainText(
		'Testmodus: er wordt geen echt geld verplaatst.'
	);
	// The structured communication stays on one line, and copies with one tap.
	const ogm = customer.getByTestId('ogm');
	await expect(ogm).toHaveText(/^\+\+\+\d{3}\/\d{4}\/\d{5}\+\+\+$/);
	expect(await lines(customer, '[data-testid="ogm"]')).toBe(1);
	// Its label is whole too (it broke as "Gestructureerd / e mededeling" beside it).
	expect(await lines(customer, 'dt:text-is("Gestructureerde mededeling")')).toBe(1);
	await customer.getByRole('button', { name: 'Kopiëren' }).click();
	await expect(customer.getByRole('button', { name: 'Gekopieerd' })).toBeVisible();
	expect(await customer.evaluate(() => navigator.clipboard.readText())).toBe(
		await ogm.textContent()
	);

	// Paying; Mollie is still confirming: a calm "being processed" state that says what happens.
	await customer.getByRole('button', { name: 'Online betalen' }).click();
	await completeCheckout(customer, 'Pending', 'paypal');
	await customer.waitForURL(/\/pay\/[^?]+\?lang=nl&return=1/);
	// The page reloads itself every second or so (Playwright waits on each reload): read the
	// page as the customer's browser gets it.
	const html = await (await customerContext.request.get(customer.url())).text();
	// Calm: the neutral "wait" banner with a spinner, a status (not an alert), saying what happens.
	expect(html).toMatch(/<div class="banner wait[^"]*" role="status" data-testid="processing">/);
	expect(html).toMatch(/<span class="spinner[^"]*" aria-hidden="true">/);
	const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
	expect(text).toContain('Betaling wordt verwerkt');
	expect(text).toContain('deze pagina ververst vanzelf');
	expect(text).toContain('Er is niets misgegaan: u hoeft niet opnieuw te betalen.');
	expect(html).toContain('data-testid="test-notice"');
	expect(html).not.toContain('role="alert"');
	const [payment] = await paymentsOf(invoiceId);
	await sandbox('POST', `/payments/${payment!.id}/status`, { status: 'paid' });
	await expect(customer.getByRole('heading', { name: 'Factuur betaald — bedankt' })).toBeVisible({
		timeout: 30_000
	});
	// The receipt names the method as people know it.
	const receipt = customer.getByRole('definition').filter({ hasText: /PayPal|paypal/ });
	await expect(receipt).toHaveText('PayPal');
	await customerContext.close();

	// Back to the owner, in French.
	await speak(page, 'fr', baseURL!);
	await page.goto(invoiceUrl);
	await expect(page.locator('.lines li').first()).toContainText(/2\s+×\s+100,00\s+·\s+21 %/);
	expect(pointDecimals(await page.locator('main').innerText())).toEqual([]);
	await page.goto('/payments');
	await expect(page.locator('.ref').first()).toHaveText(/^PayPal · tr_\w+$/);
	expect(await lines(page, 'table.sources thead th:nth-child(2)')).toBe(1);
	await page.goto('/payments/mollie');
	await expect(page.getByTestId('filters-toggle')).toHaveText('Filtres');
	await expect(page.getByRole('search')).toBeHidden();
	await page.goto('/payments/mollie?status=paid');
	await expect(page.getByTestId('filters-toggle')).toHaveText(/^Filtres\s*1 actif\(s\)$/);

	// The payment: the red Refund button is readable, the amount is in French, both marks work.
	await page.goto(`/payments/mollie/${payment!.id}`);
	const refund = page.getByRole('button', { name: 'Rembourser', exact: true });
	const colours = await refund.evaluate((el) => {
		const s = getComputedStyle(el);
		return [s.color, s.backgroundColor];
	});
	expect(colours[0]).not.toBe(colours[1]);
	expect(await seriousViolations(page)).toEqual([]);
	const amount = page.getByLabel('Montant à rembourser (EUR)');
	await expect(amount).toHaveValue('242,00');
	// Both marks are read: "300,00" is three hundred (too much), "20.50" is twenty and a half.
	await amount.fill('300,00');
	await refund.click();
	await expect(amount).toHaveAccessibleDescription(
		/^Vous pouvez rembourser au maximum 242,00\s€\.$/
	);
	await amount.fill('20.50');
	await refund.click();
	// Until Mollie completes it, the refund shows on the payment and on the invoice.
	await expect(page.getByTestId('refund-requested')).toHaveText('Remboursement de 20,50 € demandé');
	await page.goto(invoiceUrl);
	await expect(page.getByTestId('refund-requested')).toHaveText('Remboursement de 20,50 € demandé');
	await expect(page.locator('.status .badge').first()).toHaveText('Payée');
	// Paid: the email it proposes, in the customer's Dutch, is a receipt for the total (it said
	// "voor € 0,00 te betalen uiterlijk op …").
	const message = page.getByLabel('Message', { exact: true });
	await expect(message).toHaveValue(/, voor €\s242,00, volledig betaald\. Bedankt\./);
	await expect(message).not.toHaveValue(/te betalen/);
	await expect(page.getByLabel('Objet')).toHaveValue(/: betaald$/);

	// The checklist: the steps taken are ticked.
	await page.goto('/dashboard');
	await expect(start.getByRole('listitem').filter({ hasText: '(fait)' })).toHaveCount(3);
	// The last two steps (the helpers speak English): the VAT number, then a brand colour.
	await speak(page, 'en', baseURL!);
	await page.goto('/settings');
	await page.getByLabel('VAT number').fill('BE0123456749');
	await page.getByRole('button', { name: 'Save company details' }).click();
	await expect(page.getByLabel('VAT number')).toHaveValue('BE0123456749');
	await page.goto('/settings/theme');
	await page.getByLabel('Brand colour', { exact: true }).fill('#1e3a8a');
	await page.getByRole('button', { name: 'Save theme' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Theme saved.' })).toBeVisible();

	// A seven-digit total, in Dutch, on the narrowest common phone: each total card's amount
	// stays on one line, inside its card (it broke as "€ 1.749.108, / 13").
	const large = await finalizedInvoice(page, 'Bakkerij Peeters', '1445544.74');
	await speak(page, 'nl', baseURL!);
	await page.setViewportSize({ width: 360, height: 740 });
	for (const path of ['/dashboard', '/invoices']) {
		await page.goto(path);
		// Every step taken: the getting-started list is gone.
		if (path === '/dashboard') await expect(start).toHaveCount(0);
		const open = page.locator('.total-cards strong').first();
		await expect(open).toHaveText(/^€\s1\.749\.109,14$/);
		const figures = await page.locator('.total-cards strong').evaluateAll((els) =>
			els.map((el) => {
				const range = document.createRange();
				range.selectNodeContents(el);
				const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
				const card = el.closest('.card')!.getBoundingClientRect();
				return { lines: tops.size, inside: range.getBoundingClientRect().right <= card.right };
			})
		);
		expect(figures, path).toEqual(figures.map(() => ({ lines: 1, inside: true })));
		// A status pill keeps its own height when the row's "who · when" line wraps beside it
		// (it stretched into a tall capsule).
		const pills = await page
			.locator('.card .badges .badge')
			.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
		expect(pills.length, path).toBeGreaterThan(0);
		expect(Math.max(...pills), path).toBeLessThan(30);
	}
	await page.setViewportSize(viewport);

	// In live mode real money moves: no TEST notice (this invoice has no test payment either).
	await speak(page, 'en', baseURL!);
	await page.goto('/apps');
	const mollie = page.getByRole('article', { name: 'Mollie' });
	await mollie.getByRole('button', { name: 'Switch to live mode' }).click();
	await expect(mollie.getByRole('button', { name: 'Switch to test mode' })).toBeVisible();
	const liveContext = await deviceContext(browser, { locale: 'nl-BE' });
	const live = await liveContext.newPage();
	await live.goto(large.payLink);
	await expect(live.getByRole('heading', { level: 1 })).toContainText(/Factuur \d{4}-\d{4}/);
	await expect(live.getByTestId('test-notice')).toHaveCount(0);
	await liveContext.close();
});

test('NL and FR owner: side-by-side fields of the invoice editor line up', async ({
	page,
	baseURL
}) => {
	await signUp(page);
	// Seen on a phone in Dutch: the issue date's box stretched to the height of its neighbour
	// (the due date and its hint), and "Korting %" beside a wrapped "Eenheidsprijs excl. btw"
	// had a taller box than it. Two boxes side by side must have the same height and share a
	// bottom edge (the dates, whose labels are one line each, then share their top too).
	type Box = { x: number; y: number; width: number; height: number };
	const box = async (label: RegExp) => (await page.getByLabel(label).boundingBox()) as Box;
	const pair = (a: Box, b: Box) => ({
		beside: b.x >= a.x + a.width,
		sameHeight: Math.abs(a.height - b.height) < 1,
		sameBottom: Math.abs(a.y + a.height - (b.y + b.height)) < 1
	});
	const level = { beside: true, sameHeight: true, sameBottom: true };
	const cases = {
		nl: [
			/^Factuurdatum/,
			/^Vervaldatum/,
			/^Eenheidsprijs excl\. btw regel 1/,
			/^Korting % regel 1/
		],
		fr: [/^Date de facture/, /^Échéance/, /^Prix unitaire HTVA ligne 1/, /^Remise % ligne 1/]
	} as const;
	// 412 px (Pixel 7): both pairs side by side. At 360 px the dates may stack; the amounts
	// stay side by side.
	for (const width of [412, 360]) {
		await page.setViewportSize({ width, height: 800 });
		for (const locale of ['nl', 'fr'] as const) {
			await speak(page, locale, baseURL!);
			await page.goto('/invoices/new');
			const [issue, due, price, discount] = cases[locale];
			const dates = pair(await box(issue), await box(due));
			if (width === 412 || dates.beside) {
				expect(dates, `${locale} ${width}px: the dates`).toEqual(level);
			}
			const amounts = pair(await box(price), await box(discount));
			expect(amounts, `${locale} ${width}px: price and discount`).toEqual(level);
		}
	}
});

test('FR owner: a customer’s country is chosen by its name', async ({ page, baseURL }) => {
	await signUp(page);
	await speak(page, 'fr', baseURL!);
	// It was a two-letter text field ("Pays (code à 2 lettres)", BE typed in), where the
	// company's own country is a list of names.
	await page.goto('/customers/new');
	// A <select> in its label: its name is the label and the chosen country.
	const country = page.getByRole('combobox', { name: /^Pays/ });
	await expect(country).toHaveValue('BE');
	await expect(country.locator('option:checked')).toHaveText('Belgique');
	await page.getByLabel('Nom (société ou personne)').fill('Société Générale de Bâtiment');
	await country.selectOption({ label: 'France' });
	await page.getByLabel('Numéro de TVA').fill('FR40303265045');
	await page.getByRole('button', { name: 'Créer le client' }).click();
	await expect(page.getByText('Client enregistré.')).toBeVisible();
	await page.reload();
	await expect(country).toHaveValue('FR');
	expect(await seriousViolations(page)).toEqual([]);
});
