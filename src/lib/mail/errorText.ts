import { m } from '$lib/paraglide/messages';

const WORDS: Record<string, () => string> = {
	connection: m.mail_error_connection,
	timeout: m.mail_error_timeout,
	tls: m.mail_error_tls,
	no_starttls: m.einv_mail_error_no_starttls,
	auth: m.mail_error_auth,
	recipient: m.mail_error_recipient,
	rejected: m.mail_error_rejected,
	too_large: m.mail_error_too_large,
	config: m.mail_error_config,
	secrets: m.mail_error_secrets
};

/** Why a message was not sent, in plain words (the server's own words are shown beside it). */
export function mailErrorText(kind: string | null): string {
	return (WORDS[kind ?? ''] ?? m.mail_error_unknown)();
}
