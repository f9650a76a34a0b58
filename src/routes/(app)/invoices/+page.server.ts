import { moneyByCurrency, withListText } from '$lib/format';
import { getDb } from '$lib/server/db';
import { isIsoDate } from '$lib/server/invoicing/common';
import { customerName } from '$lib/server/invoicing/customers';
import { listJournals } from '$lib/server/invoicing/journals';
import {
	listInvoices,
	openTotals,
	type InvoiceFilters,
	type ListStatus
} from '$lib/server/invoicing/queries';
import type { PageServerLoad } from './$types';

const STATUSES: ListStatus[] = [
	'draft',
	'finalized',
	'sent',
	'partially_paid',
	'paid',
	'overdue',
	'credited',
	'overpaid'
];

export const load = (async ({ locals, url }) => {
	const db = getDb();
	const companyId = locals.company!.id;
	const p = (k: string) => url.searchParams.get(k)?.trim() ?? '';
	const status = STATUSES.find((s) => s === p('status')) ?? '';
	// `customer=<id>` comes from a customer's page; the form's own field searches by name (`cq`).
	const byId = p('customer') ? await customerName(db, companyId, p('customer')) : null;
	const filters: InvoiceFilters = {
		q: p('q'),
		status,
		journalId: p('journal'),
		customerId: byId?.id ?? '',
		customerText: byId ? '' : p('cq'),
		from: isIsoDate(p('from')) ? p('from') : '',
		to: isIsoDate(p('to')) ? p('to') : ''
	};
	// The filters as a query string, for the page links (the cursor is added to it).
	const query = new URLSearchParams();
	for (const k of ['q', 'status', 'journal', 'customer', 'cq', 'from', 'to']) {
		if (p(k)) query.set(k, p(k));
	}
	const [page, totals, journals] = await Promise.all([
		listInvoices(db, companyId, { ...filters, after: p('after'), before: p('before') }),
		openTotals(db, companyId, filters),
		listJournals(db, companyId, { archived: true })
	]);
	return {
		// Amounts and dates as text from here: the browser hydrates the page without Intl.
		page: { ...page, rows: page.rows.map(withListText) },
		openParts: moneyByCurrency(totals.open),
		overdueParts: moneyByCurrency(totals.overdue),
		filters,
		customerQuery: byId?.name ?? p('cq'),
		query: query.toString(),
		statuses: STATUSES,
		journals: journals.map((j) => ({ id: j.id, name: j.name }))
	};
}) satisfies PageServerLoad;
