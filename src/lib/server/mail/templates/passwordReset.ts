import { m } from '$lib/paraglide/messages';
import { escapeHtml } from '../html';

type Locale = 'en' | 'fr' | 'nl';

/**
 * The reset mail in an explicit locale: it is written for the account's company language,
 * not for whoever happens to be asking in the browser.
 */
export function passwordResetMail(input: { name: string; link: string; locale: Locale }) {
	const opts = { locale: input.locale };
	const subject = m.mail_reset_subject({}, opts);
	const greeting = m.mail_reset_greeting({ name: input.name }, opts);
	const intro = m.mail_reset_intro({}, opts);
	const action = m.mail_reset_action({}, opts);
	const expiry = m.mail_reset_expiry({}, opts);
	const ignore = m.mail_reset_ignore({}, opts);
	const text = [greeting, '', intro, '', input.link, '', expiry, ignore, '', 'Acquit'].join('\n');
	const link = escapeHtml(input.link);
	const html = `<!doctype html>
<html lang="${input.locale}">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #0f172a;">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(intro)}</p>
<p><a href="${link}" style="display: inline-block; padding: 0.6rem 1.1rem; background: #0f766e; color: #fff; border-radius: 0.5rem; text-decoration: none;">${escapeHtml(action)}</a></p>
<p style="word-break: break-all; font-size: 0.9rem;">${link}</p>
<p>${escapeHtml(expiry)} ${escapeHtml(ignore)}</p>
<p>Acquit</p>
</body>
</html>`;
	return { subject, text, html };
}
