// Mollie's classic webhook against the production preview: `POST /api/webhooks/mollie` with
// `id=tr_…`, each delivery answered only after the app asked the sandbox for the payment.
import { randomBytes } from 'node:crypto';
import { dropSandboxWebhooks, ledgerRows, pressPay, setSandboxStatus, type BenchDb } from './app';
import { percentile } from './util';

export interface LoadFigures {
	requests: number;
	/** Answers other than 200, by status (0: the request failed). */
	errors: Record<number, number>;
	p50: number;
	p95: number;
	max: number;
	/** Deliveries per second over the whole run. */
	throughput: number;
}

async function deliver(baseURL: string, id: string): Promise<{ status: number; ms: number }> {
	const started = performance.now();
	try {
		const res = await fetch(`${baseURL}/api/webhooks/mollie`, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'user-agent': 'Mollie HTTP client/1.0'
			},
			body: new URLSearchParams({ id }).toString(),
			signal: AbortSignal.timeout(30_000)
		});
		await res.arrayBuffer();
		return { status: res.status, ms: performance.now() - started };
	} catch {
		return { status: 0, ms: performance.now() - started };
	}
}

function figures(results: { status: number; ms: number }[], wallMs: number): LoadFigures {
	const errors: Record<number, number> = {};
	for (const r of results) if (r.status !== 200) errors[r.status] = (errors[r.status] ?? 0) + 1;
	const latencies = results.map((r) => r.ms);
	return {
		requests: results.length,
		errors,
		p50: percentile(latencies, 50),
		p95: percentile(latencies, 95),
		max: Math.max(...latencies),
		throughput: results.length / (wallMs / 1000)
	};
}

/** `count` deliveries one after the other (after a few unmeasured warm-up ones). */
export async function sequential(baseURL: string, ids: () => string, count: number) {
	for (let i = 0; i < 5; i++) await deliver(baseURL, ids());
	const results = [];
	const started = performance.now();
	for (let i = 0; i < count; i++) results.push(await deliver(baseURL, ids()));
	return figures(results, performance.now() - started);
}

/** An id of the right shape that no payment has. */
export const unknownId = () => `tr_bench${randomBytes(6).toString('hex')}`;

export interface DuplicateFigures extends LoadFigures {
	rounds: number;
	concurrency: number;
	/** Ledger rows per payment before its round (0: the race was real) and after (must be 1). */
	before: number[];
	after: number[];
}

/**
 * Each round: a fresh payment (Pay button on the round's invoice), paid at the sandbox with the
 * sandbox's own webhook dropped, then `concurrency` identical deliveries at once — the race the
 * unique `external_key` must win. Afterwards that payment must have exactly one ledger row.
 */
export async function concurrentDuplicates(opts: {
	baseURL: string;
	sandboxURL: string;
	db: BenchDb;
	companyId: string;
	payTokens: string[];
	concurrency: number;
}): Promise<DuplicateFigures> {
	const results: { status: number; ms: number }[] = [];
	const before: number[] = [];
	const after: number[] = [];
	let wall = 0;
	for (const token of opts.payTokens) {
		const id = await pressPay(opts.baseURL, token);
		await dropSandboxWebhooks(opts.sandboxURL, 1);
		await setSandboxStatus(opts.sandboxURL, id, 'paid');
		before.push(await ledgerRows(opts.db, opts.companyId, id));
		const started = performance.now();
		const round = await Promise.all(
			Array.from({ length: opts.concurrency }, () => deliver(opts.baseURL, id))
		);
		wall += performance.now() - started;
		results.push(...round);
		after.push(await ledgerRows(opts.db, opts.companyId, id));
	}
	return {
		...figures(results, wall),
		rounds: opts.payTokens.length,
		concurrency: opts.concurrency,
		before,
		after
	};
}
