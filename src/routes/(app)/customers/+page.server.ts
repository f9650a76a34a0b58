import { getDb } from '$lib/server/db';
import { listCustomerPage } from '$lib/server/invoicing/customers';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const q = url.searchParams.get('q') ?? '';
	const archived = url.searchParams.get('archived') === '1';
	// A page of about 50 by name (keyset: the cost does not grow with the customer count).
	const after = url.searchParams.get('after') ?? undefined;
	const page = await listCustomerPage(getDb(), locals.company!.id, { q, archived, after });
	// Back from an import (customers/import): what it did.
	const added = url.searchParams.get('imported');
	const imported =
		added === null
			? null
			: { added: Number(added) || 0, skipped: Number(url.searchParams.get('skipped')) || 0 };
	return { customers: page.rows, next: page.next, paged: Boolean(after), q, archived, imported };
}) satisfies PageServerLoad;
