import { error, fail, redirect } from '@sveltejs/kit';
import type { Db } from '$lib/server/db';
import { publicBaseUrl } from '$lib/server/mail/baseUrl';
import { payableInvoice, type CustomerLocale } from '$lib/server/mollie/checkout';
import {
	BANCONTACT_QR,
	journalTerminalOf,
	profileTerminals,
	startBancontactQr,
	startTerminalPayment,
	type CollectRefusal
} from '$lib/server/mollie/collect';
import { hasScope, mollieConfig, mollieEnabled } from '$lib/server/mollie/config';
import { logMollieError } from '$lib/server/mollie/errors';
import type { FormFailure } from '$lib/server/forms';
import { collectError } from './collectText';

/**
 * "Collect on the spot" on an open invoice (issue 15): what the panel offers, and its two
 * actions. The amount is the ledger's, never the form's.
 */

export interface CollectPanel {
	journalId: string;
	/** The connection was made before Acquit asked for `terminals.read`: reconnect first. */
	needsReconnect: boolean;
	terminals: { id: string; description: string; model: string | null; active: boolean }[];
	/** Mollie could not list the terminals just now. */
	terminalsUnavailable: boolean;
	defaultTerminalId: string | null;
	/** Above Bancontact's QR maximum: only the pay-link QR is offered. */
	qrOverLimit: boolean;
	dueCents: number;
	currency: string;
}

export async function collectPanel(
	db: Db,
	companyId: string,
	invoiceId: string
): Promise<CollectPanel | null> {
	if (!mollieEnabled()) return null;
	const config = mollieConfig();
	const payable = await payableInvoice(db, config, companyId, invoiceId);
	if (!payable.ok) return null;
	const journal = await journalTerminalOf(db, companyId, invoiceId);
	if (!journal) return null;
	const needsReconnect = !hasScope(payable.connection.scope, 'terminals.read');
	let terminals: CollectPanel['terminals'] = [];
	let terminalsUnavailable = false;
	if (!needsReconnect) {
		try {
			terminals = (await profileTerminals(db, config, companyId, payable.profileId)).map((t) => ({
				id: t.id,
				description: t.description,
				model: t.model,
				active: t.status === 'active'
			}));
		} catch (err) {
			logMollieError('list terminals for the invoice page', err);
			terminalsUnavailable = true;
		}
	}
	return {
		journalId: journal.journalId,
		needsReconnect,
		terminals,
		terminalsUnavailable,
		defaultTerminalId: journal.terminalId,
		qrOverLimit: payable.currency === 'EUR' && payable.dueCents > BANCONTACT_QR.maxCents,
		dueCents: payable.dueCents,
		currency: payable.currency
	};
}

const urls = (url: URL, invoiceId: string) => {
	const base = publicBaseUrl(url);
	return {
		// Mollie sends nobody back for a terminal payment; a Bancontact QR paid in the banking app
		// returns nowhere either. The owner's waiting screen is the natural place all the same.
		returnUrl: `${base}/invoices/${invoiceId}`,
		webhookUrl: `${base}/api/webhooks/mollie`
	};
};

const statusOf = (reason: CollectRefusal) =>
	reason === 'unavailable' || reason === 'busy' ? 503 : reason === 'nothing_due' ? 409 : 400;

/**
 * The invoice page's one refusal shape (as Sync's): the words in `errors.form`, which the panel
 * shows, and `collect` with the reason and the terminal that was chosen, so the panel keeps it.
 */
export const refused = (status: number, reason: CollectRefusal, terminalId: string) =>
	fail(status, {
		errors: { form: collectError(reason) },
		collect: { reason, terminalId }
	} satisfies FormFailure & { collect: CollectFailure });

/** What a refused collect sends back beside its words. */
export interface CollectFailure {
	reason: CollectRefusal;
	terminalId: string;
}

export async function collectAction(
	db: Db,
	kind: 'terminal' | 'qr',
	opts: {
		companyId: string;
		invoiceId: string;
		locale: CustomerLocale;
		url: URL;
		terminalId: string;
	}
) {
	// Not this company's invoice: the same 404 as any other id of another company.
	if (!(await journalTerminalOf(db, opts.companyId, opts.invoiceId))) error(404);
	if (!mollieEnabled()) return refused(409, 'not_connected', '');
	const config = mollieConfig();
	const result =
		kind === 'terminal'
			? await startTerminalPayment(
					db,
					config,
					opts.companyId,
					opts.invoiceId,
					opts.terminalId,
					opts.locale,
					urls(opts.url, opts.invoiceId)
				)
			: await startBancontactQr(
					db,
					config,
					opts.companyId,
					opts.invoiceId,
					opts.locale,
					urls(opts.url, opts.invoiceId)
				);
	if (result.ok) {
		// The terminal rides along in the URL, for the waiting screen's Retry.
		const query = kind === 'terminal' ? `?terminal=${encodeURIComponent(opts.terminalId)}` : '';
		redirect(303, `/invoices/${opts.invoiceId}/collect/${result.paymentId}${query}`);
	}
	return refused(statusOf(result.reason), result.reason, opts.terminalId);
}
