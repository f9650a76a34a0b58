import { BANCONTACT_QR, POINT_OF_SALE } from '$lib/domain/collectLimits';
import { money } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import type { CollectRefusal } from '$lib/server/mollie/collect';

/** The general text, for what only reconnecting or the Apps page can mend. */
const other = () => m.collect_err_other();

/**
 * The owner's words for why collecting on the spot did not start (nothing was sent), one per
 * refusal (one missing: no build).
 */
const TEXT: Record<CollectRefusal, () => string> = {
	terminal_scope: () => m.collect_err_terminal_scope(),
	no_terminal: () => m.collect_err_no_terminal(),
	terminal_inactive: () => m.collect_err_terminal_inactive(),
	terminal_profile: () => m.collect_err_terminal_profile(),
	amount_range: () =>
		m.collect_err_amount_range({
			posMin: money(POINT_OF_SALE.minCents, 'EUR'),
			posMax: money(POINT_OF_SALE.maxCents, 'EUR'),
			qrMin: money(BANCONTACT_QR.minCents, 'EUR'),
			qrMax: money(BANCONTACT_QR.maxCents, 'EUR')
		}),
	currency: () => m.collect_err_currency(),
	unavailable: () => m.collect_err_unavailable(),
	busy: () => m.collect_err_busy(),
	refused: () => m.collect_err_refused(),
	qr_over_limit: () => m.collect_err_qr_over_limit({ max: money(BANCONTACT_QR.maxCents, 'EUR') }),
	not_connected: other,
	reconnect: other,
	no_profile: other,
	nothing_due: other,
	no_methods: other,
	misconfigured: other
};

export const collectError = (reason: CollectRefusal): string => TEXT[reason]();
