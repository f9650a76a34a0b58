import { BANCONTACT_QR, POINT_OF_SALE } from '$lib/domain/collectLimits';
import { money } from '$lib/format';
import { m } from '$lib/paraglide/messages';

/** The owner's words for why collecting on the spot did not start (nothing was sent). */
export function collectError(reason: string): string {
	switch (reason) {
		case 'terminal_scope':
			return m.collect_err_terminal_scope();
		case 'no_terminal':
			return m.collect_err_no_terminal();
		case 'terminal_inactive':
			return m.collect_err_terminal_inactive();
		case 'terminal_profile':
			return m.collect_err_terminal_profile();
		case 'amount_range':
			return m.collect_err_amount_range({
				posMin: money(POINT_OF_SALE.minCents, 'EUR'),
				posMax: money(POINT_OF_SALE.maxCents, 'EUR'),
				qrMin: money(BANCONTACT_QR.minCents, 'EUR'),
				qrMax: money(BANCONTACT_QR.maxCents, 'EUR')
			});
		case 'currency':
			return m.collect_err_currency();
		case 'unavailable':
			return m.collect_err_unavailable();
		case 'busy':
			return m.collect_err_busy();
		case 'refused':
			return m.collect_err_refused();
		case 'qr_over_limit':
			return m.collect_err_qr_over_limit({ max: money(BANCONTACT_QR.maxCents, 'EUR') });
		default:
			return m.collect_err_other();
	}
}
