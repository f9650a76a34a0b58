import { error, redirect } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { currencyDecimals } from '$lib/domain/money';
import { formatMoney } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { amountField } from '$lib/server/formFields';
import { formFailure, formValues, parseValues } from '$lib/server/forms';
import { mollieConfig } from '$lib/server/mollie/config';
import { MollieReconnectNeeded, MollieUnavailable } from '$lib/server/mollie/errors';
import { refreshPayment, refundPayment, type RefundError } from '$lib/server/mollie/sync';
import { molliePaymentDetail } from '$lib/server/mollie/transactions';
import { randomId } from '$lib/server/secrets/ids';
import { afterSuccess, canRefund, mollieProblem, safeBack } from '../actions.server';
import { actionErrorText, AMOUNT_ERRORS, type ActionError } from '../errorText';
import type { Actions, PageServerLoad } from './$types';

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The refund's amount in cents as typed; errors are the page's codes (errorText). What is left to
 * refund is the service's to say (`too_much`), on the same field.
 */
const refundSchema = (currency: string) => z.object({ amount: amountField(currency, (e) => e) });

/** The service's refusals (one missing: no build); each one's text is the page's (errorText). */
const REFUND_STATUS: Record<Exclude<RefundError, 'not_found'>, number> = {
	not_paid: 409,
	amount_positive: 400,
	too_much: 400,
	unavailable: 503,
	refused: 422,
	duplicate: 409
};

export const load = (async ({ locals, params, url }) => {
	const payment = await molliePaymentDetail(getDb(), locals.company!.id, params.id);
	if (!payment) error(404);
	return {
		payment,
		canRefund: canRefund(locals.user?.role),
		back: safeBack(url.searchParams.get('back')),
		// Set by the redirect after a successful action (post/redirect/get).
		done: url.searchParams.get('done'),
		// The refund form's nonce: resubmitting the same form (after a timeout) sends the same
		// Idempotency-Key, so Mollie answers with the first refund instead of paying twice.
		refundNonce: randomId()
	};
}) satisfies PageServerLoad;

type Payment = NonNullable<Awaited<ReturnType<typeof molliePaymentDetail>>>;

/**
 * The page's one refusal shape: the text on the amount field or above the page (`form`), and
 * what the form sent back (the amount as typed, `back`, the refund's nonce).
 */
function refusal(
	status: number,
	code: ActionError,
	values: Record<string, string>,
	payment?: Payment,
	detail?: string
) {
	const text =
		code === 'refused' && detail
			? m.mp_refund_refused_detail({ detail })
			: actionErrorText(code, {
					max: payment ? formatMoney(payment.refundableCents, payment.currency) : '',
					decimals: payment ? currencyDecimals(payment.currency) : 2
				});
	const field = AMOUNT_ERRORS.has(code) ? 'amount' : 'form';
	return formFailure(status, { [field]: text }, values);
}

export const actions = {
	refresh: async ({ locals, params, request }) => {
		const db = getDb();
		const companyId = locals.company!.id;
		const back = safeBack(formValues(await request.formData()).back ?? null);
		const fails = (status: number, code: ActionError) =>
			refusal(status, code, back ? { back } : {});
		const problem = await mollieProblem(db, companyId);
		if (problem) return fails(409, problem);
		try {
			const row = await refreshPayment(db, mollieConfig(), companyId, params.id);
			if (!row) error(404);
		} catch (err) {
			if (err instanceof MollieReconnectNeeded) return fails(409, 'reconnect');
			if (err instanceof MollieUnavailable) return fails(503, 'unavailable');
			throw err;
		}
		redirect(303, afterSuccess(back, params.id, 'refreshed'));
	},

	refund: async ({ locals, params, request }) => {
		const db = getDb();
		const companyId = locals.company!.id;
		const form = formValues(await request.formData());
		const back = safeBack(form.back ?? null);
		const typed = form.amount ?? '';
		const nonce = NONCE.test(form.nonce ?? '') ? form.nonce! : randomId();
		// What was typed goes back into the field whatever went wrong, with the same nonce.
		const values = { amount: typed, nonce, ...(back ? { back } : {}) };
		let payment: Payment | null = null;
		const fails = (status: number, code: ActionError, detail?: string) =>
			refusal(status, code, values, payment ?? undefined, detail);
		if (!canRefund(locals.user?.role)) return fails(403, 'forbidden');
		payment = await molliePaymentDetail(db, companyId, params.id);
		if (!payment) error(404);
		if (payment.status !== 'paid') return fails(409, 'not_paid');
		const amount = parseValues(refundSchema(payment.currency), { amount: typed });
		if (!amount.ok) return fails(400, (amount.errors.amount ?? 'amount') as ActionError);
		const problem = await mollieProblem(db, companyId);
		if (problem) return fails(409, problem);
		// Mollie shows the description to the customer: in the customer's language.
		const description = m.tx_refund_description(
			{ number: payment.invoiceNumber ?? '' },
			{ locale: payment.customerLocale }
		);
		const result = await refundPayment(
			db,
			mollieConfig(),
			companyId,
			params.id,
			amount.data.amount,
			description,
			// Another amount typed into the same form is another refund.
			`refund-${params.id}-${nonce}-${amount.data.amount}`
		);
		if (!result.ok) {
			if (result.error === 'not_found') error(404);
			const detail = result.error === 'refused' ? result.detail : undefined;
			return fails(REFUND_STATUS[result.error], result.error, detail);
		}
		redirect(303, afterSuccess(back, params.id, 'refund_requested'));
	}
} satisfies Actions;
