import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server.ts';
import { SEED, connect, keyClient, oauthClient, rejects, start } from './helpers.ts';

let sb: RunningSandbox;
beforeAll(async () => {
	sb = await start();
});
afterAll(() => sb.close());

describe('GET /v2/methods', () => {
	it('lists EUR methods by default with amounts and sandbox-served SVG images', async () => {
		const res = await keyClient(sb).methods.list({});
		const ids = res.embedded.methods.map((m) => m.id);
		expect(ids).toEqual(
			expect.arrayContaining(['ideal', 'bancontact', 'kbc', 'belfius', 'creditcard', 'paypal'])
		);
		const ideal = res.embedded.methods.find((m) => m.id === 'ideal');
		expect(ideal).toMatchObject({
			resource: 'method',
			description: 'iDEAL',
			minimumAmount: { currency: 'EUR', value: '0.01' },
			maximumAmount: { currency: 'EUR', value: '50000.00' },
			status: 'activated'
		});
		const svg = await fetch(ideal?.image.svg as string);
		expect(svg.status).toBe(200);
		expect(svg.headers.get('content-type')).toBe('image/svg+xml');
		expect(ideal?.image.svg.startsWith(sb.url)).toBe(true);
		expect(res.links.documentation.href).toContain('docs.mollie.com');
	});

	it('EUR-only methods vanish for other currencies', async () => {
		const usd = await keyClient(sb).methods.list({ amount: { currency: 'USD', value: '10.00' } });
		const ids = usd.embedded.methods.map((m) => m.id);
		for (const eurOnly of ['ideal', 'bancontact', 'kbc', 'belfius'])
			expect(ids).not.toContain(eurOnly);
		expect(ids).toContain('creditcard');
		const card = usd.embedded.methods.find((m) => m.id === 'creditcard');
		expect(card?.minimumAmount.currency).toBe('USD');
		const pln = await keyClient(sb).methods.list({ amount: { currency: 'PLN', value: '10.00' } });
		expect(pln.embedded.methods.map((m) => m.id)).toContain('przelewy24');
	});

	it('filters by minimum and maximum amount', async () => {
		const c = keyClient(sb);
		const big = await c.methods.list({ amount: { currency: 'EUR', value: '20000.00' } });
		const ids = big.embedded.methods.map((m) => m.id);
		expect(ids).toContain('ideal');
		expect(ids).not.toContain('creditcard');
		expect(ids).not.toContain('paypal');
		const tiny = await c.methods.list({ amount: { currency: 'EUR', value: '0.01' } });
		expect(tiny.embedded.methods.map((m) => m.id)).not.toContain('bancontact');
	});

	it('translates descriptions by locale and filters sequenceType=first', async () => {
		const c = keyClient(sb);
		const fr = await c.methods.list({ locale: 'fr_BE' });
		expect(fr.embedded.methods.find((m) => m.id === 'creditcard')?.description).toBe(
			'Carte bancaire'
		);
		const first = await c.methods.list({ sequenceType: 'first' });
		expect(first.embedded.methods.map((m) => m.id)).not.toContain('banktransfer');
	});

	it('OAuth requires profileId; methods of a not-onboarded org are pending in live mode', async () => {
		const dupont = oauthClient(sb, (await connect(sb)).accessToken);
		const err = await rejects(() => dupont.methods.list({}), 422);
		expect(JSON.parse(err.body).field).toBe('profileId');
		const ok = await dupont.methods.list({ profileId: SEED.dupontShop, testmode: true });
		expect(ok.count).toBeGreaterThan(0);
		const pending = oauthClient(
			sb,
			(await connect(sb, { organization: SEED.pending })).accessToken
		);
		const live = await pending.methods.list({ profileId: SEED.pendingProfile });
		expect(live.embedded.methods.every((m) => m.status === 'pending-boarding')).toBe(true);
	});

	it('bad filters are 400 with field; get one method; unknown method 404', async () => {
		const c = keyClient(sb);
		const e = await rejects(
			() => c.methods.list({ amount: { currency: 'EUR', value: '10' } }),
			400
		);
		expect(e.field).toBe('amount.value');
		const m = await c.methods.get({ methodId: 'bancontact' });
		expect(m.id).toBe('bancontact');
		await rejects(() => c.methods.get({ methodId: 'klarna' }), 404);
		const all = await c.methods.all({});
		expect(all.count).toBeGreaterThanOrEqual(8);
	});
});
