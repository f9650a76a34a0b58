// The Worker bundle as `wrangler deploy` would upload it (dry run, offline): the total wrangler
// prints ("Total Upload: … KiB / gzip: … KiB", the figure Cloudflare's size limit applies to),
// and the biggest contributors by source package: each byte of the uploaded (minified) code is
// attributed to its source through the bundle's source map, and each package's bytes are
// gzipped on their own (an estimate: the parts add up to a little more than the whole).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { gzipSync } from 'node:zlib';

export interface BundleFigures {
	rawKiB: number;
	gzipKiB: number;
	/** Biggest source packages (or app folders), gzip bytes of their sources' content. */
	parts: { name: string; gzip: number }[];
}

/** The package (node_modules/<name> or @scope/name) or app folder a source belongs to. */
function partOf(source: string): string {
	if (source.includes('.svelte-kit/output/server/')) return 'app: pages and Kit runtime';
	const nm = source.lastIndexOf('node_modules/');
	if (nm >= 0) {
		const rest = source.slice(nm + 'node_modules/'.length).split('/');
		if (rest[0] === 'src') return 'drizzle-orm (its source maps point to src/)';
		if (rest[0] === 'zod')
			return `zod/${rest[1] === 'v3' ? 'v3' : rest[2] === 'locales' ? 'v4 locales' : 'v4'}`;
		return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
	}
	if (/(^|\/)src\//.test(source)) return 'app: src/';
	return source.replace(/^(\.\.\/)+/, '');
}

export function measureBundle(root: string, topN = 12): BundleFigures {
	const out = join(root, '.tmp/bundle-size');
	const tmp = join(root, '.tmp/bundle-size-home');
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
	if (run.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${run.stderr}`);
	const stdout = stripVTControlCharacters(run.stdout);
	const size = stdout.match(/Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/);
	if (!size) throw new Error(`no "Total Upload" in wrangler's output:\n${stdout}`);

	const code = readFileSync(join(out, '_worker.js'), 'utf8');
	const map = JSON.parse(readFileSync(join(out, '_worker.js.map'), 'utf8')) as {
		sources: string[];
		mappings: string;
	};
	const byPart = new Map<string, string[]>();
	const lines = code.split('\n');
	for (const [line, segments] of decodeMappings(map.mappings).entries()) {
		const text = lines[line] ?? '';
		segments.forEach(([column, source], i) => {
			const end = segments[i + 1]?.[0] ?? text.length;
			const part = source === undefined ? '(unmapped)' : partOf(map.sources[source]!);
			let pieces = byPart.get(part);
			if (!pieces) byPart.set(part, (pieces = []));
			pieces.push(text.slice(column, end));
		});
	}
	const parts = [...byPart]
		.map(([name, pieces]) => ({ name, gzip: gzipSync(pieces.join('')).length }))
		.sort((a, b) => b.gzip - a.gzip)
		.slice(0, topN);
	rmSync(out, { recursive: true, force: true });
	return { rawKiB: Number(size[1]), gzipKiB: Number(size[2]), parts };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Source map v3 mappings: per generated line, [column, source index?] per segment. */
function decodeMappings(mappings: string): [number, number | undefined][][] {
	const result: [number, number | undefined][][] = [];
	let source = 0;
	for (const line of mappings.split(';')) {
		const segments: [number, number | undefined][] = [];
		let column = 0;
		for (const segment of line.split(',')) {
			if (!segment) continue;
			const fields: number[] = [];
			let value = 0;
			let shift = 0;
			for (const char of segment) {
				const digit = B64.indexOf(char);
				value += (digit & 31) << shift;
				if (digit & 32) shift += 5;
				else {
					fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
					value = 0;
					shift = 0;
				}
			}
			column += fields[0]!;
			if (fields.length > 1) source += fields[1]!;
			segments.push([column, fields.length > 1 ? source : undefined]);
		}
		result.push(segments);
	}
	return result;
}
