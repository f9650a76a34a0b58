import { amountInput, money } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { idField } from '$lib/server/formFields';
import { formFailure, formMessage, parseForm } from '$lib/server/forms';
import {
	invoiceHeading,
	invoiceLedger,
	listPayments,
	registerPayment,
	removePayment,
	todayInBrussels
} from '$lib/server/invoicing/ledger';
import { error, redirect } from '@sveltejs/kit';
import * as z from 'zod/mini';
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

/** Remove: the payment's id (its row's hidden field). */
const removeSchema = z.object({ paymentId: idField() });

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
		if (!form.ok) return formFailure(400, form.errors, form.values);
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
				return formFailure(400, { amount: m.sec_payment_too_large({ max }) }, form.values);
			}
			return formMessage(400, m.ledger_error_not_finalized(), form.values);
		}
		redirect(303, `/invoices/${invoice.id}/payments?done=registered`);
	},
	remove: async ({ locals, params, request }) => {
		const form = parseForm(removeSchema, await request.formData());
		// The invoice id from the URL must match too: a payment is only removed from its own page.
		// An id that is none of ours is as gone as one removed meanwhile.
		const result = form.ok
			? await removePayment(getDb(), locals.company!.id, form.data.paymentId, params.id)
			: ({ ok: false, reason: 'not_found' } as const);
		if (!result.ok) {
			// The page's one shape, on the field of the form that was sent (not the Register form).
			const mollie = result.reason === 'mollie';
			const text = mollie ? m.ledger_error_mollie() : m.ledger_error_gone();
			return formFailure(mollie ? 400 : 404, { paymentId: text }, form.values);
		}
		redirect(303, `/invoices/${params.id}/payments?done=removed`);
	}
} satisfies Actions;
