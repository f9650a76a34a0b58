import type { InvoiceStatus } from '$lib/domain/status';
import type { VatCategory } from '$lib/domain/vat';
import { m } from '$lib/paraglide/messages';

export function vatLabel(v: VatCategory | string): string {
	switch (v) {
		case '21':
		case '12':
		case '6':
		case '0':
			return `${v} %`;
		case 'reverse_charge_be':
			return m.inv_vat_reverse_be();
		case 'reverse_charge_eu_services':
			return m.inv_vat_reverse_eu();
		case 'intra_eu_supply_exempt':
			return m.inv_vat_intra_eu();
		default:
			return v;
	}
}

export function statusLabel(s: InvoiceStatus | 'overdue'): string {
	const labels: Record<InvoiceStatus | 'overdue', () => string> = {
		draft: m.inv_status_draft,
		finalized: m.inv_status_finalized,
		sent: m.inv_status_sent,
		partially_paid: m.inv_status_partially_paid,
		paid: m.inv_status_paid,
		overpaid: m.inv_status_overpaid,
		credited: m.inv_status_credited,
		overdue: m.inv_status_overdue
	};
	return labels[s]();
}
