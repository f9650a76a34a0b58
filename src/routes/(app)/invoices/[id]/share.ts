import { formatDate, formatMoney } from '$lib/format';
import { m } from '$lib/paraglide/messages';

export interface ShareInfo {
	url: string;
	/** The customer's language: what they read (the shared text, the QR's caption). */
	locale: 'fr' | 'nl' | 'en';
	title: string;
	text: string;
	mailto: string;
	whatsapp: string;
	qrTitle: string;
	/** Inline SVG of the link's QR code. */
	qr: string;
	/** Where "Send by email" goes, or null when the customer has no address. */
	email: string | null;
	/** Nothing left to pay: the link shows the invoice and its receipt, not a way to pay. */
	paid: boolean;
}

interface ShareInput {
	url: string;
	locale: 'fr' | 'nl' | 'en';
	number: string;
	company: string;
	amountDueCents: number;
	currency: string;
	dueDate: string;
	email: string | null;
	qr: string;
}

/**
 * The words that travel with the link, in the customer's language (not the owner's). The link
 * goes in `url` for the share sheet, which adds it to the text itself; mail and WhatsApp only
 * carry text, so there it is spelled out.
 */
export function shareInfo(input: ShareInput): ShareInfo {
	const o = { locale: input.locale };
	const { number, company, url } = input;
	const title = m.share_msg_title({ number, company }, o);
	const paid = input.amountDueCents <= 0;
	const text = paid
		? m.share_msg_text_paid({ number, company }, o)
		: m.share_msg_text(
				{
					number,
					company,
					amount: formatMoney(input.amountDueCents, input.currency, input.locale),
					date: formatDate(input.dueDate, { dateStyle: 'long' }, input.locale)
				},
				o
			);
	const pay = paid ? m.share_msg_view({ link: url }, o) : m.share_msg_pay({ link: url }, o);
	// The address was validated when the customer was saved; '@' stays readable for mail apps.
	const to = input.email ? encodeURIComponent(input.email).replace(/%40/g, '@') : '';
	const body = `${text}\r\n\r\n${pay}`;
	return {
		url,
		locale: input.locale,
		title,
		text,
		mailto: `mailto:${to}?subject=${encodeURIComponent(title)}&body=${encodeURIComponent(body)}`,
		whatsapp: `https://wa.me/?text=${encodeURIComponent(`${text}\n${pay}`)}`,
		qrTitle: paid ? m.share_qr_title_paid({ number }, o) : m.share_qr_title({ number }, o),
		qr: input.qr,
		email: input.email,
		paid
	};
}
