// The customer's PDF download (/pay/<token>/pdf): bytes per PDF and the time to make one on Node
// (vite preview of the production build), over loopback. The pay page's PDF needs no session.
import { median, percentile } from './util';

export interface PdfFigures {
	status: number;
	bytes: number;
	/** The first request: also loads pdf-lib, fontkit and the font (dynamic import). */
	firstMs: number;
	p50: number;
	p95: number;
	count: number;
}

export async function measurePdf(payUrl: string, count: number): Promise<PdfFigures> {
	const url = `${payUrl}/pdf`;
	const once = async () => {
		const t = performance.now();
		const res = await fetch(url);
		const body = new Uint8Array(await res.arrayBuffer());
		return { ms: performance.now() - t, status: res.status, bytes: body.length };
	};
	const first = await once();
	const times: number[] = [];
	let last = first;
	for (let i = 0; i < count && last.status === 200; i++) {
		last = await once();
		times.push(last.ms);
	}
	return {
		status: last.status,
		bytes: last.bytes,
		firstMs: first.ms,
		p50: median(times),
		p95: percentile(times, 95),
		count: times.length
	};
}
