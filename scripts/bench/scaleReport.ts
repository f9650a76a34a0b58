// The scale run's figures against issue 13's goals: rows for the bench's table, and a Markdown
// table per database (what README → Performance at scale shows).
import type { ScaleFigures, WebhookFloor } from './scale';
import { kb, type Row } from './util';

// Issue 13's goals.
export const GOALS = {
	/** Every page within 3× of its 100-invoice time at 100,000. */
	ratio: 3,
	/**
	 * HTML size independent of history: at 100,000 within 25 % of the 10,000-invoice page. Not of
	 * the 100-invoice page: there the customers (10) and Mollie payments (10) don't fill a list's
	 * first page yet (20 and 50 rows), so those pages grow until 10,000 and then stop.
	 */
	html: 1.25,
	lighthouse: 95,
	/** The webhook within 2× its floor. */
	webhook: 2
};

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0));
const sizeLabel = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

function ratios(scale: ScaleFigures, route: string, which: 'local' | 'remote') {
	const first = scale.sizes[0]!;
	const last = scale.sizes.at(-1)!;
	return {
		time: last[which][route]!.ms / first[which][route]!.ms,
		html: last[which][route]!.html / Math.max(1, scale.sizes.at(-2)![which][route]!.html)
	};
}

export function scaleRows(scale: ScaleFigures, floor: WebhookFloor): Row[] {
	const rows: Row[] = [];
	const last = scale.sizes.at(-1)!;
	for (const which of ['local', 'remote'] as const) {
		const section =
			which === 'local'
				? 'Pages by history size (production build, database file, median server time)'
				: `Pages through the libSQL HTTP server, +${scale.delayMs} ms per database request`;
		for (const route of scale.routes) {
			const r = ratios(scale, route, which);
			const times = scale.sizes.map((s) => fmt(s[which][route]!.ms)).join(' / ');
			const statuses = scale.sizes.map((s) => s[which][route]!.status).filter((st) => st !== 200);
			rows.push({
				section,
				what: `${route} (${scale.sizes.map((s) => sizeLabel(s.invoices)).join(' / ')}) ms`,
				value:
					`${times}; ${r.time.toFixed(1)}×` +
					(which === 'local'
						? `; HTML ${scale.sizes.map((s) => kb(s.local[route]!.html)).join(' / ')}`
						: '') +
					(which === 'remote' ? `; ${last.trips[route]} round trips` : '') +
					(statuses.length ? `; HTTP ${statuses.join(',')}` : ''),
				budget:
					which === 'local'
						? `≤ ${GOALS.ratio}×, HTML flat from ${sizeLabel(scale.sizes.at(-2)!.invoices)}`
						: undefined,
				met: which === 'local' ? r.time <= GOALS.ratio && r.html <= GOALS.html : undefined
			});
		}
	}
	for (const [name, lh] of Object.entries(scale.lighthouse)) {
		rows.push({
			section: `Lighthouse mobile at ${sizeLabel(last.invoices)} invoices`,
			what: `${name} (runs ${lh.runs.map((r) => r.performance).join('/')})`,
			value: `${lh.performance}; TBT ${lh.metrics.TBT}, LCP ${lh.metrics.LCP}`,
			budget: `≥ ${GOALS.lighthouse}`,
			met: lh.performance >= GOALS.lighthouse
		});
	}
	rows.push({
		section: `Webhook against its floor (${floor.requests} each, interleaved)`,
		what: 'webhook p50 / floor p50 (one SDK fetch of the payment, refunds and chargebacks embedded, + one write transaction)',
		value: `${fmt(floor.webhookMs)} ms / ${fmt(floor.floorMs)} ms = ${(floor.webhookMs / floor.floorMs).toFixed(2)}×`,
		budget: `≤ ${GOALS.webhook}×`,
		met: floor.webhookMs / floor.floorMs <= GOALS.webhook
	});
	rows.push({
		section: `Webhook against its floor (${floor.requests} each, interleaved)`,
		what: 'the same floor without embed (a plain payment fetch)',
		value: `${fmt(floor.plainFloorMs)} ms; webhook / it = ${(floor.webhookMs / floor.plainFloorMs).toFixed(2)}×`
	});
	rows.push({
		section: `Webhook against its floor (${floor.requests} each, interleaved)`,
		what: 'an empty delivery (the server receiving a request); webhook / (floor + it)',
		value: `${fmt(floor.receiptMs)} ms; ${(floor.webhookMs / (floor.floorMs + floor.receiptMs)).toFixed(2)}×`
	});
	return rows;
}

/** Markdown tables, one per database, ready for the README. */
export function printScale(scale: ScaleFigures, floor: WebhookFloor): string {
	const sizes = scale.sizes.map((s) => sizeLabel(s.invoices));
	const out: string[] = [];
	for (const which of ['local', 'remote'] as const) {
		out.push(
			which === 'local'
				? '#### Database file (median server time, ms)'
				: `#### libSQL over HTTP, +${scale.delayMs} ms per request (median, ms)`,
			'',
			`| route | ${sizes.join(' | ')} | ${sizes.at(-1)} / ${sizes[0]} | HTML at ${sizes.join(' / ')} | round trips |`,
			'| --- | ' + sizes.map(() => '---').join(' | ') + ' | --- | --- | --- |'
		);
		for (const route of scale.routes) {
			const r = ratios(scale, route, which);
			out.push(
				`| ${route} | ${scale.sizes.map((s) => fmt(s[which][route]!.ms)).join(' | ')} | ` +
					`${r.time.toFixed(1)}× | ${scale.sizes.map((s) => kb(s[which][route]!.html)).join(' / ')} | ` +
					`${scale.sizes.map((s) => s.trips[route]).join(' / ')} |`
			);
		}
		out.push('');
	}
	out.push(
		`Seeding: ${scale.sizes.map((s) => `${sizeLabel(s.invoices)} in ${(s.seedMs / 1000).toFixed(1)} s`).join(', ')}.`,
		`Lighthouse mobile at ${sizes.at(-1)}: ` +
			Object.entries(scale.lighthouse)
				.map(([name, lh]) => `${name} ${lh.performance} (TBT ${lh.metrics.TBT})`)
				.join('; ') +
			'.',
		`Webhook p50 ${fmt(floor.webhookMs)} ms against a floor of ${fmt(floor.floorMs)} ms ` +
			`(${(floor.webhookMs / floor.floorMs).toFixed(2)}×; ${fmt(floor.plainFloorMs)} ms without embed: ` +
			`${(floor.webhookMs / floor.plainFloorMs).toFixed(2)}×); an empty delivery took ` +
			`${fmt(floor.receiptMs)} ms (${(floor.webhookMs / (floor.floorMs + floor.receiptMs)).toFixed(2)}× ` +
			`floor and receipt together).`
	);
	return out.join('\n');
}
