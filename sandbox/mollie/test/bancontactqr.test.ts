import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server.ts';
import {
	SEED,
	connect,
	control,
	keyClient,
	oauthClient,
	paymentInput,
	raw,
	receiver,
	rejects,
	useSandbox,
	waitFor
} from './helpers.ts';

let sb: RunningSandbox;
useSandbox((s) => (sb = s));

const QR = 'details.qrCode';

/** The dark modules an SVG path of `M x y h w v1 h-w z` runs draws (quiet zone of 2). */
function modulesOf(svg: string): Set<string> {
	const d = /<path[^>]* d="([^"]+)"/.exec(svg)?.[1] ?? '';
	const dark = new Set<string>();
	for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
		const [x, y, w] = [Number(m[1]) - 2, Number(m[2]) - 2, Number(m[3])];
		for (let i = 0; i < w; i++) dark.add(`${y},${x + i}`);
	}
	return dark;
}

function expectedModules(text: string): Set<string> {
	const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const dark = new Set<string>();
	for (let r = 0; r < qr.modules.size; r++)
		for (let c = 0; c < qr.modules.size; c++) if (qr.modules.get(r, c)) dark.add(`${r},${c}`);
	return dark;
}

describe('Bancontact QR (include=details.qrCode)', () => {
	it('returns a QR image on the sandbox that leads to the banking app page; paying there → paid + webhook', async () => {
		const hook = await receiver();
		try {
			const { accessToken } = await connect(sb);
			const c = oauthClient(sb, accessToken, { testmode: true, profileId: SEED.dupontShop });
			const p = await c.payments.create({
				include: QR,
				paymentRequest: paymentInput({
					method: 'bancontact',
					amount: { currency: 'EUR', value: '1500.00' },
					webhookUrl: hook.url
				})
			});
			expect(p.status).toBe('open');
			const qr = p.details?.qrCode;
			expect(qr).toMatchObject({ height: 180, width: 180 });
			expect(qr?.src).toBe(`${sb.url}/_sandbox/qr/${p.id}.svg`);
			// Without the include, no QR; with it on GET, the same QR while open.
			expect((await c.payments.get({ paymentId: p.id })).details?.qrCode).toBeUndefined();
			const again = await raw(
				sb,
				'GET',
				`/v2/payments/${p.id}?include=${QR}&testmode=true`,
				undefined,
				accessToken
			);
			expect((again.body.details as { qrCode: unknown }).qrCode).toEqual(qr);

			const img = await fetch(qr!.src!);
			expect(img.status).toBe(200);
			expect(img.headers.get('content-type')).toBe('image/svg+xml');
			const svg = await img.text();
			const scan = `${sb.url}/_sandbox/scan/${p.id}`;
			expect(modulesOf(svg)).toEqual(expectedModules(scan));

			const pageHtml = await (await fetch(scan)).text();
			expect(pageHtml).toContain('Bancontact app — sandbox');
			expect(pageHtml).toContain('Boulangerie Dupont');
			expect(pageHtml).toContain('EUR 1500.00');
			// The page's Pay button is a plain form post.
			const pay = await fetch(`${scan}/pay`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: '',
				redirect: 'manual'
			});
			expect(pay.status).toBe(303);
			await waitFor(() => hook.hits.length === 1 || undefined);
			expect(hook.hits[0].body).toBe(`id=${p.id}`);
			const paid = await c.payments.get({ paymentId: p.id });
			expect(paid.status).toBe('paid');
			expect(paid.details?.cardNumber).toMatch(/^\d{4}$/);
			expect(await (await fetch(scan)).text()).toContain('Payment <strong>paid</strong>');
			// The JSON API answers 409 once the payment is no longer open.
			expect((await control(sb, 'POST', `/scan/${p.id}/pay`)).status).toBe(409);
		} finally {
			await hook.close();
		}
	});

	it('the app can cancel (JSON API); a payment without a QR has no image or scan page', async () => {
		const c = keyClient(sb);
		const p = await c.payments.create({
			include: QR,
			paymentRequest: paymentInput({ method: 'bancontact' })
		});
		const res = await control<{ status: string }>(sb, 'POST', `/scan/${p.id}/cancel`);
		expect(res.body.status).toBe('canceled');
		const plain = await c.payments.create({
			paymentRequest: paymentInput({ method: 'bancontact' })
		});
		expect((await fetch(`${sb.url}/_sandbox/qr/${plain.id}.svg`)).status).toBe(404);
		expect((await fetch(`${sb.url}/_sandbox/scan/${plain.id}`)).status).toBe(404);
	});

	it('refuses the QR for other methods and above Bancontact QR’s EUR 1,500.00', async () => {
		const c = keyClient(sb);
		for (const method of ['ideal', 'creditcard', undefined]) {
			const err = await rejects(
				() => c.payments.create({ include: QR, paymentRequest: paymentInput({ method }) }),
				422
			);
			expect(err.body).toContain('"field":"include"');
		}
		const over = await rejects(
			() =>
				c.payments.create({
					include: QR,
					paymentRequest: paymentInput({
						method: 'bancontact',
						amount: { currency: 'EUR', value: '1500.01' }
					})
				}),
			422
		);
		expect(over.body).toContain('"field":"amount"');
		expect(over.body).toContain('1500.00');
		// The same amount without a QR is a normal Bancontact payment.
		const ok = await c.payments.create({
			paymentRequest: paymentInput({
				method: 'bancontact',
				amount: { currency: 'EUR', value: '1500.01' }
			})
		});
		expect(ok.details?.qrCode).toBeUndefined();
	});
});
