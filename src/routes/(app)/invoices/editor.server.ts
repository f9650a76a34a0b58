/**
 * Shared by the "new" and "edit" editors: the options they offer and the line actions that let
 * the editor work without JavaScript (each button posts the whole form and gets it back changed).
 */
import { moneyPattern, type MoneyPattern } from '$lib/domain/money';
import { intlLocale } from '$lib/format';
import { errorText, translateErrors } from '$lib/invoicing/errorText';
import { emptyLine } from '$lib/invoicing/lineForm';
import { getDb, type Db } from '$lib/server/db';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { idField, text } from '$lib/server/formFields';
import { createCustomer, customerName, searchCustomers } from '$lib/server/invoicing/customers';
import { INVOICE_CURRENCIES, readInvoiceForm } from '$lib/server/invoicing/invoices';
import { listJournals } from '$lib/server/invoicing/journals';
import { fail, type RequestEvent } from '@sveltejs/kit';
import * as z from 'zod/mini';

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

/** The line a button acts on (none for Add); an index that is no number is refused. */
const lineSchema = z.object({
	line: z._default(
		z.pipe(
			z.string().check(z.regex(/^\d{1,4}$/, { error: () => errorText('invalid') })),
			z.transform(Number)
		),
		-1
	)
});

/** A form action that edits the lines and re-renders the form with everything typed. */
export function lineAction(op: LineOp) {
	return async ({ request, locals }: RequestEvent) => {
		const data = await request.formData();
		const values = readInvoiceForm(data);
		const picked = parseForm(lineSchema, data);
		if (!picked.ok) return editorReply(locals, data, values, { form: picked.errors.line! });
		const i = picked.data.line;
		const lines = values.lines;
		const valid = Number.isInteger(i) && i >= 0 && i < lines.length;
		if (op === 'add') lines.push(emptyLine(lines.at(-1)?.vat || '21'));
		else if (op === 'remove' && valid) lines.splice(i, 1);
		else if (op === 'up' && valid && i > 0) [lines[i - 1], lines[i]] = [lines[i]!, lines[i - 1]!];
		else if (op === 'down' && valid && i < lines.length - 1) {
			[lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!];
		}
		return editorReply(locals, data, values);
	};
}

const MAX_QUERY = 100;

/**
 * The customer picker's fields: what was searched (cut to its maximum) and the customer picked,
 * an id (anything else is refused as an unknown customer).
 */
const pickerSchema = z.object({
	customerQuery: z.pipe(
		text(),
		z.transform((q) => q.slice(0, MAX_QUERY))
	),
	customerId: z._default(
		idField(() => errorText('not_found')),
		''
	)
});

/**
 * The editor given back as typed, with its customer picker read from the posted form; refused
 * (400) when there are errors, the picker's own included.
 */
async function editorReply(
	locals: App.Locals,
	data: FormData,
	values: ReturnType<typeof readInvoiceForm>,
	errors: FieldErrors = {},
	extra: { newCustomer?: Record<string, string> } = {}
) {
	const read = parseForm(pickerSchema, data);
	const customerQuery = read.ok
		? read.data.customerQuery
		: (read.values.customerQuery ?? '').slice(0, MAX_QUERY);
	const reply = {
		values,
		errors: read.ok ? errors : { ...errors, ...read.errors },
		...extra,
		customerQuery,
		customers: await customerOptions(
			getDb(),
			locals.company!.id,
			read.ok ? read.data.customerId : '',
			customerQuery
		)
	};
	return Object.keys(reply.errors).length ? fail(400, reply) : reply;
}

/** The picker's search without JavaScript: the form comes back as typed with the matches. */
export async function findCustomer({ request, locals }: RequestEvent) {
	const data = await request.formData();
	return editorReply(locals, data, readInvoiceForm(data));
}

/** A refused save gives the form back with its picker (see `editorReply`). */
export async function saveFailure(
	locals: App.Locals,
	data: FormData,
	values: ReturnType<typeof readInvoiceForm>,
	errors: Record<string, string>
) {
	return editorReply(locals, data, values, errors);
}

export const lineActions = {
	addLine: lineAction('add'),
	removeLine: lineAction('remove'),
	moveUp: lineAction('up'),
	moveDown: lineAction('down')
};

const NEW_CUSTOMER_FIELDS = ['name', 'emails', 'locale'] as const;

/** "New customer"'s fields as typed (createCustomer checks them, in its own words). */
const newCustomerSchema = z.object(
	Object.fromEntries(NEW_CUSTOMER_FIELDS.map((f) => [`newCustomer_${f}`, text()]))
);

/**
 * "New customer" in the editor: creates the customer from the `newCustomer_*` fields and gives
 * the invoice back as typed, with that customer picked. The invoice itself is not saved.
 */
export async function addCustomer({ request, locals }: RequestEvent) {
	const data = await request.formData();
	const values = readInvoiceForm(data);
	const form = parseForm(newCustomerSchema, data);
	const typed = Object.fromEntries(
		NEW_CUSTOMER_FIELDS.map((f) => [f, form.ok ? form.data[`newCustomer_${f}`] : ''])
	);
	const r = await createCustomer(getDb(), locals.company!.id, typed);
	if (!r.ok) {
		const errors = Object.entries(translateErrors(r.errors)).map(([k, v]) => [
			`newCustomer_${k}`,
			v
		]);
		return editorReply(locals, data, values, Object.fromEntries(errors), { newCustomer: typed });
	}
	return {
		values: { ...values, customerId: r.value.id },
		errors: {} as Record<string, string>,
		customerAdded: r.value.name,
		customerQuery: '',
		customers: await customerOptions(getDb(), locals.company!.id, r.value.id)
	};
}
