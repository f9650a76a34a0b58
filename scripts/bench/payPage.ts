// The customer's pay page: what a first visit downloads (Chromium's own byte counts over CDP) and
// Lighthouse's mobile scores.
import { devices } from '@playwright/test';
import { launch } from 'chrome-launcher';
import lighthouse, { type Result } from 'lighthouse';
import { gzipSync } from 'node:zlib';
import { CHROMIUM, CHROMIUM_FLAGS, launchBrowser } from './app';
import { median } from './util';

export interface Resource {
	url: string;
	type: string;
	/** Bytes on the wire (headers included), as Chromium counted them. */
	transfer: number;
	/** The decoded body, gzipped at level 9: what a compressing CDN would send. */
	gzip: number;
	body: Buffer;
}

export interface PayPageWeight {
	status: number;
	payButton: boolean;
	resources: Resource[];
	/** Everything except the company's own images (`/files/…`). */
	counted: Resource[];
	excluded: Resource[];
	jsRequests: number;
	jsBytes: number;
	jsGzip: number;
	/** Inline `<script>` in the HTML (there should be none: the page is `csr = false`). */
	inlineScripts: number;
	transfer: number;
	gzipTotal: number;
}

interface CdpResponse {
	requestId: string;
	type?: string;
	response: { url: string; status: number };
}

const INLINE_SCRIPT =
	/<script\b(?![^>]*\btype=["']?application\/(?:ld\+)?json)[^>]*>([\s\S]*?)<\/script>/gi;

/** Loads the page once in a fresh phone context (empty cache) and sums what came over the wire. */
export async function measureWeight(url: string): Promise<PayPageWeight> {
	const browser = await launchBrowser();
	try {
		const context = await browser.newContext({ ...devices['Pixel 7'] });
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		const responses = new Map<string, CdpResponse>();
		const finished = new Map<string, number>();
		cdp.on('Network.responseReceived', (e: CdpResponse) => responses.set(e.requestId, e));
		cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) =>
			finished.set(e.requestId, e.encodedDataLength)
		);
		await cdp.send('Network.enable');
		await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
		const main = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
		await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
		const payButton = (await page.locator('form[action^="?/pay"] button').count()) > 0;

		const resources: Resource[] = [];
		for (const [id, e] of responses) {
			if (!finished.has(id) || e.response.url.startsWith('data:')) continue;
			const got = await cdp
				.send('Network.getResponseBody', { requestId: id })
				.catch(() => ({ body: '', base64Encoded: false }));
			const body = Buffer.from(got.body, got.base64Encoded ? 'base64' : 'utf8');
			resources.push({
				url: e.response.url,
				type: e.type ?? 'Other',
				transfer: finished.get(id)!,
				gzip: body.length ? gzipSync(body, { level: 9 }).length : 0,
				body
			});
		}
		const isCompanyImage = (r: Resource) => new URL(r.url).pathname.startsWith('/files/');
		const counted = resources.filter((r) => !isCompanyImage(r));
		const scripts = counted.filter((r) => r.type === 'Script');
		const html = counted
			.filter((r) => r.type === 'Document')
			.map((r) => r.body.toString('utf8'))
			.join('');
		const inline = [...html.matchAll(INLINE_SCRIPT)].map((m) => Buffer.from(m[1]!));
		const js = [...scripts.map((r) => r.body), ...inline.filter((b) => b.length)];
		const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
		return {
			status: main?.status() ?? 0,
			payButton,
			resources,
			counted,
			excluded: resources.filter(isCompanyImage),
			jsRequests: scripts.length,
			jsBytes: sum(js.map((b) => b.length)),
			jsGzip: sum(js.map((b) => gzipSync(b, { level: 9 }).length)),
			inlineScripts: inline.length,
			transfer: sum(counted.map((r) => r.transfer)),
			gzipTotal: sum(counted.map((r) => r.gzip))
		};
	} finally {
		await browser.close();
	}
}

export interface LighthouseFigures {
	runs: { performance: number; accessibility: number }[];
	performance: number;
	accessibility: number;
	/** Metrics of the run with the median performance score. */
	metrics: Record<'FCP' | 'LCP' | 'TBT' | 'CLS' | 'SI', string>;
	failedA11yAudits: string[];
	/** Lighthouse's measure of this machine's CPU (lower: slower or busier), median of the runs. */
	benchmarkIndex: number;
}

/**
 * Lighthouse's default (mobile, simulated slow 4G and 4× CPU) run `runs` times in one Chromium
 * started by chrome-launcher; the median score counts, as Lighthouse recommends.
 */
export async function runLighthouse(
	url: string,
	runs: number,
	/** `acquit_session=…` for a signed-in page. */
	cookie?: string,
	/** Sees each run's full report (the Lighthouse-only mode saves and diagnoses them). */
	onReport?: (lhr: Result, run: number) => void
): Promise<LighthouseFigures> {
	process.env.CHROME_PATH ||= CHROMIUM;
	const chrome = await launch({
		chromePath: process.env.CHROME_PATH,
		chromeFlags: CHROMIUM_FLAGS,
		logLevel: 'silent'
	});
	try {
		const results: Result[] = [];
		for (let i = 0; i < runs; i++) {
			const result = await lighthouse(url, {
				port: chrome.port,
				output: 'json',
				logLevel: 'error',
				onlyCategories: ['performance', 'accessibility'],
				...(cookie ? { extraHeaders: { Cookie: cookie } } : {})
			});
			if (!result) throw new Error('Lighthouse returned no result');
			const { lhr } = result;
			if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
			onReport?.(lhr, i);
			results.push(lhr);
		}
		const score = (lhr: Result, id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
		const scored = results
			.map((lhr) => ({ lhr, performance: score(lhr, 'performance') }))
			.sort((a, b) => a.performance - b.performance);
		const mid = scored[Math.floor((scored.length - 1) / 2)]!.lhr;
		const audit = (id: string) => mid.audits[id]?.displayValue ?? 'n/a';
		return {
			runs: results.map((lhr) => ({
				performance: score(lhr, 'performance'),
				accessibility: score(lhr, 'accessibility')
			})),
			performance: median(results.map((lhr) => score(lhr, 'performance'))),
			accessibility: median(results.map((lhr) => score(lhr, 'accessibility'))),
			metrics: {
				FCP: audit('first-contentful-paint'),
				LCP: audit('largest-contentful-paint'),
				TBT: audit('total-blocking-time'),
				CLS: audit('cumulative-layout-shift'),
				SI: audit('speed-index')
			},
			failedA11yAudits: (mid.categories.accessibility?.auditRefs ?? [])
				.filter((ref) => ref.weight > 0 && (mid.audits[ref.id]?.score ?? 1) < 1)
				.map((ref) => ref.id),
			benchmarkIndex: median(results.map((lhr) => lhr.environment.benchmarkIndex))
		};
	} finally {
		chrome.kill();
	}
}
