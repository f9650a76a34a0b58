import { formatDate, formatMoney } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { DEFAULT_THEME, normalizeHex, passesAA, textColorOn } from '$lib/theme';
import { escapeHtml } from './html';

export interface InvoiceMailInput {
	/** The customer's language: every word of the mail, dates and amounts follow it. */
	locale: 'fr' | 'nl' | 'en';
	company: { name: string; brandColor: string; logoUrl: string | null };
	customerName: string;
	number: string;
	issueDate: string;
	dueDate: string;
	currency: string;
	/** Still to pay; 0 (paid) replaces the pay button with a thank-you. */
	amountDueCents: number;
	payUrl: string;
	documentUrl: string;
	/** Bank details for a transfer; the paragraph is left out unless both are known. */
	iban: string;
	ogm: string | null;
}

const MUTED = '#475569';

/**
 * The invoice mail, composed in the customer's language. Pure: the caller sends it. Every value
 * that comes from users (names, numbers, addresses, colours, URLs) is escaped or normalized
 * before it touches the HTML; the plain-text part carries the same content.
 */
export function invoiceMail(input: InvoiceMailInput) {
	const o = { locale: input.locale };
	const { company, number } = input;
	const date = (iso: string) => formatDate(iso, { dateStyle: 'long' }, input.locale);
	const amount = formatMoney(input.amountDueCents, input.currency, input.locale);
	const due = input.amountDueCents > 0;
	// French puts a (non-breaking) space before the colon.
	const colon = input.locale === 'fr' ? '\u00a0: ' : ': ';

	const subject = m.share_msg_title({ number, company: company.name }, o);
	const greeting = m.share_mail_greeting({ name: input.customerName }, o);
	const intro = m.share_mail_intro({ number, company: company.name }, o);
	const facts: [string, string][] = [
		[m.doc_number({}, o), number],
		[m.doc_issue_date({}, o), date(input.issueDate)],
		[m.doc_due_date({}, o), date(input.dueDate)],
		[m.doc_amount_due({}, o), amount]
	];
	const button = m.share_mail_pay_button({}, o);
	const hint = m.share_mail_pay_hint({}, o);
	const bank =
		due && input.iban && input.ogm
			? m.share_mail_bank({ iban: input.iban, ogm: input.ogm }, o)
			: null;
	const paid = m.doc_paid_in_full({}, o);
	const view = m.share_mail_view({}, o);
	const closing = m.share_mail_closing({}, o);

	const text = [
		greeting,
		'',
		intro,
		'',
		...facts.map(([label, value]) => `${label}${colon}${value}`),
		'',
		...(due ? [`${button}${colon}${input.payUrl}`, hint] : [paid]),
		...(bank ? ['', bank] : []),
		'',
		`${view}${colon}${input.documentUrl}`,
		'',
		closing,
		company.name
	].join('\n');

	const e = escapeHtml;
	const brand = normalizeHex(company.brandColor) ?? DEFAULT_THEME.brandColor;
	const onBrand = textColorOn(brand);
	// Text in the brand colour only where it stays readable on white (a yellow brand would not).
	const ink = passesAA(brand, '#ffffff') ? brand : '#0f172a';
	const header = company.logoUrl
		? `<img src="${e(company.logoUrl)}" alt="${e(m.doc_logo_alt({ name: company.name }, o))}" style="display: block; max-height: 64px; max-width: 220px; border: 0;">`
		: `<p style="margin: 0; font-size: 20px; font-weight: 800; color: ${ink};">${e(company.name)}</p>`;
	const rows = facts
		.map(
			([label, value]) =>
				`<tr><td style="padding: 6px 0; color: ${MUTED};">${e(label)}</td><td style="padding: 6px 0; text-align: right; font-weight: 600;">${e(value)}</td></tr>`
		)
		.join('\n');
	const action = due
		? `<p style="margin: 24px 0 8px; text-align: center;"><a href="${e(input.payUrl)}" style="display: inline-block; padding: 14px 28px; border-radius: 8px; background: ${brand}; color: ${onBrand}; font-size: 18px; font-weight: 700; text-decoration: none;">${e(button)}</a></p>
<p style="margin: 0 0 16px; text-align: center; font-size: 14px; color: ${MUTED};">${e(hint)}</p>`
		: `<p style="margin: 24px 0; font-weight: 700; color: #15803d;">${e(paid)}</p>`;

	const html = `<!doctype html>
<html lang="${input.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(subject)}</title></head>
<body style="margin: 0; padding: 0; background: #f1f5f9; color: #0f172a; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; line-height: 1.5;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background: #f1f5f9;"><tr><td align="center" style="padding: 24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width: 560px; background: #ffffff; border-top: 6px solid ${brand}; border-radius: 12px;"><tr><td style="padding: 24px;">
${header}
<p style="margin: 24px 0 8px;">${e(greeting)}</p>
<p style="margin: 0 0 16px;">${e(intro)}</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-top: 1px solid #e2e8f0; border-bottom: 1px solid #e2e8f0;">
${rows}
</table>
${action}
${bank ? `<p style="margin: 0 0 16px;">${e(bank)}</p>` : ''}
<p style="margin: 0 0 24px;"><a href="${e(input.documentUrl)}" style="color: ${ink};">${e(view)}</a></p>
<p style="margin: 0;">${e(closing)}<br>${e(company.name)}</p>
</td></tr></table>
</td></tr></table>
</body>
</html>`;
	return { subject, text, html };
}
