import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { searchCustomers } from '$lib/server/invoicing/customers';
import type { RequestHandler } from './$types';

// The customer pickers' suggestions as you type (CustomerSearch.svelte): about 20 names, never
// the whole customer list. Inside `(app)`, so the session guard applies.
export const GET: RequestHandler = async ({ locals, url }) => {
	const matches = await searchCustomers(
		getDb(),
		locals.company!.id,
		url.searchParams.get('q') ?? ''
	);
	return json(matches, { headers: { 'cache-control': 'private, no-store' } });
};
