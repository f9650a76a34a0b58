import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '$lib/server/auth/accounts';
import { changeStamp } from '$lib/server/changes';
import { molliePayments } from '$lib/server/db/schema';
import { searchCustomers } from '$lib/server/invoicing/customers';
import { reconcileEntries } from '$lib/server/invoicing/externalEntries';
import { listJournals } from '$lib/server/invoicing/journals';
import { listPayments, paymentTotalsByMethod } from '$lib/server/invoicing/ledger';
import {
	creditableCents,
	dashboardSummary,
	getInvoice,
	invoiceBalance,
	listInvoices,
	openTotals
} from '$lib/server/invoicing/queries';
import { handleWebhook } from '$lib/server/mollie/sync';
import {
	invoiceMolliePayments,
	listMollieTransactions,
	mollieLedgerPresence,
	summarizeMollieTransactions
} from '$lib/server/mollie/transactions';
import { seedScale } from '../../scripts/lib/seedScale';
import { createTestDb } from '../helpers/db';
import { recordingDb, type Recorded } from '../helpers/recordingDb';

/**
 * Every query the hot paths run, planned by SQLite: none may read a whole company-sized table
 * (a `SCAN` of a table or of a full index). Scanning a subquery's own rows (a co-routine) is
 * fine: it is bounded by the indexed search that feeds it.
 */
const TODAY = '2026-11-30';
let rec: ReturnType<typeof recordingDb>;
let explain: (s: Recorded) => Promise<string[]>;
let companyId: string;
let invoiceId: string;
let creditedId: string;

beforeAll(async () => {
	const { client } = await createTestDb();
	rec = recordingDb(client);
	explain = async (s) =>
		(await client.execute({ sql: `explain query plan ${s.sql}`, args: s.args })).rows.map((r) =>
			String(r.detail)
		);
	const acc = await createAccount(rec.db, {
		email: `plans-${Date.now()}@example.test`,
		password: 'correct horse battery',
		name: 'Owner',
		companyName: 'Plans SRL',
		locale: 'en'
	});
	if (!acc.ok) throw new Error('account');
	companyId = acc.companyId;
	const [journal] = await listJournals(rec.db, companyId);
	await seedScale(rec.db, { companyId, journalId: journal!.id, invoices: 400, today: TODAY });
	invoiceId = 'si399';
	creditedId =
		(await listInvoices(rec.db, companyId, { status: 'credited', limit: 1 }, TODAY)).rows[0]?.id ??
		'si1';
	const now = Date.now();
	await rec.db.insert(molliePayments).values(
		Array.from({ length: 50 }, (_, i) => ({
			id: `tr_plan${i}`,
			companyId,
			invoiceId: `si${i}`,
			mode: 'test' as const,
			profileId: 'pfl_x',
			status: 'paid' as const,
			amountCents: 1000,
			currency: 'EUR',
			createdAt: new Date(now - i * 1000),
			updatedAt: new Date(now - i * 1000)
		}))
	);
}, 60_000);

// Statements that read all of a company's rows on purpose: the Mollie summary of the filtered
// period, and the live-refresh stamp's count of ledger rows (a covering index; a per-company
// change counter would make it one row, not done yet). The exact open totals are not among them:
// they read the partial index of open invoices (invoices_open_idx), not the history.
const COMPANY_WIDE = [/^select "currency", count\(\*\)/, /as entries/];
// Partial indexes holding only what is open, kept totals' rows (one per currency) and tables
// keyed by the company (its one Mollie connection): a search of one by company is bounded by it.
const OPEN_ONLY =
	/USING INDEX (?:invoices_open_idx|sqlite_autoindex_(?:open_invoice_totals|mollie_payment_totals|mollie_connections)_1) /;

/**
 * The plan lines that read a whole table or index (`SCAN`), or all of a company's rows where a
 * narrower key exists: a search by company alone inside a per-row subquery, or in a statement
 * that neither stops at a LIMIT nor is company-wide on purpose.
 */
function fullScans(plan: string[], statement = ''): string[] {
	const subqueries = new Set(
		plan.flatMap((l) => /^(?:CO-ROUTINE|MATERIALIZE) (\S+)/.exec(l)?.[1] ?? [])
	);
	const bounded = /\blimit\b/i.test(statement) || COMPANY_WIDE.some((r) => r.test(statement));
	let correlated = false;
	return plan.filter((l) => {
		if (/SUBQUERY/.test(l)) correlated = l.startsWith('CORRELATED');
		const scan = /^SCAN (\S+)/.exec(l);
		if (scan) return scan[1] !== 'CONSTANT' && !subqueries.has(scan[1]!);
		const companyOnly = /^SEARCH \S+ USING .*\(company_id=\?\)$/.test(l) && !OPEN_ONLY.test(l);
		return companyOnly && (correlated || !bounded);
	});
}

const UNREACHABLE_MOLLIE = {
	clientId: 'app_plans',
	clientSecret: 'secret',
	redirectUri: 'http://127.0.0.1:9/apps/mollie/callback',
	apiUrl: 'http://127.0.0.1:9',
	authorizeUrl: 'http://127.0.0.1:9/oauth2/authorize',
	tokenUrl: 'http://127.0.0.1:9/oauth2/tokens',
	encryptionKey: Buffer.alloc(32, 7).toString('base64'),
	oldEncryptionKeys: []
};

describe('query plans of the hot paths', () => {
	it('search indexes, never scan a company-sized table', async () => {
		rec.reset();
		const year = { from: '2026-01-01', to: '2026-12-31' };
		const first = await listInvoices(rec.db, companyId, {}, TODAY);
		await Promise.all([
			dashboardSummary(rec.db, companyId, TODAY),
			listInvoices(rec.db, companyId, { after: first.next! }, TODAY),
			listInvoices(rec.db, companyId, { status: 'paid' }, TODAY),
			listInvoices(rec.db, companyId, { status: 'overdue' }, TODAY),
			listInvoices(rec.db, companyId, { q: 'S-0001' }, TODAY),
			listInvoices(rec.db, companyId, { customerText: 'bak' }, TODAY),
			listInvoices(rec.db, companyId, { customerId: 'sc1' }, TODAY),
			openTotals(rec.db, companyId, { customerText: 'bak' }, TODAY),
			openTotals(rec.db, companyId, {}, TODAY),
			searchCustomers(rec.db, companyId, ''),
			searchCustomers(rec.db, companyId, 'bak'),
			getInvoice(rec.db, companyId, invoiceId, TODAY),
			getInvoice(rec.db, companyId, creditedId, TODAY),
			invoiceBalance(rec.db, companyId, invoiceId, TODAY),
			creditableCents(rec.db, companyId, invoiceId),
			changeStamp(rec.db, companyId),
			listPayments(rec.db, companyId, { ...year, limit: 200 }),
			paymentTotalsByMethod(rec.db, companyId, year),
			mollieLedgerPresence(rec.db, companyId, year),
			listMollieTransactions(rec.db, companyId, {}),
			summarizeMollieTransactions(rec.db, companyId, {}),
			summarizeMollieTransactions(rec.db, companyId, { status: 'paid' }),
			invoiceMolliePayments(rec.db, companyId, invoiceId),
			reconcileEntries(
				rec.db,
				{ companyId, invoiceId, molliePaymentId: 'tr_plan1', label: 'mollie' },
				[]
			),
			// Its read (payment, connection, booked keys in one statement); with no connection
			// the delivery ends there, Mollie is never asked.
			handleWebhook(rec.db, UNREACHABLE_MOLLIE, 'tr_plan1')
		]);
		const seen = new Map<string, Recorded>();
		for (const s of rec.state.statements) seen.set(s.sql, s);
		expect(seen.size).toBeGreaterThan(20);
		const problems: { sql: string; scans: string[] }[] = [];
		const used = new Set<string>();
		for (const s of seen.values()) {
			const plan = await explain(s);
			for (const l of plan) used.add(/USING (?:COVERING )?INDEX (\S+)/.exec(l)?.[1] ?? '');
			if (process.env.SHOW_PLANS) console.log(s.sql.slice(0, 160), '\n  ' + plan.join('\n  '));
			const scans = fullScans(plan, s.sql);
			if (scans.length) problems.push({ sql: s.sql, scans });
		}
		expect(problems).toEqual([]);
		for (const index of [
			'invoices_credited_idx',
			'payments_mollie_payment_idx',
			'payments_company_created_idx',
			'mollie_payments_company_updated_idx',
			'customers_company_name_ci_idx',
			'payments_invoice_idx',
			'peppol_documents_invoice_idx',
			'invoices_open_idx',
			'sqlite_autoindex_payment_month_totals_1',
			'sqlite_autoindex_mollie_payment_totals_1'
		]) {
			expect(used).toContain(index);
		}
		// The filtered open/overdue totals (invoice list) read the open invoices alone.
		const totals = [...seen.values()].filter((s) => /as open_count/.test(s.sql));
		expect(totals.length).toBeGreaterThan(0);
		for (const s of totals) {
			const plan = await explain(s);
			expect(plan.filter((l) => /^(SCAN|SEARCH) i /.test(l))).toEqual([
				'SEARCH i USING INDEX invoices_open_idx (company_id=?)'
			]);
		}
		// The unfiltered ones (dashboard, invoice list) read the kept totals' rows and, for
		// overdue, only the open invoices not yet due.
		const kept = [...seen.values()].filter((s) => /from open_invoice_totals t/.test(s.sql));
		expect(kept.length).toBeGreaterThan(0);
		for (const s of kept) {
			const plan = await explain(s);
			expect(plan.filter((l) => /^(SCAN|SEARCH) [it] /.test(l))).toEqual([
				'SEARCH i USING INDEX invoices_open_idx (company_id=? AND due_date>?)',
				'SEARCH t USING INDEX sqlite_autoindex_open_invoice_totals_1 (company_id=?)'
			]);
		}
	});

	it('the checker itself flags a full scan', async () => {
		const plan = await explain({
			sql: 'select * from payments where amount_cents = ?',
			args: [1]
		});
		expect(fullScans(plan)).toEqual(['SCAN payments']);
	});
});
