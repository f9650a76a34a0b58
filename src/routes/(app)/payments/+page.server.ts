import { getDb } from '$lib/server/db';
import { listPayments, paymentTotalsByMethod, todayInBrussels } from '$lib/server/invoicing/ledger';
import { mollieLedgerPresence } from '$lib/server/mollie/transactions';
import type { PageServerLoad } from './$types';
import { periodRange } from './period';

const LIMIT = 200;

export const load = (async ({ locals, url }) => {
	const db = getDb();
	const companyId = locals.company!.id;
	const range = periodRange(url.searchParams, todayInBrussels());
	const bounds = { from: range.from, to: range.to };
	const [totals, payments, mollie] = await Promise.all([
		paymentTotalsByMethod(db, companyId, bounds),
		listPayments(db, companyId, { ...bounds, limit: LIMIT }),
		mollieLedgerPresence(db, companyId, bounds)
	]);
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
