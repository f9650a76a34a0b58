import { colon, formatDate, formatMoney } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { DEFAULT_THEME, normalizeHex, passesAA, textColorOn } from '$lib/theme';
import { escapeHtml } from './html';
import { defaultEmailText, fillPlaceholders } from './texts';
import { textKindFor } from '$lib/domain/emailTexts';

export interface InvoiceMailInput {
	kind?: 'invoice' | 'credit_note';
	/** The customer's language: every word of the mail, dates and amounts follow it. */
	locale: 'fr' | 'nl' | 'en';
	company: {
		name: string;
		brandColor: string;
		/**
		 * The logo's `src`: `cid:…` for the image attached inline (what mail clients show without
		 * asking to load remote images), or an absolute URL; null shows the name instead.
		 */
		logoUrl: string | null;
		/** The footer's facts; empty ones are left out. */
		street?: string;
		postalCode?: string;
		city?: string;
		vatNumber?: string;
		email?: string;
		phone?: string;
	};
	customerName: string;
	number: string;
	issueDate: string;
	dueDate: string;
	currency: string;
	/** Invoices: still to pay (0: paid, a thank-you instead). Credit notes: the amount credited. */
	amountDueCents: number;
	/** The pay page, or null when no online payment is available for it (then no Pay button). */
	payUrl: string | null;
	/** Where the customer views the document online (the pay page's document), or null. */
	documentUrl: string | null;
	/** Bank details for a transfer; the paragraph is left out unless both are known. */
	iban: string;
	bic?: string;
	ogm: string | null;
	/** What the owner typed in the send form, placeholders filled; default: the built-in text. */
	subject?: string;
	message?: string;
}

const MUTED = '#475569';

/** Text typed by a person, as HTML paragraphs: blank lines split them, single line ends stay. */
function paragraphs(text: string, style: string): string {
	return text
		.split(/\n\s*\n/)
		.map((p) => p.trim())
		.filter(Boolean)
		.map((p) => `<p style="${style}">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
		.join('\n');
}

/**
 * The invoice (or credit note) mail, composed in the customer's language. Pure: the caller sends
 * it. The owner's message opens it; then the summary, the Pay button (only when online payment
 * is available), the bank-transfer details with the structured communication, and the
 * company's footer. Every value that comes from users (names, numbers, addresses, colours, URLs,
 * the message) is escaped or normalized before it touches the HTML; the plain-text part carries
 * the same content.
 */
export function invoiceMail(input: InvoiceMailInput) {
	const o = { locale: input.locale };
	const kind = input.kind ?? 'invoice';
	const credit = kind === 'credit_note';
	const { company, number } = input;
	const date = (iso: string) => formatDate(iso, { dateStyle: 'long' }, input.locale);
	const amount = formatMoney(input.amountDueCents, input.currency, input.locale);
	const due = !credit && input.amountDueCents > 0;
	const sep = colon(input.locale);

	const defaults = defaultEmailText(textKindFor(kind, input.amountDueCents), input.locale);
	const values = {
		locale: input.locale,
		number,
		company: company.name,
		customer: input.customerName,
		currency: input.currency,
		amountCents: input.amountDueCents,
		issueDate: input.issueDate,
		dueDate: input.dueDate
	};
	const subject = input.subject ?? fillPlaceholders(defaults.subject, values);
	const message = (input.message ?? fillPlaceholders(defaults.body, values)).replace(
		/\r\n?/g,
		'\n'
	);
	const facts: [string, string][] = credit
		? [
				[m.doc_number({}, o), number],
				[m.doc_issue_date({}, o), date(input.issueDate)],
				[m.doc_credited({}, o), amount]
			]
		: [
				[m.doc_number({}, o), number],
				[m.doc_issue_date({}, o), date(input.issueDate)],
				[m.doc_due_date({}, o), date(input.dueDate)],
				[m.doc_amount_due({}, o), amount]
			];
	const button = due && input.payUrl ? m.share_mail_pay_button({}, o) : null;
	const hint = m.share_mail_pay_hint({}, o);
	const bank =
		due && input.iban && input.ogm
			? m.share_mail_bank({ iban: input.iban, ogm: input.ogm }, o)
			: null;
	const bic = bank && input.bic ? `BIC${sep}${input.bic}` : null;
	const paid = !credit && !due ? m.doc_paid_in_full({}, o) : null;
	const view = input.documentUrl
		? credit
			? m.mailx_view_credit({}, o)
			: m.share_mail_view({}, o)
		: null;
	const footer = [
		company.name,
		[company.street, [company.postalCode, company.city].filter(Boolean).join(' ')]
			.filter(Boolean)
			.join(', '),
		company.vatNumber ? `${m.doc_vat_number({}, o)}${sep}${company.vatNumber}` : '',
		[company.email, company.phone].filter(Boolean).join(' · ')
	].filter(Boolean);

	const text = [
		message,
		'',
		...facts.map(([label, value]) => `${label}${sep}${value}`),
		'',
		...(button ? [`${button}${sep}${input.payUrl}`, hint, ''] : []),
		...(paid ? [paid, ''] : []),
		...(bank ? [bank, ...(bic ? [bic] : []), ''] : []),
		...(view ? [`${view}${sep}${input.documentUrl}`, ''] : []),
		'—',
		...footer
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
	const action = button
		? `<p style="margin: 24px 0 8px; text-align: center;"><a href="${e(input.payUrl!)}" style="display: inline-block; padding: 14px 28px; border-radius: 8px; background: ${brand}; color: ${onBrand}; font-size: 18px; font-weight: 700; text-decoration: none;">${e(button)}</a></p>
<p style="margin: 0 0 16px; text-align: center; font-size: 14px; color: ${MUTED};">${e(hint)}</p>`
		: paid
			? `<p style="margin: 24px 0; font-weight: 700; color: #15803d;">${e(paid)}</p>`
			: '';

	const html = `<!doctype html>
<html lang="${input.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(subject)}</title></head>
<body style="margin: 0; padding: 0; background: #f1f5f9; color: #0f172a; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; line-height: 1.5;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background: #f1f5f9;"><tr><td align="center" style="padding: 24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width: 560px; background: #ffffff; border-top: 6px solid ${brand}; border-radius: 12px;"><tr><td style="padding: 24px;">
${header}
<div style="margin: 24px 0 16px;">
${paragraphs(message, 'margin: 0 0 12px;')}
</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-top: 1px solid #e2e8f0; border-bottom: 1px solid #e2e8f0;">
${rows}
</table>
${action}
${bank ? `<p style="margin: 16px 0; padding: 12px; background: #f8fafc; border-radius: 8px;">${e(bank)}${bic ? `<br>${e(bic)}` : ''}</p>` : ''}
${view ? `<p style="margin: 0 0 16px;"><a href="${e(input.documentUrl!)}" style="color: ${ink};">${e(view)}</a></p>` : ''}
</td></tr></table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width: 560px;"><tr><td style="padding: 16px 24px; font-size: 13px; color: ${MUTED}; text-align: center;">
${footer.map((line) => e(line)).join('<br>\n')}
</td></tr></table>
</td></tr></table>
</body>
</html>`;
	return { subject, text, html };
}
