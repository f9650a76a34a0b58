// `npm run bench -- --lighthouse-only`: only issue 13's Lighthouse part, quickly repeatable. One
// company with 100,000 invoices (scripts/lib/seedScale.ts, as `--scale` seeds its largest size)
// is kept under .tmp/lighthouse-scale/ and reused while the migrations are the same (`--reseed`
// starts again); each run starts `vite preview` of the production build on a copy of it, runs
// Lighthouse mobile on the invoice list and the editor, saves every report there as JSON and
// prints Lighthouse's own diagnosis of the median run: where the main thread's time goes, which
// scripts cost it, the long tasks, unused JavaScript and render-blocking resources.
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	writeFileSync
} from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Result } from 'lighthouse';
import { createAccount } from '../../src/lib/server/auth/accounts';
import { createSession } from '../../src/lib/server/auth/session';
import type { Db } from '../../src/lib/server/db';
import * as schema from '../../src/lib/server/db/schema';
import { randomToken } from '../../src/lib/server/secrets/tokens';
import { migrateDatabase } from '../lib/db';
import { seedScale } from '../lib/seedScale';
import { openDb } from './app';
import { runLighthouse, type LighthouseFigures } from './payPage';
import { SIZES, startRemotePreview } from './scale';
import { e2eTokenKey } from './servers';
import { seedPayments } from './transactions';
import { kb, ms } from './util';

export const LIGHTHOUSE_PAGES = {
	'invoice list': '/invoices',
	'new invoice (editor)': '/invoices/new'
} as const;

/** Bumped when the seeding below changes, so an older database is not reused. */
const SEED_VERSION = 3;

interface Seeded {
	version: number;
	migrations: number;
	invoices: number;
	cookie: string;
}

const migrationCount = (root: string) =>
	readdirSync(join(root, 'drizzle')).filter((f) => f.endsWith('.sql')).length;

/** The 100k company's database, seeded once and reused while the migrations are unchanged. */
async function seededDatabase(
	root: string,
	dir: string,
	invoices: number,
	reseed: boolean,
	step: (text: string) => void
): Promise<Seeded> {
	const file = join(dir, 'acquit.db');
	const metaFile = join(dir, 'seeded.json');
	const migrations = migrationCount(root);
	if (!reseed && existsSync(file) && existsSync(metaFile)) {
		const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Seeded;
		if (
			meta.version === SEED_VERSION &&
			meta.migrations === migrations &&
			meta.invoices === invoices
		) {
			step(`reusing ${file} (${invoices.toLocaleString('en')} invoices; --reseed to redo)`);
			return meta;
		}
	}
	mkdirSync(dir, { recursive: true });
	for (const suffix of ['', '-journal', '-wal', '-shm']) {
		if (existsSync(file + suffix)) writeFileSync(file + suffix, '');
	}
	step(`seeding ${invoices.toLocaleString('en')} invoices into ${file} …`);
	await migrateDatabase(`file:${file}`);
	const db = await openDb(file);
	let cookie: string;
	try {
		const appDb = db as unknown as Db;
		const account = await createAccount(appDb, {
			email: `lighthouse-${Date.now()}@example.test`,
			password: 'lighthouse bench password',
			name: 'Scale Owner',
			companyName: 'Scale Historique SRL',
			locale: 'en'
		});
		if (!account.ok) throw new Error('lighthouse: could not create the company');
		const token = randomToken();
		await createSession(appDb, token, account.userId);
		cookie = `acquit_session=${token}`;
		const [journal] = await db
			.select({ id: schema.journals.id })
			.from(schema.journals)
			.where(eq(schema.journals.companyId, account.companyId));
		// In the same steps as `--scale` (its sizes, prefixes and generator seeds), so the
		// company is the one its Lighthouse figures were taken on.
		let seeded = 0;
		for (const [n, size] of SIZES.entries()) {
			if (size > invoices) break;
			const prefix = `z${n}`;
			const added = size - seeded;
			await seedScale(appDb, {
				companyId: account.companyId,
				journalId: journal!.id,
				invoices: added,
				prefix,
				seed: 31 + n
			});
			// Mollie payments for one invoice in ten, with their ledger rows.
			const some = Array.from({ length: Math.ceil(added / 10) }, (_, i) => ({
				id: `${prefix}i${i * 10}`,
				number: '',
				customer: ''
			}));
			await seedPayments(
				db,
				{ companyId: account.companyId, cookie: '', invoices: some },
				some.length,
				'pfl_scalebench1'
			);
			seeded = size;
		}
		// `--scale` runs beside the bench's own small company; so does this. With a single company
		// in the database, SQLite's statistics (ANALYZE) say company_id selects every row, and the
		// invoice list's query is planned from the journals and customers instead of
		// invoices_company_idx: about 5 s a page at 100k instead of about 60 ms.
		const other = await createAccount(appDb, {
			email: `lighthouse-other-${Date.now()}@example.test`,
			password: 'lighthouse bench password',
			name: 'Other Owner',
			companyName: 'Autre SRL',
			locale: 'fr'
		});
		if (!other.ok) throw new Error('lighthouse: could not create the second company');
		const [otherJournal] = await db
			.select({ id: schema.journals.id })
			.from(schema.journals)
			.where(eq(schema.journals.companyId, other.companyId));
		await seedScale(appDb, {
			companyId: other.companyId,
			journalId: otherJournal!.id,
			invoices: 11,
			prefix: 'o',
			seed: 5
		});
		await db.$client.execute('ANALYZE');
	} finally {
		db.$client.close();
	}
	const meta: Seeded = { version: SEED_VERSION, migrations, invoices, cookie };
	writeFileSync(metaFile, JSON.stringify(meta));
	return meta;
}

type Details = {
	type?: string;
	items?: Record<string, unknown>[];
};
const details = (lhr: Result, id: string) => (lhr.audits[id]?.details ?? {}) as Details;
const short = (url: unknown) => {
	const text = String(url);
	try {
		const u = new URL(text);
		return u.pathname.replace(/^\/_app\/immutable\//, '') || text;
	} catch {
		return text;
	}
};
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/** Lighthouse's diagnosis of one report, as lines of text. */
export function diagnose(lhr: Result): string[] {
	const out: string[] = [];
	const metric = (id: string) => lhr.audits[id]?.displayValue ?? 'n/a';
	out.push(
		`  score ${Math.round((lhr.categories.performance?.score ?? 0) * 100)}; FCP ${metric('first-contentful-paint')}, LCP ${metric('largest-contentful-paint')}, TBT ${metric('total-blocking-time')}, CLS ${metric('cumulative-layout-shift')}, SI ${metric('speed-index')}, TTI ${metric('interactive')}; CPU index ${lhr.environment.benchmarkIndex}`
	);
	const breakdown = details(lhr, 'mainthread-work-breakdown').items ?? [];
	out.push(
		`  main thread (${metric('mainthread-work-breakdown')}): ` +
			breakdown.map((i) => `${String(i.groupLabel)} ${ms(num(i.duration))}`).join(', ')
	);
	const bootup = details(lhr, 'bootup-time').items ?? [];
	out.push(`  scripts (bootup-time ${metric('bootup-time')}):`);
	for (const i of bootup.slice(0, 8)) {
		out.push(
			`    ${short(i.url).padEnd(44)} total ${ms(num(i.total))}, scripting ${ms(num(i.scripting))}, parse ${ms(num(i.scriptParseCompile))}`
		);
	}
	const longTasks = details(lhr, 'long-tasks').items ?? [];
	out.push(`  long tasks (${longTasks.length}):`);
	for (const i of longTasks.slice(0, 8)) {
		out.push(`    at ${ms(num(i.startTime))} for ${ms(num(i.duration))}  ${short(i.url)}`);
	}
	const unused = details(lhr, 'unused-javascript').items ?? [];
	if (unused.length) {
		out.push(
			`  unused JS: ` +
				unused
					.map((i) => `${short(i.url)} ${kb(num(i.wastedBytes))}/${kb(num(i.totalBytes))}`)
					.join(', ')
		);
	}
	const blocking = details(lhr, 'render-blocking-resources').items ?? [];
	out.push(
		`  render-blocking: ${blocking.map((i) => `${short(i.url)} ${ms(num(i.wastedMs))}`).join(', ') || 'none'}`
	);
	const requests = details(lhr, 'network-requests').items ?? [];
	const byType = new Map<string, { n: number; bytes: number }>();
	for (const r of requests) {
		const type = String(r.resourceType);
		const entry = byType.get(type) ?? { n: 0, bytes: 0 };
		entry.n++;
		entry.bytes += num(r.transferSize);
		byType.set(type, entry);
	}
	out.push(
		`  requests (${requests.length}): ` +
			[...byType].map(([t, e]) => `${t} ${e.n} ${kb(e.bytes)}`).join(', ')
	);
	const scripts = requests
		.filter((r) => r.resourceType === 'Script')
		.sort((a, b) => num(b.resourceSize) - num(a.resourceSize));
	out.push(
		`  JS, largest first: ` +
			scripts
				.slice(0, 10)
				.map((r) => `${short(r.url)} ${kb(num(r.resourceSize))}`)
				.join(', ')
	);
	const lcp = details(lhr, 'largest-contentful-paint-element').items ?? [];
	const lcpNode = (lcp[0]?.items as Record<string, unknown>[] | undefined)?.[0]?.node as
		{ snippet?: string } | undefined;
	if (lcpNode?.snippet) out.push(`  LCP element: ${lcpNode.snippet.slice(0, 120)}`);
	const shifts = details(lhr, 'layout-shifts').items ?? [];
	if (shifts.length) {
		out.push(
			`  layout shifts: ` +
				shifts
					.slice(0, 4)
					.map(
						(s) =>
							`${num(s.score).toFixed(3)} ${String((s.node as { snippet?: string } | undefined)?.snippet ?? '').slice(0, 60)}`
					)
					.join('; ')
		);
	}
	return out;
}

export async function lighthouseOnly(opts: {
	root: string;
	runs: number;
	invoices: number;
	reseed: boolean;
	step: (text: string) => void;
	cleanups: (() => Promise<void> | void)[];
}): Promise<string> {
	const { root, step } = opts;
	const dir = join(root, '.tmp', 'lighthouse-scale');
	const { cookie } = await seededDatabase(root, dir, opts.invoices, opts.reseed, step);
	// The preview works on a copy: a run's writes (sessions, polls) never change the next one's.
	const runFile = join(dir, 'run.db');
	copyFileSync(join(dir, 'acquit.db'), runFile);
	step('starting vite preview of the production build …');
	const preview = await startRemotePreview({
		root,
		databaseUrl: `file:${runFile}`,
		// No Mollie connection in this company: nothing asks the sandbox.
		sandboxURL: 'http://127.0.0.1:9',
		tokenKey: e2eTokenKey(root),
		logFile: join(dir, 'preview.log')
	});
	opts.cleanups.push(() => preview.stop());
	const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
	const lines: string[] = [];
	const loadBefore = loadavg()[0]!;
	for (const [name, path] of Object.entries(LIGHTHOUSE_PAGES)) {
		step(`Lighthouse mobile × ${opts.runs} on ${path} …`);
		const reports: Result[] = [];
		const figures: LighthouseFigures = await runLighthouse(
			`${preview.baseURL}${path}`,
			opts.runs,
			cookie,
			(lhr, run) => {
				reports.push(lhr);
				const slug = path.replace(/\W+/g, '-').replace(/^-|-$/g, '');
				writeFileSync(join(dir, `${stamp}-${slug}-${run + 1}.json`), JSON.stringify(lhr));
			}
		);
		const scores = figures.runs.map((r) => r.performance).join('/');
		lines.push(
			`${name} ${path} at ${opts.invoices.toLocaleString('en')} invoices: performance ${figures.performance} (runs ${scores}), accessibility ${figures.accessibility}, CPU index ${figures.benchmarkIndex.toFixed(0)}`
		);
		// The median run's diagnosis.
		const byScore = [...reports].sort(
			(a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0)
		);
		lines.push(...diagnose(byScore[Math.floor((byScore.length - 1) / 2)]!));
	}
	lines.push(
		`Load average (1 min) ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}; reports in ${dir}/${stamp}-*.json`
	);
	return lines.join('\n');
}
