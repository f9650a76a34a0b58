import QRCode from 'qrcode';
import type { Ctx, Reply } from './http.ts';
import { escapeHtml, html, json, redirect } from './http.ts';
import { MollieError } from './errors.ts';
import type { Sandbox } from './core.ts';
import { toJson } from './money.ts';
import { page } from './layout.ts';
import { QR_SIZE, paymentJson, transition } from './payments.ts';
import type { Payment } from './types.ts';

/**
 * Bancontact's QR code (`include=details.qrCode`): an SVG served by the sandbox whose QR leads
 * to the sandbox's stand-in for the customer's banking app, `/_sandbox/scan/:paymentId`.
 */

function qrPayment(sb: Sandbox, id: string): Payment | null {
	const p = sb.store.state.payments[id];
	return p && p.qrCode ? p : null;
}

/** What the QR encodes: the "banking app" page of this payment. */
export function scanUrl(sb: Sandbox, p: Payment): string {
	return `${sb.baseUrl}/_sandbox/scan/${p.id}`;
}

/** A QR as SVG: runs of dark modules as rectangles, 2-module quiet zone, black on white. */
export function qrSvg(payload: string, size = QR_SIZE): string {
	const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
	const n = qr.modules.size;
	const rects: string[] = [];
	for (let row = 0; row < n; row++) {
		let col = 0;
		while (col < n) {
			if (!qr.modules.get(row, col)) {
				col++;
				continue;
			}
			const start = col;
			while (col < n && qr.modules.get(row, col)) col++;
			rects.push(`M${start + 2} ${row + 2}h${col - start}v1h-${col - start}z`);
		}
	}
	const box = n + 4;
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${box} ${box}" shape-rendering="crispEdges"><rect width="${box}" height="${box}" fill="#fff"/><path fill="#000" d="${rects.join('')}"/></svg>`;
}

/** GET /_sandbox/qr/:paymentId.svg */
export function qrImage(sb: Sandbox, ctx: Ctx): Reply {
	const p = qrPayment(sb, ctx.params[0]);
	if (!p) throw new MollieError(404, `No QR code exists for payment ${ctx.params[0]}.`);
	return {
		status: 200,
		body: qrSvg(scanUrl(sb, p)),
		contentType: 'image/svg+xml',
		headers: { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' }
	};
}

function isForm(ctx: Ctx): boolean {
	return (ctx.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

/** GET /_sandbox/scan/:paymentId — "Bancontact app — sandbox": merchant, amount, Pay/Cancel. */
export function scanPage(sb: Sandbox, ctx: Ctx): Reply {
	const p = qrPayment(sb, ctx.params[0]);
	if (!p) return html(404, page('en', 'Not found', '<h1>Unknown QR code</h1>'));
	const profile = sb.store.state.profiles.find((x) => x.id === p.profileId);
	const a = toJson(p.amount);
	const head = `<h1>Bancontact app — sandbox</h1><p>Pay <strong>${escapeHtml(profile?.name ?? 'merchant')}</strong></p><p class="amount" style="font-size:2rem;font-weight:700">${escapeHtml(a.currency)} ${escapeHtml(a.value)}</p><p>${escapeHtml(p.description)}</p>`;
	const body =
		p.status === 'open'
			? `<div class="actions"><form method="post" action="/_sandbox/scan/${p.id}/pay"><button type="submit">Pay</button></form><form method="post" action="/_sandbox/scan/${p.id}/cancel"><button type="submit" class="secondary">Cancel</button></form></div>`
			: `<p role="status">Payment <strong>${escapeHtml(p.status)}</strong>.</p>`;
	return html(200, page('en', 'Bancontact app', `${head}${body}`));
}

/** POST /_sandbox/scan/:paymentId/pay | cancel — the customer confirms or cancels in the app. */
export function scanAction(sb: Sandbox, ctx: Ctx): Reply {
	const p = qrPayment(sb, ctx.params[0]);
	if (!p) throw new MollieError(404, `No QR code exists for payment ${ctx.params[0]}.`);
	const back = `${sb.baseUrl}/_sandbox/scan/${p.id}`;
	if (p.status !== 'open') {
		if (isForm(ctx)) return redirect(back);
		throw new MollieError(409, `The payment ${p.id} is ${p.status}, no longer open.`);
	}
	transition(sb, p, ctx.params[1] === 'pay' ? 'paid' : 'canceled');
	if (isForm(ctx)) return redirect(back);
	return json(200, paymentJson(sb, p));
}
