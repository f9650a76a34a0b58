// The Worker bundle must carry libSQL's web (HTTP) client and never the Node client with its
// native `libsql` module: under the `workerd` export condition `@libsql/client` resolves to
// lib-esm/web.js. Checked on what `wrangler deploy` would upload (dry run, offline).
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const root = resolve('.');
const out = join(root, '.tmp/edge-bundle');
const tmp = join(root, '.tmp/edge');

test('the Worker bundle has the web libSQL client, not the Node one', async () => {
	test.setTimeout(180_000);
	rmSync(out, { recursive: true, force: true });
	for (const dir of ['xdg', 'logs', 'tmp']) mkdirSync(join(tmp, dir), { recursive: true });
	const run = spawnSync(
		process.execPath,
		[join(root, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', out],
		{
			cwd: root,
			encoding: 'utf8',
			env: {
				...process.env,
				NO_COLOR: '1',
				WRANGLER_SEND_METRICS: 'false',
				CLOUDFLARE_CF_FETCH_ENABLED: 'false',
				XDG_CONFIG_HOME: join(tmp, 'xdg'),
				WRANGLER_LOG_PATH: join(tmp, 'logs'),
				TMPDIR: join(tmp, 'tmp')
			}
		}
	);
	expect(run.status, run.stderr).toBe(0);

	const stdout = stripVTControlCharacters(run.stdout);
	const size = stdout.match(/Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/);
	expect(size, stdout).not.toBeNull();
	const [, raw, gzip] = size!;
	console.log(`Worker bundle: ${raw} KiB, ${gzip} KiB gzipped`);
	test
		.info()
		.annotations.push({ type: 'bundle size', description: `${raw} KiB / gzip ${gzip} KiB` });
	// Workers' limit on the free plan is 3 MiB compressed.
	expect(Number(gzip)).toBeLessThan(3 * 1024);

	const { sources } = JSON.parse(readFileSync(join(out, '_worker.js.map'), 'utf8')) as {
		sources: string[];
	};
	expect(sources.some((s) => s.endsWith('node_modules/@libsql/client/lib-esm/web.js'))).toBe(true);
	expect(sources.some((s) => s.includes('node_modules/@libsql/hrana-client/'))).toBe(true);
	// Neither the Node entry (node.js → sqlite3.js) nor the native engine and its loaders.
	const nodeOnly = sources.filter((s) =>
		/@libsql\/client\/lib-(esm|cjs)\/(node|sqlite3)\.js$|node_modules\/libsql\/|@libsql\/(linux|darwin|win32)-|@neon-rs\//.test(
			s
		)
	);
	expect(nodeOnly).toEqual([]);
	const code = readFileSync(join(out, '_worker.js'), 'utf8');
	expect(code).not.toMatch(/\.node["']\)|@neon-rs\/load|libsql-linux/);
});
