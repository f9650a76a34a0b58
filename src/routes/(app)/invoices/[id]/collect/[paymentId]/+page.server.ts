import { error, redirect } from '@sveltejs/kit';
import { isFinal } from '$lib/domain/paymentSync';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { formMessage } from '$lib/server/forms';
import { invoiceBalance } from '$lib/server/invoicing/queries';
import { cancelCollect, collectView } from '$lib/server/mollie/collect';
import { mollieConfig, mollieEnabled } from '$lib/server/mollie/config';
import type { Actions, PageServerLoad } from './$types';

/**
 * The full-screen waiting screen of a payment collected on the spot (issue 15), for a terminal
 * payment and a Bancontact QR alike. It follows the payment live the way the invoice page does:
 * Mollie's webhook updates the payment, the shell's LiveRefresh (fast while `awaitingPayment`)
 * reloads this data, and the load asks Mollie itself when it hasn't heard for a moment.
 */
export const load = (async ({ locals, params, url }) => {
	const db = getDb();
	const companyId = locals.company!.id;
	const config = mollieEnabled() ? mollieConfig() : null;
	const view = await collectView(db, config, companyId, params.id, params.paymentId);
	// Not this company's payment of this invoice (or no such payment): nothing to show.
	if (!view) error(404);
	const { payment } = view;
	if (payment.method !== 'pointofsale' && payment.method !== 'bancontact') error(404);
	const balance = await invoiceBalance(db, companyId, params.id);
	const terminal = url.searchParams.get('terminal');
	return {
		invoiceId: params.id,
		number: view.number ?? '',
		company: view.company,
		kind: payment.method === 'pointofsale' ? ('terminal' as const) : ('qr' as const),
		status: payment.status,
		amountCents: payment.amountCents,
		currency: payment.currency,
		qr: isFinal(payment.status) ? null : view.qr,
		stillDueCents: balance?.balanceCents ?? 0,
		terminalId: terminal && /^term_[A-Za-z0-9]{1,64}$/.test(terminal) ? terminal : '',
		testMode: payment.mode === 'test',
		// The shell polls every 2 s while this is true.
		awaitingPayment: !isFinal(payment.status)
	};
}) satisfies PageServerLoad;

export const actions = {
	cancel: async ({ locals, params, url }) => {
		if (!mollieEnabled()) return formMessage(409, m.collect_not_cancelable());
		const r = await cancelCollect(
			getDb(),
			mollieConfig(),
			locals.company!.id,
			params.id,
			params.paymentId
		);
		if (!r.ok && r.reason === 'not_found') error(404);
		if (!r.ok) return formMessage(409, m.collect_not_cancelable());
		redirect(303, `${url.pathname}${url.search}`);
	}
} satisfies Actions;
