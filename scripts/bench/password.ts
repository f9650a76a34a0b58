// Password hash time (scrypt N=2^14, r=8, p=5: src/lib/server/auth/password.ts) on Node, in this
// process, and in workerd, where the same module runs in a Worker started with wrangler's
// unstable_dev (offline). workerd's clock stands still while a request computes, so its figure is
// wall time seen from outside: a request that hashes once minus one that does nothing.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unstable_dev } from 'wrangler';
import { hashPassword } from '../../src/lib/server/auth/password';

/** The app's compatibility date and flags, from wrangler.toml. */
function runtime(toml: string) {
	const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
	const flags = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(toml)?.[1] ?? '';
	return {
		compatibilityDate: date,
		compatibilityFlags: [...flags.matchAll(/"([^"]+)"/g)].map((m) => m[1])
	};
}

export interface HashFigures {
	nodeMs: number[];
	workerdMs: number[] | null;
	workerdError?: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const summary = (xs: number[]) =>
	`p50 ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, ${xs.length} runs)`;

async function timed(run: () => Promise<unknown>) {
	const t = performance.now();
	await run();
	return performance.now() - t;
}

export async function measurePasswordHash(runs = 10): Promise<HashFigures> {
	await hashPassword('warm-up');
	const nodeMs: number[] = [];
	for (let i = 0; i < runs; i++)
		nodeMs.push(await timed(() => hashPassword('correct horse battery')));

	const here = dirname(fileURLToPath(import.meta.url));
	let worker: Awaited<ReturnType<typeof unstable_dev>> | undefined;
	try {
		worker = await unstable_dev(join(here, 'hashWorker.ts'), {
			// Not the app's wrangler.toml (its assets and bindings are not needed): only its runtime.
			config: join(here, 'hashWorker.toml'),
			...runtime(readFileSync(join(here, '..', '..', 'wrangler.toml'), 'utf8')),
			ip: '127.0.0.1',
			persist: false,
			logLevel: 'error',
			experimental: { disableExperimentalWarning: true }
		});
		const w = worker;
		const call = (path: string) => timed(async () => (await w.fetch(path)).text());
		await call('/hash');
		const workerdMs: number[] = [];
		for (let i = 0; i < runs; i++) {
			const empty = await call('/');
			workerdMs.push(Math.max(0, (await call('/hash')) - empty));
		}
		return { nodeMs, workerdMs };
	} catch (e) {
		return { nodeMs, workerdMs: null, workerdError: String(e).split('\n')[0] };
	} finally {
		await worker?.stop();
	}
}

// `npx tsx scripts/bench/password.ts`: these figures alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const figures = await measurePasswordHash();
	console.log(`Password hash, Node:    ${summary(figures.nodeMs)}`);
	console.log(
		`Password hash, workerd: ${figures.workerdMs ? summary(figures.workerdMs) : `not available (${figures.workerdError})`}`
	);
}
