import { getDb } from '$lib/server/db';
import { listCustomers } from '$lib/server/invoicing/customers';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const q = url.searchParams.get('q') ?? '';
	const archived = url.searchParams.get('archived') === '1';
	const customers = await listCustomers(getDb(), locals.company!.id, { q, archived });
	return { customers, q, archived };
}) satisfies PageServerLoad;
