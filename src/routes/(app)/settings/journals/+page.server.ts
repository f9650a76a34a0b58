import { getDb } from '$lib/server/db';
import { todayInBrussels } from '$lib/server/invoicing/common';
import { listJournals } from '$lib/server/invoicing/journals';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => ({
	journals: await listJournals(getDb(), locals.company!.id, { archived: true }),
	// The next numbers as finalizing would give them: dated in Brussels (a UTC date would show
	// last year's numbers in the first hour of January there).
	today: todayInBrussels()
})) satisfies PageServerLoad;
