import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { mollieConfig, mollieEnabled } from '$lib/server/mollie/config';
import {
	listMollieTransactions,
	summarizeMollieTransactions
} from '$lib/server/mollie/transactions';
import type { Actions, PageServerLoad } from './$types';
import { parseFilters } from './filters';
import { runSync, syncRefusal } from './sync.server';
import { lastReconciledAt } from '$lib/server/mollie/reconcile';

export const load = (async ({ locals, url }) => {
	const db = getDb();
	const companyId = locals.company!.id;
	const parsed = parseFilters(url.searchParams);
	const [page, summary, reconciledAt] = await Promise.all([
		listMollieTransactions(db, companyId, parsed.filters),
		summarizeMollieTransactions(db, companyId, parsed.filters),
		lastReconciledAt(db, companyId)
	]);
	const synced = url.searchParams.get('synced');
	return {
		page,
		summary,
		values: parsed.values,
		errors: parsed.errors,
		query: parsed.query,
		filtered: parsed.query !== '',
		mollieEnabled: mollieEnabled(),
		// When the reconcile job (Cron Trigger / `npm run dev`) last checked this company.
		reconciledAt,
		// Set by the redirect after a successful sync (post/redirect/get: a reload syncs nothing).
		synced: synced && /^\d{1,6}$/.test(synced) ? Number(synced) : null
	};
}) satisfies PageServerLoad;

export const actions = {
	sync: async ({ locals, url }) => {
		if (!mollieEnabled()) return syncRefusal(409, 'not_configured');
		const outcome = await runSync(getDb(), mollieConfig(), locals.company!.id);
		if (!outcome.ok) return syncRefusal(outcome.status, outcome.reason);
		// The form posts to `?/sync&<filters>`: come back to the same filtered list.
		const { query } = parseFilters(url.searchParams);
		redirect(303, `/payments/mollie?${query ? `${query}&` : ''}synced=${outcome.seen}`);
	}
} satisfies Actions;
