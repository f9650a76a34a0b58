import { m } from '$lib/paraglide/messages';

/** A readable name for a message kind; kinds added later show as stored until translated. */
export function kindLabel(kind: string): string {
	if (kind === 'password_reset') return m.outbox_kind_password_reset();
	if (kind === 'invoice') return m.share_outbox_kind_invoice();
	return kind;
}
