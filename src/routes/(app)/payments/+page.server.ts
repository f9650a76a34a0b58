import { getDb } from '$lib/server/db';
import { listPayments, paymentTotalsByMethod, todayInBrussels } from '$lib/server/invoicing/ledger';
import type { PageServerLoad } from './$types';
import { periodRange } from './period';

const LIMIT = 200;

export const load = (async ({ locals, url }) => {
	const db = getDb();
	const companyId = locals.company!.id;
	const range = periodRange(url.searchParams, todayInBrussels());
	const bounds = { from: range.from, to: range.to };
	const [totals, payments] = await Promise.all([
		paymentTotalsByMethod(db, companyId, bounds),
		listPayments(db, companyId, { ...bounds, limit: LIMIT })
	]);
	return {
		// Mollie gets its line only once it has brought money in (the Mollie issue adds "Show").
		sources: totals.filter((t) => t.method !== 'mollie' || t.count > 0),
		payments,
		limited: payments.length === LIMIT,
		limit: LIMIT,
		range,
		// Echo what was typed so a bad custom date stays in the field.
		typed: { from: url.searchParams.get('from') ?? '', to: url.searchParams.get('to') ?? '' }
	};
}) satisfies PageServerLoad;
