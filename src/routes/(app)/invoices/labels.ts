import type { InvoiceStatus } from '$lib/domain/status';
import type { VatCategory } from '$lib/domain/vat';
import { invoiceStatusLabel } from '$lib/labels';
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

/** One word per status everywhere: see `$lib/labels`. */
export function statusLabel(s: InvoiceStatus | 'overdue'): string {
	return invoiceStatusLabel(s);
}
