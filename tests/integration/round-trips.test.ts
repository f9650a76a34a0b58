import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createAccount } from '$lib/server/auth/accounts';
import { listJournals } from '$lib/server/invoicing/journals';
import { seedScale } from '../../scripts/lib/seedScale';
import { createTestDb } from '../helpers/db';
import { recordingDb } from '../helpers/recordingDb';

/**
 * Database round trips per page, as a remote Turso sees them: the routes' own load functions
 * run against a client that counts every execute and batch. The session check is not counted;
 * it also reads the change stamp the (app) layout hands to LiveRefresh (hooks.server.ts), which
 * therefore costs no round trip of its own.
 */
const ctx = vi.hoisted(() => ({ db: null as unknown }));
vi.mock('$lib/server/db', () => ({ getDb: () => ctx.db }));
// As in production: pay links on (the invoice page reads or makes the token), Mollie set up (the
// apps page reads the connection).
vi.mock('$env/dynamic/private', () => ({
	env: {
		TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
		MOLLIE_CLIENT_ID: 'app_trips',
		MOLLIE_CLIENT_SECRET: 'secret_trips',
		MOLLIE_REDIRECT_URI: 'http://localhost/apps/mollie/callback'
	}
}));

const dashboard = await import('../../src/routes/(app)/dashboard/+page.server');
const list = await import('../../src/routes/(app)/invoices/+page.server');
const editor = await import('../../src/routes/(app)/invoices/new/+page.server');
const invoicePage = await import('../../src/routes/(app)/invoices/[id]/+page.server');
const overview = await import('../../src/routes/(app)/payments/+page.server');
const customerList = await import('../../src/routes/(app)/customers/+page.server');
const customerPage = await import('../../src/routes/(app)/customers/[id]/+page.server');
const mollieList = await import('../../src/routes/(app)/payments/mollie/+page.server');
const settings = await import('../../src/routes/(app)/settings/+page.server');
const apps = await import('../../src/routes/(app)/apps/+page.server');

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

/** Round trips of one page view: the page's load (the stamp came with the session). */
async function tripsOf(load: Load, path: string, params: Record<string, string> = {}) {
	rec.reset();
	const url = new URL(`http://localhost${path}`);
	const locals = {
		user: { id: 'u', email: 'u@example.test', name: 'U', role: 'owner' },
		company: { id: companyId, name: 'C', defaultLocale: 'fr' },
		changes: Promise.resolve('0')
	};
	await locals.changes;
	await load({ locals, params, url } as never);
	return { trips: rec.state.roundTrips, statements: rec.state.statements.map((s) => s.sql) };
}

// At most 4 for every page.
const BUDGET = 4;

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
		['payments overview', () => tripsOf(overview.load as Load, '/payments')],
		['customers list', () => tripsOf(customerList.load as Load, '/customers')],
		['customers search', () => tripsOf(customerList.load as Load, '/customers?q=garage')],
		['customer page', () => tripsOf(customerPage.load as Load, '/customers/sc7', { id: 'sc7' })],
		['Mollie transactions', () => tripsOf(mollieList.load as Load, '/payments/mollie')],
		['settings', () => tripsOf(settings.load as Load, '/settings')],
		['apps', () => tripsOf(apps.load as Load, '/apps')]
	];
	for (const [name, run] of pages) {
		const budget = BUDGET;
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
