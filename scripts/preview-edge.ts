// `npm run preview:edge`: serves the production Worker build in workerd (`wrangler dev`, offline)
// against a local libSQL database reached over HTTP, as on Cloudflare + Turso. The Worker's web
// client can't open `file:` URLs, so the database is served by the development Hrana server
// (scripts/hrana-server.ts — a test tool, never used in production).
//
//   npx tsx scripts/preview-edge.ts [--port 8787] [--hrana-port 0] [--db .tmp/edge/acquit.db]
//                                   [--fresh] [--build | --no-build] [--peppol-port N]
//
// `--peppol-port N` also starts the local Peppol access point (sandbox/peppol) on that port,
// subscribed to the Worker's webhook, and hands the Worker its PEPPOL_* variables (as
// `npm run dev` does for Node). Without it the Worker has Peppol off unless the environment
// passes PEPPOL_API_URL/PEPPOL_API_KEY/PEPPOL_WEBHOOK_SECRET through.
//
// Builds first when the Worker is missing or older than the sources (`--build` forces it,
// `--no-build` never builds). Ctrl-C (SIGINT) or SIGTERM stops wrangler, workerd and the
// Hrana server.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startHranaServer } from './hrana-server';
import { migrateDatabase } from './lib/db';
import { DEMO, seedDemo } from './lib/seed';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// wrangler.toml's `main`: the adapter's Worker wrapped by scripts/build.ts.
const WORKER = join(root, '.svelte-kit/cloudflare-worker/_worker.js');
const SOURCES = [
	'src',
	'static',
	'messages',
	'project.inlang/settings.json',
	'svelte.config.js',
	'vite.config.ts'
];

const { values } = parseArgs({
	options: {
		port: { type: 'string', default: '8787' },
		'hrana-port': { type: 'string', default: '0' },
		db: { type: 'string', default: '.tmp/edge/acquit.db' },
		fresh: { type: 'boolean', default: false },
		build: { type: 'boolean' },
		'no-build': { type: 'boolean', default: false },
		'peppol-port': { type: 'string' }
	}
});
const port = Number(values.port);
const dbFile = resolve(root, values.db);

/** Newest modification time under `path` (generated Paraglide output excluded). */
function newest(path: string): number {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let max = 0;
	for (const entry of readdirSync(path)) {
		if (entry === 'paraglide' || entry === 'node_modules') continue;
		max = Math.max(max, newest(join(path, entry)));
	}
	return max;
}

function needsBuild(): string | null {
	if (values['no-build']) return null;
	if (values.build) return 'asked for';
	if (!existsSync(WORKER)) return 'no Worker build yet';
	const built = statSync(WORKER).mtimeMs;
	const changed = SOURCES.find((s) => newest(join(root, s)) > built);
	return changed ? `${changed} changed since the last build` : null;
}

const reason = needsBuild();
if (reason) {
	console.log(`[edge] building (${reason}) …`);
	const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (build.status !== 0) process.exit(build.status ?? 1);
}

// Everything wrangler, workerd and Chromium would write to $HOME or /tmp stays under .tmp/.
const tmp = join(root, '.tmp/edge');
for (const dir of ['xdg', 'logs', 'tmp', 'state']) mkdirSync(join(tmp, dir), { recursive: true });
if (values.fresh) rmSync(dbFile, { force: true });

const hrana = await startHranaServer({
	file: dbFile,
	port: Number(values['hrana-port']),
	host: '127.0.0.1',
	log: (line) => console.log(`[hrana] ${line}`)
});
// Migrations and the demo account go through the Hrana server too, as they would to Turso.
await migrateDatabase(hrana.url);
const seeded = await seedDemo(hrana.url);

const baseUrl = `http://127.0.0.1:${port}`;
// Mail (and Peppol) settings pass through from this process's environment (the edge smoke test points the
// Worker at its own SMTP server on loopback); without them the Worker uses the outbox.
const MAIL_VARS = ['MAIL_TRANSPORT', 'SMTP_URL', 'MAIL_FROM', 'TOKEN_ENCRYPTION_KEY'];
const PEPPOL_VARS = ['PEPPOL_API_URL', 'PEPPOL_API_KEY', 'PEPPOL_WEBHOOK_SECRET'];
const passed: Record<string, string> = {};
for (const name of [...MAIL_VARS, ...PEPPOL_VARS]) {
	const value = process.env[name];
	if (value) passed[name] = value;
}
// The Peppol access-point sandbox, validating with the official rules like the e2e server's.
let stopPeppol = async () => {};
if (values['peppol-port']) {
	const { startPeppolForApp } = await import('../sandbox/peppol/index.ts');
	const peppol = await startPeppolForApp({ port: Number(values['peppol-port']), appUrl: baseUrl });
	Object.assign(passed, peppol.env);
	stopPeppol = () => peppol.sandbox.close();
	console.log(`[edge] Peppol access-point sandbox: ${peppol.sandbox.url}`);
}
const mailVars = Object.entries(passed).flatMap(([name, value]) => ['--var', `${name}:${value}`]);
// wrangler's own entry point on this Node (24): no npx/sh layers between us and it, so a
// signal reaches it directly; it stops workerd itself. It stays in our process group, so a
// group kill (Playwright's webServer teardown) reaches everything too.
const wrangler = spawn(
	process.execPath,
	[
		join(root, 'node_modules/wrangler/bin/wrangler.js'),
		'dev',
		// The app Worker and the documents Worker it reaches through its DOCUMENTS service binding
		// (PDFs): wrangler resolves the binding between the two locally.
		'-c',
		join(root, 'wrangler.toml'),
		'-c',
		join(root, 'worker/documents/wrangler.toml'),
		'--ip',
		'127.0.0.1',
		'--port',
		String(port),
		'--show-interactive-dev-session=false',
		// GET /__scheduled runs the Cron Trigger's `scheduled` handler (the reconcile job).
		'--test-scheduled',
		'--persist-to',
		join(tmp, 'state'),
		'--var',
		`DATABASE_URL:${hrana.url}`,
		'--var',
		`PUBLIC_BASE_URL:${baseUrl}`,
		...mailVars
	],
	{
		cwd: root,
		stdio: 'inherit',
		env: {
			...process.env,
			WRANGLER_SEND_METRICS: 'false',
			// Offline: don't try to download the `Request.cf` sample from workers.cloudflare.com.
			CLOUDFLARE_CF_FETCH_ENABLED: 'false',
			XDG_CONFIG_HOME: join(tmp, 'xdg'),
			WRANGLER_LOG_PATH: join(tmp, 'logs'),
			TMPDIR: join(tmp, 'tmp')
		}
	}
);
let stopping = false;

async function stop(code: number) {
	if (stopping) return;
	stopping = true;
	if (wrangler.exitCode === null && wrangler.signalCode === null) {
		const exited = new Promise((done) => wrangler.once('exit', done));
		wrangler.kill('SIGTERM');
		const timer = setTimeout(() => wrangler.kill('SIGKILL'), 5_000);
		await exited;
		clearTimeout(timer);
	}
	await hrana.close();
	await stopPeppol();
	process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
wrangler.on('exit', (code) => void stop(code ?? 1));

console.log(`\n[edge] Worker (workerd): ${baseUrl}`);
console.log(`[edge] Database over Hrana: ${hrana.url} (${dbFile})`);
console.log(`[edge] Demo account${seeded ? ' (created)' : ''}: ${DEMO.email} / ${DEMO.password}\n`);
