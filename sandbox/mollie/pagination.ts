import type { Ctx } from './http.ts';
import { docs, link } from './http.ts';
import { MollieError } from './errors.ts';
import type { Sandbox } from './core.ts';

/**
 * Mollie's cursor pagination: newest first by default (`sort=asc` reverses), `from` is the id
 * of the first item on the page, `limit` 1–250 (default 50); `_links.next`/`previous` are URLs
 * carrying every other query parameter.
 */
export function paginate<T extends { id: string; seq: number }>(
	sb: Sandbox,
	ctx: Ctx,
	items: T[],
	key: string,
	render: (item: T) => unknown,
	docSlug: string
) {
	const q = ctx.url.searchParams;
	const limitRaw = q.get('limit');
	let limit = 50;
	if (limitRaw !== null && limitRaw !== '') {
		limit = Number(limitRaw);
		if (!Number.isInteger(limit) || limit < 1 || limit > 250) {
			throw new MollieError(400, 'The limit must be a number between 1 and 250.', 'limit');
		}
	}
	const sort = q.get('sort') ?? 'desc';
	if (sort !== 'asc' && sort !== 'desc') {
		throw new MollieError(400, "The sort must be 'asc' or 'desc'.", 'sort');
	}
	const ordered = [...items].sort((a, b) => (sort === 'asc' ? a.seq - b.seq : b.seq - a.seq));
	const from = q.get('from');
	let start = 0;
	if (from) {
		start = ordered.findIndex((i) => i.id === from);
		if (start < 0) {
			throw new MollieError(400, `The 'from' id '${from}' does not exist.`, 'from');
		}
	}
	const page = ordered.slice(start, start + limit);
	const pageUrl = (fromId: string) => {
		const u = new URL(`${sb.baseUrl}${ctx.url.pathname}`);
		for (const [k, v] of q) if (k !== 'from') u.searchParams.append(k, v);
		u.searchParams.set('from', fromId);
		if (!q.has('limit')) u.searchParams.set('limit', String(limit));
		return link(u.href);
	};
	const nextItem = ordered[start + limit];
	const prevItem = start > 0 ? ordered[Math.max(0, start - limit)] : undefined;
	return {
		count: page.length,
		_embedded: { [key]: page.map(render) },
		_links: {
			self: link(`${sb.baseUrl}${ctx.url.pathname}${ctx.url.search}`),
			previous: prevItem ? pageUrl(prevItem.id) : null,
			next: nextItem ? pageUrl(nextItem.id) : null,
			documentation: docs(docSlug)
		}
	};
}
