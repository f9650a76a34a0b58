import { m } from '$lib/paraglide/messages';
import { escapeHtml } from '../html';

type Locale = 'en' | 'fr' | 'nl';

const button = (href: string, label: string) =>
	`<a href="${escapeHtml(href)}" style="display: inline-block; padding: 0.6rem 1.1rem; background: #0f766e; color: #fff; border-radius: 0.5rem; text-decoration: none;">${escapeHtml(label)}</a>`;

function page(locale: Locale, subject: string, body: string) {
	return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #0f172a;">
${body}
<p>Acquit</p>
</body>
</html>`;
}

/** The link that confirms a new account's address, in the company's language. */
export function emailConfirmationMail(input: { name: string; link: string; locale: Locale }) {
	const o = { locale: input.locale };
	const subject = m.econf_mail_subject({}, o);
	const greeting = m.econf_mail_greeting({ name: input.name }, o);
	const intro = m.econf_mail_intro({}, o);
	const action = m.econf_mail_action({}, o);
	const expiry = m.econf_mail_expiry({}, o);
	const ignore = m.econf_mail_ignore({}, o);
	const text = [greeting, '', intro, '', input.link, '', expiry, ignore, '', 'Acquit'].join('\n');
	const html = page(
		input.locale,
		subject,
		`<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(intro)}</p>
<p>${button(input.link, action)}</p>
<p style="word-break: break-all; font-size: 0.9rem;">${escapeHtml(input.link)}</p>
<p>${escapeHtml(expiry)} ${escapeHtml(ignore)}</p>`
	);
	return { subject, text, html };
}

/** To an address that already has an account, when someone signs up with it again. */
export function signupAttemptMail(input: {
	name: string;
	loginLink: string;
	resetLink: string;
	locale: Locale;
}) {
	const o = { locale: input.locale };
	const subject = m.econf_attempt_subject({}, o);
	const greeting = m.econf_mail_greeting({ name: input.name }, o);
	const intro = m.econf_attempt_intro({}, o);
	const login = m.econf_attempt_login({}, o);
	const reset = m.econf_attempt_reset({}, o);
	const ignore = m.econf_attempt_ignore({}, o);
	const text = [
		greeting,
		'',
		intro,
		'',
		`${login}: ${input.loginLink}`,
		`${reset}: ${input.resetLink}`,
		'',
		ignore,
		'',
		'Acquit'
	].join('\n');
	const html = page(
		input.locale,
		subject,
		`<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(intro)}</p>
<p>${button(input.loginLink, login)}</p>
<p><a href="${escapeHtml(input.resetLink)}">${escapeHtml(reset)}</a></p>
<p>${escapeHtml(ignore)}</p>`
	);
	return { subject, text, html };
}
