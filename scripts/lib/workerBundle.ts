// A Worker's bundle as `wrangler deploy` would upload it: `wrangler deploy --dry-run --outdir`
// (offline, nothing is sent). Shared by the bench (`npm run bench -- --bundle`,
// scripts/bench/bundle.ts) and the edge tests (tests/edge/bundle.spec.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

/** The two Workers: the app (wrangler.toml) and the documents Worker it binds as DOCUMENTS. */
export const WORKERS = {
	app: 'wrangler.toml',
	documents: 'worker/documents/wrangler.toml'
} as const;
export type WorkerName = keyof typeof WORKERS;

export interface DryRun {
	/** wrangler's "Total Upload: … KiB / gzip: … KiB", the figure Cloudflare's limit applies to. */
	rawKiB: number;
	gzipKiB: number;
	/** The bundled code and its source map. */
	code: string;
	map: { sources: string[]; mappings: string };
	/** wrangler's output (its bindings table, warnings). */
	stdout: string;
}

/**
 * Runs wrangler's dry run for one Worker under `root` and reads what it would upload. Everything
 * wrangler writes to $HOME or /tmp stays under `root/.tmp/`.
 */
export function wranglerDryRun(root: string, worker: WorkerName = 'app'): DryRun {
	// Absolute: wrangler reads --outdir relative to the config file's folder.
	root = resolve(root);
	const out = join(root, `.tmp/bundle-${worker}`);
	const home = join(root, '.tmp/bundle-home');
	rmSync(out, { recursive: true, force: true });
	for (const dir of ['xdg', 'logs', 'tmp']) mkdirSync(join(home, dir), { recursive: true });
	const run = spawnSync(
		process.execPath,
		[
			join(root, 'node_modules/wrangler/bin/wrangler.js'),
			'deploy',
			'--dry-run',
			'-c',
			join(root, WORKERS[worker]),
			'--outdir',
			out
		],
		{
			cwd: root,
			encoding: 'utf8',
			env: {
				...process.env,
				NO_COLOR: '1',
				WRANGLER_SEND_METRICS: 'false',
				CLOUDFLARE_CF_FETCH_ENABLED: 'false',
				XDG_CONFIG_HOME: join(home, 'xdg'),
				WRANGLER_LOG_PATH: join(home, 'logs'),
				TMPDIR: join(home, 'tmp')
			}
		}
	);
	if (run.status !== 0) {
		throw new Error(`wrangler deploy --dry-run (${WORKERS[worker]}) failed:\n${run.stderr}`);
	}
	const stdout = stripVTControlCharacters(run.stdout);
	const size = stdout.match(/Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/);
	if (!size) throw new Error(`no "Total Upload" in wrangler's output:\n${stdout}`);
	// The entry's bundle: `_worker.js` for the app, `index.js` for the documents Worker.
	const entry = readdirSync(out).find((f) => f.endsWith('.js'));
	if (!entry) throw new Error(`wrangler wrote no JavaScript to ${out}`);
	const code = readFileSync(join(out, entry), 'utf8');
	const map = JSON.parse(readFileSync(join(out, `${entry}.map`), 'utf8')) as DryRun['map'];
	rmSync(out, { recursive: true, force: true });
	return { rawKiB: Number(size[1]), gzipKiB: Number(size[2]), code, map, stdout };
}
