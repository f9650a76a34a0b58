/**
 * Shared by the "new" and "edit" editors: the options they offer and the line actions that let
 * the editor work without JavaScript (each button posts the whole form and gets it back changed).
 */
import { moneyPattern, type MoneyPattern } from '$lib/domain/money';
import { intlLocale } from '$lib/format';
import { translateErrors } from '$lib/invoicing/errorText';
import { emptyLine } from '$lib/invoicing/lineForm';
import { getDb, type Db } from '$lib/server/db';
import { createCustomer, customerName, searchCustomers } from '$lib/server/invoicing/customers';
import { INVOICE_CURRENCIES, readInvoiceForm } from '$lib/server/invoicing/invoices';
import { listJournals } from '$lib/server/invoicing/journals';
import { fail, type RequestEvent } from '@sveltejs/kit';

/**
 * The customer picker's choices: about 20 names matching what was searched (the first 20 by
 * name when nothing was), plus the picked customer wherever it sorts, so the page never carries
 * the whole customer list.
 */
export async function customerOptions(db: Db, companyId: string, pickedId = '', q = '') {
	const [matches, picked] = await Promise.all([
		searchCustomers(db, companyId, q),
		pickedId ? customerName(db, companyId, pickedId) : null
	]);
	return picked && !matches.some((c) => c.id === picked.id) ? [picked, ...matches] : matches;
}

export async function editorOptions(db: Db, companyId: string, pickedId = '') {
	const [customers, journals] = await Promise.all([
		customerOptions(db, companyId, pickedId),
		listJournals(db, companyId)
	]);
	// The live totals are formatted in the browser through these (see MoneyPattern), in the
	// language the page is rendered in.
	const locale = intlLocale();
	const moneyPatterns: Record<string, MoneyPattern> = {};
	for (const c of INVOICE_CURRENCIES) moneyPatterns[c] = moneyPattern(c, locale);
	return {
		customers,
		journals: journals.map((j) => ({ id: j.id, name: j.name })),
		currencies: INVOICE_CURRENCIES,
		moneyPatterns
	};
}

type LineOp = 'add' | 'remove' | 'up' | 'down';

/** A form action that edits the lines and re-renders the form with everything typed. */
export function lineAction(op: LineOp) {
	return async ({ request, locals }: RequestEvent) => {
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
		return { values, errors: {} as Record<string, string>, ...(await picker(locals, data)) };
	};
}

/** What a re-rendered editor needs for its customer picker, from the posted form. */
async function picker(locals: App.Locals, data: FormData) {
	const customerQuery = String(data.get('customerQuery') ?? '').slice(0, 100);
	const customerId = String(data.get('customerId') ?? '');
	return {
		customerQuery,
		customers: await customerOptions(getDb(), locals.company!.id, customerId, customerQuery)
	};
}

/** The picker's search without JavaScript: the form comes back as typed with the matches. */
export async function findCustomer({ request, locals }: RequestEvent) {
	const data = await request.formData();
	return {
		values: readInvoiceForm(data),
		errors: {} as Record<string, string>,
		...(await picker(locals, data))
	};
}

/** A refused save gives the form back with its picker (see `picker`). */
export async function saveFailure(
	locals: App.Locals,
	data: FormData,
	values: ReturnType<typeof readInvoiceForm>,
	errors: Record<string, string>
) {
	return fail(400, { values, errors, ...(await picker(locals, data)) });
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
		return fail(400, {
			values,
			errors: Object.fromEntries(errors),
			newCustomer: typed,
			...(await picker(locals, data))
		});
	}
	return {
		values: { ...values, customerId: r.value.id },
		errors: {} as Record<string, string>,
		customerAdded: r.value.name,
		customerQuery: '',
		customers: await customerOptions(getDb(), locals.company!.id, r.value.id)
	};
}
