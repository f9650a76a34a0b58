import { describe, expect, it } from 'vitest';
import { invoiceMail, type InvoiceMailInput } from './invoiceMail';

const PAY = 'https://acquit.test/pay/abcdefghijklmnopqrstuvwxyz234567';

const base: InvoiceMailInput = {
	locale: 'en',
	company: {
		name: 'Atelier Dupont SRL',
		brandColor: '#1d4ed8',
		logoUrl: 'https://acquit.test/files/logo2345logo2345logo2345'
	},
	customerName: 'Bakkerij Peeters BV',
	number: '2026-0042',
	issueDate: '2026-03-02',
	dueDate: '2026-04-01',
	currency: 'EUR',
	amountDueCents: 123456,
	payUrl: PAY,
	documentUrl: `${PAY}/document`,
	iban: 'BE68 5390 0754 7034',
	ogm: '+++012/3456/78939+++'
};

/** The href of the first link whose text is `label`. */
function hrefOf(html: string, label: string): string | undefined {
	const links = [...html.matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)];
	return links.find(([, , text]) => text === label)?.[1];
}

describe('invoice mail', () => {
	it('speaks English: summary, pay button to the pay link, bank details, plain text', () => {
		const mail = invoiceMail(base);
		expect(mail.subject).toBe('Invoice 2026-0042 from Atelier Dupont SRL');
		expect(hrefOf(mail.html, 'Pay securely online')).toBe(PAY);
		expect(hrefOf(mail.html, 'View the invoice')).toBe(`${PAY}/document`);
		expect(mail.html).toContain('<html lang="en">');
		expect(mail.html).toContain('Hello Bakkerij Peeters BV,');
		expect(mail.html).toMatch(/Amount due<\/td><td[^>]*>€1,234\.56</);
		expect(mail.html).toMatch(/Due date<\/td><td[^>]*>1 April 2026</);
		expect(mail.html).toMatch(/Date<\/td><td[^>]*>2 March 2026</);
		// The company's logo by absolute URL, its colour on the button.
		expect(mail.html).toContain(
			'<img src="https://acquit.test/files/logo2345logo2345logo2345" alt="Logo of Atelier Dupont SRL"'
		);
		expect(mail.html).toMatch(/<a href="[^"]+" style="[^"]*background: #1d4ed8; color: #ffffff;/);

		expect(mail.text).toContain('Number: 2026-0042');
		expect(mail.text).toContain('Amount due: €1,234.56');
		expect(mail.text).toContain(`Pay securely online: ${PAY}`);
		expect(mail.text).toContain(
			'You can also pay by bank transfer to BE68 5390 0754 7034 with the structured communication +++012/3456/78939+++.'
		);
		expect(mail.text).toContain(`View the invoice: ${PAY}/document`);
		expect(mail.text.trimEnd().endsWith('Atelier Dupont SRL')).toBe(true);
	});

	it('speaks French', () => {
		const mail = invoiceMail({ ...base, locale: 'fr' });
		expect(mail.subject).toBe('Facture 2026-0042 de Atelier Dupont SRL');
		expect(hrefOf(mail.html, 'Payer en ligne en toute sécurité')).toBe(PAY);
		expect(mail.html).toContain('<html lang="fr">');
		expect(mail.html).toContain('Bonjour Bakkerij Peeters BV,');
		expect(mail.text).toMatch(/Montant à payer\s:\s1\s234,56\s€/);
		expect(mail.text).toMatch(/Échéance\s:\s1 avril 2026/);
		expect(mail.text).toContain(`Payer en ligne en toute sécurité\u00a0: ${PAY}`);
	});

	it('speaks Dutch', () => {
		const mail = invoiceMail({ ...base, locale: 'nl' });
		expect(mail.subject).toBe('Factuur 2026-0042 van Atelier Dupont SRL');
		expect(hrefOf(mail.html, 'Veilig online betalen')).toBe(PAY);
		expect(hrefOf(mail.html, 'Factuur bekijken')).toBe(`${PAY}/document`);
		expect(mail.html).toContain('Beste Bakkerij Peeters BV,');
		expect(mail.text).toMatch(/Te betalen: €\s1\.234,56/);
		expect(mail.text).toContain('Vervaldatum: 1 april 2026');
		expect(mail.text).toContain('Met vriendelijke groeten,');
	});

	it('escapes every value that reaches the HTML', () => {
		const mail = invoiceMail({
			...base,
			company: {
				name: 'Tom & "Jerry" <b>SRL</b>',
				brandColor: 'red; background: url(https://evil.test/x)',
				logoUrl: 'https://acquit.test/files/x" onerror="alert(1)'
			},
			customerName: '<script>alert("hi")</script>',
			number: "2026-<i>'1'</i>",
			payUrl: 'https://acquit.test/pay/x"><img src=x>'
		});
		expect(mail.html).not.toContain('<script>');
		expect(mail.html).not.toContain('<b>SRL');
		expect(mail.html).not.toContain('<i>');
		expect(mail.html).not.toContain('" onerror=');
		expect(mail.html).not.toContain('"><img src=x>');
		expect(mail.html).not.toContain('evil.test');
		expect(mail.html).toContain('&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;');
		expect(mail.html).toContain('Tom &amp; &quot;Jerry&quot; &lt;b&gt;SRL&lt;/b&gt;');
		expect(mail.html).toContain('2026-&lt;i&gt;&#39;1&#39;&lt;/i&gt;');
		expect(mail.html).toContain('href="https://acquit.test/pay/x&quot;&gt;&lt;img src=x&gt;"');
		// An invalid colour falls back to the default brand colour.
		expect(mail.html).toContain('border-top: 6px solid #0f766e;');
		// Plain text is not HTML: it stays as typed.
		expect(mail.text).toContain('<script>alert("hi")</script>');
		expect(mail.subject).toBe('Invoice 2026-<i>\'1\'</i> from Tom & "Jerry" <b>SRL</b>');
	});

	it('thanks instead of asking to pay once nothing is due; the name replaces a missing logo', () => {
		const mail = invoiceMail({
			...base,
			amountDueCents: 0,
			company: { ...base.company, logoUrl: null }
		});
		expect(mail.html).not.toContain('Pay securely online');
		expect(mail.html).not.toContain('bank transfer');
		expect(mail.html).toContain('Paid in full — thank you!');
		expect(mail.html).not.toContain('<img');
		expect(mail.html).toMatch(/<p style="[^"]*font-weight: 800[^"]*">Atelier Dupont SRL<\/p>/);
		expect(mail.text).not.toContain(PAY + '\n');
		expect(mail.text).toContain(`View the invoice: ${PAY}/document`);
	});
});

describe('the owner’s words and the layout', () => {
	it('opens with the typed message (escaped, paragraphs kept) and shows no Pay button without a pay URL', () => {
		const mail = invoiceMail({
			...base,
			payUrl: null,
			subject: 'Your bread <invoice>',
			message: 'Hi Jan,\n\nThe <b>usual</b> order.\nThanks!',
			company: { ...base.company, street: 'Rue Haute 12', postalCode: '1000', city: 'Bruxelles' }
		});
		expect(mail.subject).toBe('Your bread <invoice>');
		expect(mail.html).toContain('<title>Your bread &lt;invoice&gt;</title>');
		expect(mail.html).toContain('<p style="margin: 0 0 12px;">Hi Jan,</p>');
		expect(mail.html).toContain('The &lt;b&gt;usual&lt;/b&gt; order.<br>Thanks!');
		expect(mail.html).not.toContain('Pay securely online');
		expect(mail.text).not.toContain('Pay securely online');
		expect(mail.text.startsWith('Hi Jan,\n\nThe <b>usual</b> order.\nThanks!\n')).toBe(true);
		// The transfer stays; the footer names the company and its address in both parts.
		expect(mail.text).toContain('bank transfer to BE68 5390 0754 7034');
		expect(mail.text).toContain('Rue Haute 12, 1000 Bruxelles');
		expect(mail.html).toContain('Rue Haute 12, 1000 Bruxelles');
	});

	it('a credit note: the amount credited, no due date, no payment', () => {
		const mail = invoiceMail({ ...base, kind: 'credit_note', payUrl: null, documentUrl: null });
		expect(mail.subject).toBe('Credit note 2026-0042 from Atelier Dupont SRL');
		expect(mail.text).toContain('Credited: €1,234.56');
		expect(mail.text).not.toContain('Due date');
		expect(mail.text).not.toContain('bank transfer');
		expect(mail.html).not.toContain('Paid in full');
	});
});
