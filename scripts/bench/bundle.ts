// A Worker's bundle as `wrangler deploy` would upload it (dry run, offline, scripts/lib/
// workerBundle.ts): the total wrangler prints ("Total Upload: … KiB / gzip: … KiB", the figure
// Cloudflare's size limit applies to), and the biggest contributors by source package: each byte
// of the uploaded (minified) code is attributed to its source through the bundle's source map,
// and each package's bytes are gzipped on their own (an estimate: the parts add up to a little
// more than the whole). Fonts and other Data modules count in the total, not in the parts.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { wranglerDryRun, type WorkerName } from '../lib/workerBundle';

export interface BundleFigures {
	rawKiB: number;
	gzipKiB: number;
	/** Biggest source packages (or app folders), gzip bytes of their sources' content. */
	parts: { name: string; gzip: number }[];
}

/** The package (node_modules/<name> or @scope/name) or app folder a source belongs to. */
function partOf(source: string): string {
	if (source.includes('.svelte-kit/output/server/')) return 'app: pages and Kit runtime';
	return packageOf(source);
}

function packageOf(source: string): string {
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

export function measureBundle(root: string, worker: WorkerName = 'app', topN = 12): BundleFigures {
	const { rawKiB, gzipKiB, code, map } = wranglerDryRun(root, worker);
	const byPart = new Map<string, string[]>();
	const lines = code.split('\n');
	const regions = new Map<number, (line: number) => string | null>();
	const regionOf = (source: number, line: number) => {
		let find = regions.get(source);
		if (!find) regions.set(source, (find = bundledPackages(root, worker, map.sources[source]!)));
		return find(line);
	};
	for (const [line, segments] of decodeMappings(map.mappings).entries()) {
		const text = lines[line] ?? '';
		segments.forEach(([column, source, sourceLine], i) => {
			const end = segments[i + 1]?.[0] ?? text.length;
			const part =
				source === undefined
					? '(unmapped)'
					: (regionOf(source, sourceLine!) ?? partOf(map.sources[source]!));
			let pieces = byPart.get(part);
			if (!pieces) byPart.set(part, (pieces = []));
			pieces.push(text.slice(column, end));
		});
	}
	const parts = [...byPart]
		.map(([name, pieces]) => ({ name, gzip: gzipSync(pieces.join('')).length }))
		.sort((a, b) => b.gzip - a.gzip)
		.slice(0, topN);
	return { rawKiB, gzipKiB, parts };
}

/**
 * For a chunk of SvelteKit's server build: the package a line of it comes from, when the build
 * bundled that package itself (vite.config.ts `ssr.noExternal`; Rolldown heads each module with a
 * `// node_modules/…` comment), else null (the app's own code).
 */
function bundledPackages(root: string, worker: WorkerName, source: string) {
	if (!source.includes('.svelte-kit/output/server/')) return () => null;
	const dir = worker === 'app' ? '.tmp/bundle-app' : '.tmp/bundle-documents';
	let text: string;
	try {
		text = readFileSync(resolve(root, dir, source), 'utf8');
	} catch {
		return () => null;
	}
	const owner: (string | null)[] = [];
	let current: string | null = null;
	for (const line of text.split('\n')) {
		const head = /^\/\/ (node_modules\/\S+|src\/\S+)\s*$/.exec(line);
		if (head) current = head[1]!.startsWith('node_modules/') ? packageOf(head[1]!) : null;
		owner.push(current);
	}
	return (line: number) => owner[line] ?? null;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

type Segment = [column: number, source?: number, sourceLine?: number];

/** Source map v3 mappings: per generated line, [column, source index?, source line?] per segment. */
function decodeMappings(mappings: string): Segment[][] {
	const result: Segment[][] = [];
	let source = 0;
	let sourceLine = 0;
	for (const line of mappings.split(';')) {
		const segments: Segment[] = [];
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
			if (fields.length > 1) {
				source += fields[1]!;
				sourceLine += fields[2]!;
				segments.push([column, source, sourceLine]);
			} else segments.push([column]);
		}
		result.push(segments);
	}
	return result;
}
