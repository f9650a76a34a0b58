import { errorText } from '$lib/invoicing/errorText';
import { getDb } from '$lib/server/db';
import { decodeCsv, importCustomers, parseCustomerCsv } from '$lib/server/invoicing/customerImport';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions } from './$types';

const MAX_BYTES = 1_000_000;
// Enough to fix a file; the count says how many more there are.
const ROWS_SHOWN = 50;

interface RowProblem {
	line: number;
	errors: { field: string; text: string }[];
}

/** One shape for every refusal, so the page reads any of them the same way. */
const refuse = (
	problem: string,
	more: { max?: number; rows?: RowProblem[]; count?: number } = {}
) => fail(400, { problem, max: more.max ?? 0, rows: more.rows ?? [], count: more.count ?? 0 });

export const actions = {
	default: async ({ request, locals }) => {
		const file = (await request.formData()).get('file');
		if (!(file instanceof File) || file.size === 0) return refuse('no_file');
		if (file.size > MAX_BYTES) return refuse('too_large');
		const text = decodeCsv(new Uint8Array(await file.arrayBuffer()));
		if (text === null) return refuse('unreadable');
		const parsed = await parseCustomerCsv(text);
		if (!parsed.ok) {
			const p = parsed.problem;
			if (p.kind === 'too_many_rows') return refuse(p.kind, { max: p.max });
			if (p.kind !== 'rows') return refuse(p.kind);
			const rows: RowProblem[] = p.rows.slice(0, ROWS_SHOWN).map((r) => ({
				line: r.line,
				errors: Object.entries(r.errors).map(([field, key]) => ({ field, text: errorText(key) }))
			}));
			return refuse(p.kind, { rows, count: p.rows.length });
		}
		const done = await importCustomers(getDb(), locals.company!.id, parsed.customers);
		redirect(303, `/customers?imported=${done.imported}&skipped=${done.skipped}`);
	}
} satisfies Actions;
