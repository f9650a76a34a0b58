import { getDb } from '$lib/server/db';
import { isIsoDate } from '$lib/server/invoicing/common';
import { listCustomers } from '$lib/server/invoicing/customers';
import { listJournals } from '$lib/server/invoicing/journals';
import { listInvoices, type InvoiceFilters, type ListStatus } from '$lib/server/invoicing/queries';
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
	const filters: InvoiceFilters = {
		q: p('q'),
		status,
		journalId: p('journal'),
		customerId: p('customer'),
		from: isIsoDate(p('from')) ? p('from') : '',
		to: isIsoDate(p('to')) ? p('to') : ''
	};
	const list = await listInvoices(db, companyId, filters);
	return {
		...list,
		filters,
		statuses: STATUSES,
		journals: (await listJournals(db, companyId, { archived: true })).map((j) => ({
			id: j.id,
			name: j.name
		})),
		customers: (await listCustomers(db, companyId)).map((c) => ({ id: c.id, name: c.name }))
	};
}) satisfies PageServerLoad;
