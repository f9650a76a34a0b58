import { getDb } from '$lib/server/db';
import { listCustomers } from '$lib/server/invoicing/customers';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const q = url.searchParams.get('q') ?? '';
	const archived = url.searchParams.get('archived') === '1';
	const customers = await listCustomers(getDb(), locals.company!.id, { q, archived });
	// Back from an import (customers/import): what it did.
	const added = url.searchParams.get('imported');
	const imported =
		added === null
			? null
			: { added: Number(added) || 0, skipped: Number(url.searchParams.get('skipped')) || 0 };
	return { customers, q, archived, imported };
}) satisfies PageServerLoad;
