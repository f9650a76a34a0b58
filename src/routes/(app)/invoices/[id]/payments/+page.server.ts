import { amountInput, money } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import {
	invoiceHeading,
	invoiceLedger,
	listPayments,
	registerPayment,
	removePayment,
	todayInBrussels
} from '$lib/server/invoicing/ledger';
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { paymentSchema } from './paymentForm';

export const load = (async ({ locals, params, url }) => {
	const db = getDb();
	const companyId = locals.company!.id;
	const invoice = await invoiceHeading(db, companyId, params.id);
	if (!invoice) error(404);
	const ledger = await invoiceLedger(db, companyId, invoice.id);
	const payments = ledger ? await listPayments(db, companyId, { invoiceId: invoice.id }) : [];
	const today = todayInBrussels();
	return {
		invoice,
		ledger,
		payments,
		today,
		// The form starts on what is still owed, typed the way the user would type it.
		defaultAmount:
			ledger && ledger.balanceCents > 0 ? amountInput(ledger.balanceCents, invoice.currency) : '',
		// Set by the redirect after a successful action (post/redirect/get keeps reloads harmless).
		done: url.searchParams.get('done')
	};
}) satisfies PageServerLoad;

export const actions = {
	register: async ({ locals, params, request }) => {
		const db = getDb();
		const companyId = locals.company!.id;
		const invoice = await invoiceHeading(db, companyId, params.id);
		if (!invoice) error(404);
		const form = parseForm(
			paymentSchema(invoice.currency, todayInBrussels()),
			await request.formData()
		);
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors });
		const result = await registerPayment(db, companyId, invoice.id, {
			date: form.data.date,
			amountCents: form.data.amount,
			method: form.data.method,
			reference: form.data.reference
		});
		if (!result.ok) {
			if (result.reason === 'not_found') error(404);
			if (result.reason === 'amount_too_large') {
				const max = money(invoice.totalCents, invoice.currency);
				return fail(400, {
					values: form.values,
					errors: { amount: m.sec_payment_too_large({ max }) } as FieldErrors
				});
			}
			return fail(400, {
				values: form.values,
				errors: { form: m.ledger_error_not_finalized() } as FieldErrors
			});
		}
		redirect(303, `/invoices/${invoice.id}/payments?done=registered`);
	},
	remove: async ({ locals, params, request }) => {
		const data = await request.formData();
		const paymentId = String(data.get('paymentId') ?? '');
		// The invoice id from the URL must match too: a payment is only removed from its own page.
		const result = await removePayment(getDb(), locals.company!.id, paymentId, params.id);
		if (!result.ok) {
			const message = result.reason === 'mollie' ? m.ledger_error_mollie() : m.ledger_error_gone();
			return fail(result.reason === 'mollie' ? 400 : 404, {
				removeError: message,
				values: {} as Record<string, string>,
				errors: {} as FieldErrors
			});
		}
		redirect(303, `/invoices/${params.id}/payments?done=removed`);
	}
} satisfies Actions;
