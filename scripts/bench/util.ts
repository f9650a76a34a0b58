// Small helpers shared by the bench steps: statistics, formatting, timeouts, the result table.

/** Nearest-rank percentile of `values` (0 < p ≤ 100); NaN for an empty list. */
export function percentile(values: number[], p: number): number {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export const median = (values: number[]) => percentile(values, 50);

export const ms = (value: number) =>
	Number.isNaN(value) ? 'n/a' : value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(1)} ms`;

/** Bytes as KiB (1 KB = 1024 B here, as in Lighthouse's budgets). */
export const kb = (bytes: number) =>
	bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;

export const sleep = (millis: number) => new Promise((r) => setTimeout(r, millis));

/** Rejects with a clear message when `promise` takes longer than `millis`. */
export async function withTimeout<T>(
	promise: Promise<T>,
	millis: number,
	what: string
): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`Timed out after ${millis} ms: ${what}`)), millis);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/** Polls `check` until it returns a value other than undefined/false, or throws after `millis`. */
export async function waitFor<T>(
	check: () => Promise<T | undefined | false>,
	millis: number,
	what: string,
	every = 100
): Promise<T> {
	const deadline = Date.now() + millis;
	for (;;) {
		const value = await check().catch(() => undefined);
		if (value !== undefined && value !== false) return value;
		if (Date.now() > deadline) throw new Error(`Timed out after ${millis} ms waiting for ${what}`);
		await sleep(every);
	}
}

/**
 * fetch, tried once more when no response came at all (e.g. a kept-alive connection the server
 * closed at that very moment, which a busy machine makes likelier). Timeouts are not retried.
 */
export async function fetchRetry(url: string, init: RequestInit = {}): Promise<Response> {
	try {
		return await fetch(url, { signal: AbortSignal.timeout(30_000), ...init });
	} catch (err) {
		if (err instanceof DOMException)
			throw new Error(`${init.method ?? 'GET'} ${url}`, { cause: err });
		return fetch(url, { signal: AbortSignal.timeout(30_000), ...init }).catch((again: unknown) => {
			throw new Error(`${init.method ?? 'GET'} ${url}`, { cause: again });
		});
	}
}

export interface Row {
	section: string;
	what: string;
	value: string;
	budget?: string;
	/** true/false: budget met or not; undefined: no budget (informational). */
	met?: boolean;
}

/** A plain-text table, one block per section. */
export function renderTable(rows: Row[]): string {
	const headers = ['Measurement', 'Figure', 'Budget', 'Met'];
	const cells = rows.map((r) => [
		r.what,
		r.value,
		r.budget ?? '',
		r.met === undefined ? '' : r.met ? 'yes' : 'NO'
	]);
	const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
	const line = (c: string[]) =>
		c
			.map((v, i) => v.padEnd(widths[i]!))
			.join('  ')
			.trimEnd();
	const rule = widths.map((w) => '-'.repeat(w)).join('  ');
	const out = [line(headers), rule];
	let section = '';
	rows.forEach((r, i) => {
		if (r.section !== section) {
			section = r.section;
			out.push('', section);
		}
		out.push(line(cells[i]!));
	});
	return out.join('\n');
}
