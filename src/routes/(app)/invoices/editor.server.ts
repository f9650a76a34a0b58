/**
 * Shared by the "new" and "edit" editors: the options they offer and the line actions that let
 * the editor work without JavaScript (each button posts the whole form and gets it back changed).
 */
import { translateErrors } from '$lib/invoicing/errorText';
import { emptyLine } from '$lib/invoicing/lineForm';
import { getDb, type Db } from '$lib/server/db';
import { createCustomer, listCustomers } from '$lib/server/invoicing/customers';
import { INVOICE_CURRENCIES, readInvoiceForm } from '$lib/server/invoicing/invoices';
import { listJournals } from '$lib/server/invoicing/journals';
import { fail, type RequestEvent } from '@sveltejs/kit';

export async function editorOptions(db: Db, companyId: string) {
	const customers = await listCustomers(db, companyId);
	const journals = await listJournals(db, companyId);
	return {
		customers: customers.map((c) => ({ id: c.id, name: c.name })),
		journals: journals.map((j) => ({ id: j.id, name: j.name })),
		currencies: INVOICE_CURRENCIES
	};
}

type LineOp = 'add' | 'remove' | 'up' | 'down';

/** A form action that edits the lines and re-renders the form with everything typed. */
export function lineAction(op: LineOp) {
	return async ({ request }: RequestEvent) => {
		const data = await request.formData();
		const values = readInvoiceForm(data);
		const i = Number(data.get('line'));
		const lines = values.lines;
		const valid = Number.isInteger(i) && i >= 0 && i < lines.length;
		if (op === 'add') lines.push(emptyLine(lines.at(-1)?.vat || '21'));
		else if (op === 'remove' && valid) lines.splice(i, 1);
		else if (op === 'up' && valid && i > 0) [lines[i - 1], lines[i]] = [lines[i]!, lines[i - 1]!];
		else if (op === 'down' && valid && i < lines.length - 1) {
			[lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!];
		}
		return { values, errors: {} as Record<string, string> };
	};
}

export const lineActions = {
	addLine: lineAction('add'),
	removeLine: lineAction('remove'),
	moveUp: lineAction('up'),
	moveDown: lineAction('down')
};

const NEW_CUSTOMER_FIELDS = ['name', 'emails', 'locale'] as const;

/**
 * "New customer" in the editor: creates the customer from the `newCustomer_*` fields and gives
 * the invoice back as typed, with that customer picked. The invoice itself is not saved.
 */
export async function addCustomer({ request, locals }: RequestEvent) {
	const data = await request.formData();
	const values = readInvoiceForm(data);
	const typed = Object.fromEntries(
		NEW_CUSTOMER_FIELDS.map((f) => [f, String(data.get(`newCustomer_${f}`) ?? '')])
	);
	const r = await createCustomer(getDb(), locals.company!.id, typed);
	if (!r.ok) {
		const errors = Object.entries(translateErrors(r.errors)).map(([k, v]) => [
			`newCustomer_${k}`,
			v
		]);
		return fail(400, { values, errors: Object.fromEntries(errors), newCustomer: typed });
	}
	return {
		values: { ...values, customerId: r.value.id },
		errors: {} as Record<string, string>,
		customerAdded: r.value.name
	};
}
