import { getDb } from '$lib/server/db';
import {
	listPaymentsQuery,
	paymentTotalsQuery,
	todayInBrussels,
	toMethodTotals
} from '$lib/server/invoicing/ledger';
import { mollieLedgerPresenceQuery, toMollieLedgerPresence } from '$lib/server/mollie/transactions';
import type { PageServerLoad } from './$types';
import { periodRange } from './period';

// The latest 50 of the period, like every list's page: the page's size and time do not follow
// the period's activity (the totals above count all of it).
const LIMIT = 50;

export const load = (async ({ locals, url }) => {
	const db = getDb();
	const companyId = locals.company!.id;
	const range = periodRange(url.searchParams, todayInBrussels());
	const bounds = { from: range.from, to: range.to };
	// Independent reads in one batch: one round trip to a remote database.
	const [totalRows, payments, presence] = await db.batch([
		paymentTotalsQuery(db, companyId, bounds),
		listPaymentsQuery(db, companyId, { ...bounds, limit: LIMIT }),
		mollieLedgerPresenceQuery(db, companyId, bounds)
	]);
	const totals = toMethodTotals(totalRows);
	const mollie = toMollieLedgerPresence(presence);
	return {
		// Mollie gets its line (with "Show" → its transactions) once it has brought money in, and
		// keeps it for periods without any so the link doesn't come and go.
		sources: totals.filter((t) => t.method !== 'mollie' || mollie.hasEntries),
		mollieTest: mollie.hasTest,
		payments,
		limited: payments.length === LIMIT,
		limit: LIMIT,
		range,
		// Echo what was typed so a bad custom date stays in the field.
		typed: { from: url.searchParams.get('from') ?? '', to: url.searchParams.get('to') ?? '' }
	};
}) satisfies PageServerLoad;
