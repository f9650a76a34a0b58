import type { InvoiceStatus } from '$lib/domain/status';
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

export function statusLabel(status: InvoiceStatus): string {
	switch (status) {
		case 'draft':
			return m.ledger_status_draft();
		case 'finalized':
			return m.ledger_status_finalized();
		case 'sent':
			return m.ledger_status_sent();
		case 'partially_paid':
			return m.ledger_status_partially_paid();
		case 'paid':
			return m.ledger_status_paid();
		case 'overpaid':
			return m.ledger_status_overpaid();
		case 'credited':
			return m.ledger_status_credited();
	}
}
