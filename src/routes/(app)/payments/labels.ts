import type { InvoiceStatus } from '$lib/domain/status';
import { invoiceStatusLabel } from '$lib/labels';
import { m } from '$lib/paraglide/messages';

type PaymentMethod = 'bank_transfer' | 'cash' | 'card' | 'mollie' | 'other';

// Shared by the Payments overview and the per-invoice payments page (both in the user's language).

export function methodLabel(method: PaymentMethod): string {
	switch (method) {
		case 'bank_transfer':
			return m.ledger_method_bank_transfer();
		case 'cash':
			return m.ledger_method_cash();
		case 'card':
			return m.ledger_method_card();
		case 'mollie':
			return m.ledger_method_mollie();
		case 'other':
			return m.ledger_method_other();
	}
}

/** The same words as the invoice pages (one per status): see `$lib/labels`. */
export function statusLabel(status: InvoiceStatus): string {
	return invoiceStatusLabel(status);
}
