// The invoice PDF made in workerd, for `npm run bench`: the production Worker build served by
// scripts/preview-edge.ts (wrangler dev, offline) on the bench's own database, so the pay link
// the bench created works there too (the preview gets the same token key). workerd's clock
// stands still while a request computes, so the figure is wall time seen from outside: each
// PDF download is paired with the same route for an unknown pay link (which only looks it up
// and answers 404); their difference is the time spent making the PDF.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './servers';
import { kb, median, ms, percentile, waitFor, type Row } from './util';

export interface WorkerdPdfFigures {
	status: number;
	bytes: number;
	/** The first download: the Worker also loads pdf-lib, fontkit and the font. */
	firstMs: number;
	/** Wall time of a PDF download, p50 / p95. */
	p50: number;
	p95: number;
	/** Wall time of the unknown-link request (route, lookup, 404), p50. */
	baselineP50: number;
	/** Per pair: PDF download minus the unknown-link request, p50 / p95. */
	makeP50: number;
	makeP95: number;
	count: number;
}

async function timedGet(url: string) {
	const t = performance.now();
	const res = await fetch(url);
	const body = new Uint8Array(await res.arrayBuffer());
	return { ms: performance.now() - t, status: res.status, bytes: body.length };
}

export async function measurePdfWorkerd(opts: {
	root: string;
	/** The bench's SQLite file (the preview serves it to the Worker over Hrana). */
	databaseFile: string;
	/** The key the pay link was sealed with (scripts/e2e-server.ts's). */
	tokenKey: string;
	/** A live pay link's token. */
	token: string;
	count: number;
	logFile: string;
}): Promise<WorkerdPdfFigures> {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const fd = openSync(opts.logFile, 'w');
	const child = spawn(
		'npx',
		[
			'tsx',
			'scripts/preview-edge.ts',
			'--port',
			String(port),
			'--db',
			opts.databaseFile,
			'--no-build'
		],
		{
			cwd: opts.root,
			detached: true,
			stdio: ['ignore', fd, fd],
			env: { ...process.env, TOKEN_ENCRYPTION_KEY: opts.tokenKey, MAIL_TRANSPORT: 'outbox' }
		}
	);
	closeSync(fd);
	const exit = new Promise<void>((resolve) => child.on('exit', () => resolve()));
	const signal = (s: NodeJS.Signals) => {
		try {
			if (child.pid) process.kill(-child.pid, s);
		} catch {
			// Already gone.
		}
	};
	try {
		await Promise.race([
			waitFor(
				async () => {
					const res = await fetch(`${base}/login`);
					await res.arrayBuffer();
					return res.ok;
				},
				180_000,
				`the Worker (workerd) on ${base}`,
				250
			),
			exit.then(() => {
				throw new Error('scripts/preview-edge.ts exited early');
			})
		]).catch((err: unknown) => {
			const log = readFileSync(opts.logFile, 'utf8').split('\n').slice(-20).join('\n');
			throw new Error(`${String(err)}\n--- preview log ---\n${log}`);
		});
		const pdfUrl = `${base}/pay/${opts.token}/pdf`;
		const unknownUrl = `${base}/pay/${'a'.repeat(opts.token.length)}/pdf`;
		const first = await timedGet(pdfUrl);
		if (first.status !== 200) {
			return {
				...first,
				firstMs: first.ms,
				p50: 0,
				p95: 0,
				baselineP50: 0,
				makeP50: 0,
				makeP95: 0,
				count: 0
			};
		}
		await timedGet(unknownUrl);
		const pdfs: number[] = [];
		const baselines: number[] = [];
		const made: number[] = [];
		let last = first;
		for (let i = 0; i < opts.count; i++) {
			const empty = await timedGet(unknownUrl);
			last = await timedGet(pdfUrl);
			if (last.status !== 200) break;
			pdfs.push(last.ms);
			baselines.push(empty.ms);
			made.push(Math.max(0, last.ms - empty.ms));
		}
		return {
			status: last.status,
			bytes: last.bytes,
			firstMs: first.ms,
			p50: median(pdfs),
			p95: percentile(pdfs, 95),
			baselineP50: median(baselines),
			makeP50: median(made),
			makeP95: percentile(made, 95),
			count: pdfs.length
		};
	} finally {
		signal('SIGTERM');
		await Promise.race([exit, new Promise((r) => setTimeout(r, 10_000))]);
		signal('SIGKILL');
	}
}

/** The bench table's rows for this section (a failure to start workerd is reported, not thrown). */
export async function pdfWorkerdRows(opts: {
	root: string;
	databaseFile: string;
	tokenKey: string;
	token: string;
	dir: string;
	count?: number;
}): Promise<Row[]> {
	const section = 'Invoice PDF /pay/<token>/pdf in workerd (Worker build, wrangler dev, loopback)';
	try {
		const f = await measurePdfWorkerd({
			...opts,
			count: opts.count ?? 20,
			logFile: join(opts.dir, 'edge-preview.log')
		});
		if (f.status !== 200) {
			return [{ section, what: 'GET', value: `not available (${f.status})` }];
		}
		return [
			{ section, what: 'Bytes per PDF (1-line invoice)', value: kb(f.bytes) },
			{ section, what: 'First download (loads pdf-lib and the font)', value: ms(f.firstMs) },
			{
				section,
				what: `Download time p50 / p95 (${f.count} sequential)`,
				value: `${ms(f.p50)} / ${ms(f.p95)}`
			},
			{
				section,
				what: 'Making the PDF: download minus an unknown link (p50 / p95; unknown link p50)',
				value: `${ms(f.makeP50)} / ${ms(f.makeP95)}; ${ms(f.baselineP50)}`
			}
		];
	} catch (e) {
		return [{ section, what: 'workerd', value: `not available (${String(e).split('\n')[0]})` }];
	}
}
