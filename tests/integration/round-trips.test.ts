import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createAccount } from '$lib/server/auth/accounts';
import { changeStamp } from '$lib/server/changes';
import { listJournals } from '$lib/server/invoicing/journals';
import { seedScale } from '../../scripts/lib/seedScale';
import { createTestDb } from '../helpers/db';
import { recordingDb } from '../helpers/recordingDb';

/**
 * Database round trips per page, as a remote Turso sees them: the routes' own load functions
 * run against a client that counts every execute and batch. The (app) layout adds one: the
 * change stamp the hook reads. The session check is not counted.
 */
const ctx = vi.hoisted(() => ({ db: null as unknown }));
vi.mock('$lib/server/db', () => ({ getDb: () => ctx.db }));

const dashboard = await import('../../src/routes/(app)/dashboard/+page.server');
const list = await import('../../src/routes/(app)/invoices/+page.server');
const editor = await import('../../src/routes/(app)/invoices/new/+page.server');
const invoicePage = await import('../../src/routes/(app)/invoices/[id]/+page.server');
const overview = await import('../../src/routes/(app)/payments/+page.server');

let rec: ReturnType<typeof recordingDb>;
let companyId: string;

beforeAll(async () => {
	const { client } = await createTestDb();
	rec = recordingDb(client);
	ctx.db = rec.db;
	const acc = await createAccount(rec.db, {
		email: `trips-${Date.now()}@example.test`,
		password: 'correct horse battery',
		name: 'Owner',
		companyName: 'Trips SRL',
		locale: 'en'
	});
	if (!acc.ok) throw new Error('account');
	companyId = acc.companyId;
	const [journal] = await listJournals(rec.db, companyId);
	await seedScale(rec.db, { companyId, journalId: journal!.id, invoices: 300 });
}, 60_000);

type Load = (event: never) => unknown;

/** Round trips of one page view: the layout's change stamp, then the page's load. */
async function tripsOf(load: Load, path: string, params: Record<string, string> = {}) {
	rec.reset();
	const url = new URL(`http://localhost${path}`);
	const locals = {
		user: { id: 'u', email: 'u@example.test', name: 'U', role: 'owner' },
		company: { id: companyId, name: 'C', defaultLocale: 'fr' },
		changes: changeStamp(rec.db, companyId)
	};
	await locals.changes;
	await load({ locals, params, url } as never);
	return { trips: rec.state.roundTrips, statements: rec.state.statements.map((s) => s.sql) };
}

// The goal is 4 for every page. Two pages are not there yet and are held to what they do now so
// they cannot grow: the invoice page (the printable document and the pay link still load on
// their own: 3 + 2 round trips; it made 14) and the payments overview (the Mollie presence check
// in mollie/ is two queries, changed by issue 11 at the same time).
const BUDGET: Record<string, number> = { 'invoice page': 8, 'payments overview': 5 };

describe('round trips per page (besides the session check)', () => {
	const pages: [string, () => Promise<{ trips: number; statements: string[] }>][] = [
		['dashboard', () => tripsOf(dashboard.load as Load, '/dashboard')],
		['invoice list', () => tripsOf(list.load as Load, '/invoices')],
		[
			'invoice list, paid, 2nd page',
			async () => {
				const first = await list.load({
					locals: { company: { id: companyId } },
					url: new URL('http://localhost/invoices?status=paid')
				} as never);
				const next = (first as { page: { next: string } }).page.next;
				return tripsOf(list.load as Load, `/invoices?status=paid&after=${next}`);
			}
		],
		['new invoice', () => tripsOf(editor.load as Load, '/invoices/new')],
		['invoice page', () => tripsOf(invoicePage.load as Load, '/invoices/si100', { id: 'si100' })],
		['payments overview', () => tripsOf(overview.load as Load, '/payments')]
	];
	for (const [name, run] of pages) {
		const budget = BUDGET[name] ?? 4;
		it(`${name}: at most ${budget}`, async () => {
			const { trips, statements } = await run();
			if (process.env.SHOW_TRIPS)
				console.log(
					name,
					trips,
					statements.map((s) => s.slice(0, 90))
				);
			expect({ name, trips }).toEqual({ name, trips: Math.min(trips, budget) });
		});
	}
});
