// The owner's Mollie transactions list at 10,000 payments: rows inserted straight into the
// database (as months of webhooks would have), then pages fetched with the owner's session.
import { randomBytes, randomInt } from 'node:crypto';
import * as schema from '../../src/lib/server/db/schema';
import type { BenchDb, Scene } from './app';
import { fetchRetry, median } from './util';

export const LIST_PATH = '/payments/mollie';

const STATUSES: [schema.MolliePayment['status'], number][] = [
	['paid', 70],
	['expired', 10],
	['canceled', 8],
	['failed', 7],
	['open', 5]
];
const METHODS = ['bancontact', 'creditcard', 'ideal', 'kbc', 'belfius', 'paypal'];
const DAY = 86_400_000;

function pick<T>(weighted: [T, number][]): T {
	let n = randomInt(weighted.reduce((s, [, w]) => s + w, 0));
	for (const [value, weight] of weighted) {
		if (n < weight) return value;
		n -= weight;
	}
	return weighted[0]![0];
}

const paymentId = () =>
	`tr_${randomBytes(12)
		.toString('base64')
		.replace(/[^A-Za-z0-9]/g, '')
		.slice(0, 10)}`;
const rowId = () => randomBytes(15).toString('hex');

/**
 * `count` Mollie payments of the company over the past year, spread over its invoices, with the
 * ledger row a paid one has (keyed `payment:tr_…`, as the webhook books it).
 */
export async function seedPayments(db: BenchDb, scene: Scene, count: number, profileId: string) {
	const now = Date.now();
	const attempts: schema.MolliePayment[] = [];
	const ledger: (typeof schema.payments.$inferInsert)[] = [];
	for (let i = 0; i < count; i++) {
		const invoice = scene.invoices[i % scene.invoices.length]!;
		const created = new Date(now - randomInt(365 * DAY) - 3_600_000);
		const status = pick(STATUSES);
		const method = status === 'open' ? null : METHODS[randomInt(METHODS.length)]!;
		const amountCents = 500 + randomInt(250_000);
		const paidAt = status === 'paid' ? new Date(created.getTime() + randomInt(600_000)) : null;
		const id = paymentId();
		attempts.push({
			id,
			companyId: scene.companyId,
			invoiceId: invoice.id,
			mode: 'test',
			profileId,
			status,
			amountCents,
			currency: 'EUR',
			method,
			checkoutUrl: null,
			locale: 'fr_BE',
			expiresAt: new Date(created.getTime() + 15 * 60_000),
			paidAt,
			refundedCents: 0,
			pendingRefundCents: 0,
			chargedBackCents: 0,
			transferDetails: null,
			createdAt: created,
			updatedAt: paidAt ?? created
		});
		if (paidAt) {
			ledger.push({
				id: rowId(),
				companyId: scene.companyId,
				invoiceId: invoice.id,
				date: paidAt.toISOString().slice(0, 10),
				amountCents,
				method: 'mollie',
				reference: `${method} ${id}`,
				externalKey: `payment:${id}`,
				molliePaymentId: id,
				createdAt: paidAt
			});
		}
	}
	const CHUNK = 500;
	const statements = [];
	for (let i = 0; i < attempts.length; i += CHUNK) {
		statements.push(db.insert(schema.molliePayments).values(attempts.slice(i, i + CHUNK)));
	}
	for (let i = 0; i < ledger.length; i += CHUNK) {
		statements.push(db.insert(schema.payments).values(ledger.slice(i, i + CHUNK)));
	}
	const [first, ...rest] = statements;
	if (first) await db.batch([first, ...rest]);
	await db.$client.execute('ANALYZE');
	return { payments: attempts.length, ledgerRows: ledger.length };
}

export interface Timed {
	url: string;
	status: number;
	/** Median and worst of the samples, after one unmeasured request. */
	p50: number;
	max: number;
	html: string;
}

async function get(url: string, cookie: string) {
	const started = performance.now();
	const res = await fetchRetry(url, { headers: { cookie }, redirect: 'manual' });
	const html = await res.text();
	return { status: res.status, ms: performance.now() - started, html };
}

/** Time to the whole response of `url` (loopback, so almost all of it is server time). */
export async function timeGet(url: string, cookie: string, samples = 7): Promise<Timed> {
	const first = await get(url, cookie);
	const times = [];
	for (let i = 0; i < samples; i++) times.push((await get(url, cookie)).ms);
	return {
		url,
		status: first.status,
		p50: median(times),
		max: Math.max(...times),
		html: first.html
	};
}

const decode = (s: string) => s.replace(/&amp;/g, '&');

/**
 * The list's "next page" link: `rel="next"` if marked, else a link back to the list carrying an
 * `after`/`cursor` key or a higher `page`. The route is still being built, so this stays loose.
 */
export function nextLink(html: string, current: URL): URL | null {
	const anchors = [...html.matchAll(/<a\b[^>]*>/gi)].map((m) => m[0]);
	const hrefOf = (tag: string) => /\bhref="([^"]*)"/i.exec(tag)?.[1];
	const toUrl = (tag: string) => {
		const href = hrefOf(tag);
		return href === undefined ? null : new URL(decode(href), current);
	};
	// Another query on the same list: not `#main` (skip link) or the page itself.
	const onList = (u: URL | null): u is URL =>
		!!u && u.pathname === current.pathname && u.search !== current.search;
	const rel = anchors.find((a) => /\brel="[^"]*\bnext\b/i.test(a));
	if (rel) {
		const u = toUrl(rel);
		if (onList(u)) return u;
	}
	const links = anchors.map(toUrl).filter(onList);
	const page = Number(current.searchParams.get('page') ?? 1);
	return (
		links.find((u) => u.searchParams.has('after')) ??
		links.find((u) => u.searchParams.has('cursor')) ??
		links.find((u) => Number(u.searchParams.get('page') ?? 0) > page) ??
		null
	);
}

export interface ListFigures {
	available: boolean;
	status: number;
	first?: Timed;
	/** Every page reached by following "next" from the first one. */
	pages?: number;
	/** False when the walk stopped at its time or page cap before the last page. */
	walkedToEnd?: boolean;
	middle?: Timed;
	search?: Timed;
	filter?: Timed;
}

/** First page, the middle page (walked to through "next"), a search and a status filter. */
export async function measureList(
	baseURL: string,
	cookie: string,
	search: string,
	path = LIST_PATH
): Promise<ListFigures> {
	const start = new URL(path, baseURL);
	const probe = await get(start.href, cookie);
	if (probe.status === 404) return { available: false, status: 404 };
	if (probe.status !== 200) {
		throw new Error(`GET ${path} answered ${probe.status} (expected 200 or 404)`);
	}
	const first = await timeGet(start.href, cookie);

	const pages: URL[] = [start];
	let html = first.html;
	let walkedToEnd = false;
	const deadline = Date.now() + 120_000;
	while (pages.length < 1000 && Date.now() < deadline) {
		const next = nextLink(html, pages.at(-1)!);
		if (!next || pages.some((p) => p.href === next.href)) {
			walkedToEnd = true;
			break;
		}
		const res = await get(next.href, cookie);
		if (res.status !== 200) break;
		pages.push(next);
		html = res.html;
	}
	const middle =
		pages.length > 1 ? await timeGet(pages[Math.floor(pages.length / 2)]!.href, cookie) : undefined;

	const searchUrl = new URL(start);
	searchUrl.searchParams.set('q', search);
	const filterUrl = new URL(start);
	filterUrl.searchParams.set('status', 'failed');
	return {
		available: true,
		status: 200,
		first,
		pages: pages.length,
		walkedToEnd,
		middle,
		search: await timeGet(searchUrl.href, cookie),
		filter: await timeGet(filterUrl.href, cookie)
	};
}
