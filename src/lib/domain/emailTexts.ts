// The texts an email about a document starts from (Settings → Email texts), one per kind and
// customer language. Plain data: the server's texts module, the schema and the settings page
// all take the lists from here.

/** An invoice still to pay, an invoice paid in full (its email is a receipt), a credit note. */
export const TEXT_KINDS = ['invoice', 'paid_invoice', 'credit_note'] as const;
export type TextKind = (typeof TEXT_KINDS)[number];

export const TEXT_LOCALES = ['fr', 'nl', 'en'] as const;
export type TextLocale = (typeof TEXT_LOCALES)[number];

/**
 * Which text a document's email starts from: an invoice with nothing left to pay gets the paid
 * one ("€ 0,00 to pay by …" would be wrong).
 */
export function textKindFor(kind: 'invoice' | 'credit_note', amountDueCents: number): TextKind {
	if (kind === 'credit_note') return 'credit_note';
	return amountDueCents > 0 ? 'invoice' : 'paid_invoice';
}
