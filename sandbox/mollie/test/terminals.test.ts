import { describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server.ts';
import {
	ALL_TEST_SCOPES,
	SEED,
	connect,
	control,
	keyClient,
	oauthClient,
	raw,
	receiver,
	rejects,
	useSandbox,
	waitFor
} from './helpers.ts';

let sb: RunningSandbox;
useSandbox((s) => (sb = s));

const TERMINAL_SCOPES = [...ALL_TEST_SCOPES, 'terminals.read'];

const posInput = (over: Record<string, unknown> = {}) => ({
	amount: { currency: 'EUR', value: '42.10' },
	description: 'Invoice 2024-007',
	method: 'pointofsale' as const,
	terminalId: SEED.dupontShopTerminal,
	// The SDK wants the field; a terminal payment redirects nobody.
	redirectUrl: null,
	...over
});

async function oauth(scopes = TERMINAL_SCOPES, organization: string = SEED.dupont) {
	const { accessToken } = await connect(sb, { scopes, organization });
	return {
		token: accessToken,
		client: oauthClient(sb, accessToken, { testmode: true, profileId: SEED.dupontShop })
	};
}

describe('Terminals API', () => {
	it('lists the seeded PAX terminal and Mollie Tap phone with every documented field', async () => {
		const { client } = await oauth();
		const page = await client.terminals.list({ testmode: true });
		const list = page.result.embedded.terminals ?? [];
		// Organisation-wide with OAuth: both Dupont profiles, two devices each.
		expect(list.map((t) => t.id).sort()).toEqual(
			[
				SEED.dupontShopTerminal,
				SEED.dupontShopTap,
				SEED.dupontWebTerminal,
				SEED.dupontWebTap
			].sort()
		);
		expect(page.result.count).toBe(4);
		const pax = list.find((t) => t.id === SEED.dupontShopTerminal)!;
		expect(pax).toMatchObject({
			resource: 'terminal',
			mode: 'test',
			status: 'active',
			brand: 'PAX',
			model: 'A920Pro',
			currency: 'EUR',
			profileId: SEED.dupontShop
		});
		expect(pax.serialNumber).toMatch(/^\d+$/);
		expect(pax.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(pax.links.self.href).toBe(`${sb.url}/v2/terminals/${pax.id}`);
		const tap = list.find((t) => t.id === SEED.dupontShopTap)!;
		expect(tap).toMatchObject({ brand: 'Tap', model: 'Tap', serialNumber: null });
		// Fields the SDK's model leaves out but Mollie's JSON carries.
		const rawList = await raw(sb, 'GET', '/v2/terminals?testmode=true', undefined, await token());
		const first = (rawList.body._embedded as { terminals: Record<string, unknown>[] }).terminals[0];
		expect(first).toMatchObject({ timezone: 'Europe/Brussels', locale: 'fr_BE' });
	});

	async function token() {
		return (await connect(sb, { scopes: TERMINAL_SCOPES })).accessToken;
	}

	it('filters by profileId, paginates, gets one, and hides other organisations and modes', async () => {
		const { client, token: t } = await oauth();
		const res = await raw(
			sb,
			'GET',
			`/v2/terminals?testmode=true&profileId=${SEED.dupontWeb}&limit=1`,
			undefined,
			t
		);
		expect(res.status).toBe(200);
		expect(res.body.count).toBe(1);
		const links = res.body._links as { next: { href: string } | null };
		expect(links.next?.href).toContain(`profileId=${SEED.dupontWeb}`);
		const next = await raw(
			sb,
			'GET',
			new URL(links.next!.href).pathname + new URL(links.next!.href).search,
			undefined,
			t
		);
		const ids = [res.body, next.body].map(
			(b) => (b._embedded as { terminals: { id: string }[] }).terminals[0].id
		);
		expect(ids.sort()).toEqual([SEED.dupontWebTerminal, SEED.dupontWebTap].sort());

		const got = await client.terminals.get({ terminalId: SEED.dupontShopTap, testmode: true });
		expect(got.id).toBe(SEED.dupontShopTap);
		// Another organisation's terminal, and live mode (no live terminals): Mollie's 404.
		await rejects(
			() => client.terminals.get({ terminalId: SEED.studioTerminal, testmode: true }),
			404
		);
		await rejects(
			() => client.terminals.get({ terminalId: SEED.dupontShopTerminal, testmode: false }),
			404
		);
		const live = await client.terminals.list({ testmode: false });
		expect(live.result.count).toBe(0);
		const bad = await raw(
			sb,
			'GET',
			`/v2/terminals?testmode=true&profileId=${SEED.studioProfile}`,
			undefined,
			t
		);
		expect(bad.status).toBe(422);
		expect(bad.body.field).toBe('profileId');
	});

	it('needs the terminals.read scope (403), and an API key sees its own profile only', async () => {
		const { client } = await oauth(ALL_TEST_SCOPES);
		const err = await rejects(() => client.terminals.list({ testmode: true }), 403);
		expect(err.body).toContain('terminals.read');
		const key = await keyClient(sb).terminals.list({});
		expect((key.result.embedded.terminals ?? []).map((t) => t.id).sort()).toEqual(
			[SEED.dupontShopTerminal, SEED.dupontShopTap].sort()
		);
	});

	it('control API adds terminals (inactive, pending, Tap, live) and changes their status', async () => {
		const created = await control<{ id: string; status: string; brand: string; model: string }>(
			sb,
			'POST',
			`/profiles/${SEED.dupontShop}/terminals`,
			{ description: 'Back room', status: 'inactive' }
		);
		expect(created.status).toBe(201);
		expect(created.body.id).toMatch(/^term_[A-Za-z0-9]{21}$/);
		expect(created.body).toMatchObject({ status: 'inactive', brand: 'PAX', model: 'A920Pro' });
		const tap = await control(sb, 'POST', `/profiles/${SEED.dupontShop}/terminals`, {
			description: 'Van',
			brand: 'Tap',
			mode: 'live'
		});
		expect(tap.body).toMatchObject({
			brand: 'Tap',
			model: 'Tap',
			mode: 'live',
			serialNumber: null
		});
		expect(
			(await control(sb, 'POST', `/profiles/${SEED.dupontShop}/terminals`, { description: '' }))
				.status
		).toBe(422);
		expect(
			(
				await control(sb, 'POST', `/profiles/${SEED.dupontShop}/terminals`, {
					description: 'x',
					brand: 'Ingenico'
				})
			).status
		).toBe(422);
		const { client } = await oauth();
		const list = await client.terminals.list({ testmode: true });
		// Newest first, like every Mollie list.
		expect(list.result.embedded.terminals?.[0].id).toBe(created.body.id);
		const changed = await control(sb, 'POST', `/terminals/${created.body.id}/status`, {
			status: 'active'
		});
		expect(changed.body).toMatchObject({ status: 'active' });
	});
});

describe('point-of-sale payments', () => {
	it('waits on the terminal (no checkout), the simulator approves: paid, card details, webhook', async () => {
		const hook = await receiver();
		try {
			const { client } = await oauth();
			const p = await client.payments.create({
				paymentRequest: posInput({
					webhookUrl: hook.url,
					profileId: SEED.dupontShop,
					testmode: true
				})
			});
			expect(p).toMatchObject({ status: 'open', method: 'pointofsale', isCancelable: true });
			expect(p.details?.terminalId).toBe(SEED.dupontShopTerminal);
			expect(p.links.checkout).toBeFalsy();
			expect(p.links.changePaymentState?.href).toBe(
				`${sb.url}/_sandbox/terminals/${SEED.dupontShopTerminal}`
			);
			// The simulator page shows what waits.
			const html = await (
				await fetch(`${sb.url}/_sandbox/terminals/${SEED.dupontShopTerminal}`)
			).text();
			expect(html).toContain('EUR 42.10');
			expect(html).toContain('Invoice 2024-007');
			expect(html).toContain('Customer cancels');

			const approved = await control<{ status: string }>(
				sb,
				'POST',
				`/terminals/${SEED.dupontShopTerminal}/approve`
			);
			expect(approved.status).toBe(200);
			expect(approved.body.status).toBe('paid');
			await waitFor(() => hook.hits.length === 1 || undefined);
			expect(hook.hits[0].body).toBe(`id=${p.id}`);
			const paid = await client.payments.get({ paymentId: p.id, testmode: true });
			expect(paid.status).toBe('paid');
			expect(paid.isCancelable).toBe(false);
			expect(paid.details).toMatchObject({
				terminalId: SEED.dupontShopTerminal,
				cardLabel: 'Mastercard',
				receipt: { cardReadMethod: 'contactless', cardVerificationMethod: 'no-cvm-required' }
			});
			expect(paid.details?.cardNumber).toMatch(/^\d{4}$/);
			expect(paid.details?.maskedNumber).toMatch(/^\d{6}\*{6}\d{4}$/);
			// Nothing waits any more: 409.
			expect(
				(await control(sb, 'POST', `/terminals/${SEED.dupontShopTerminal}/approve`)).status
			).toBe(409);
		} finally {
			await hook.close();
		}
	});

	it('decline → failed, timeout → expired, customer cancels → canceled; a Tap device reads by NFC', async () => {
		const c = keyClient(sb);
		for (const [action, status] of [
			['decline', 'failed'],
			['timeout', 'expired'],
			['cancel', 'canceled']
		] as const) {
			const p = await c.payments.create({ paymentRequest: posInput() });
			const res = await control<{ status: string; details: Record<string, unknown> }>(
				sb,
				'POST',
				`/terminals/${SEED.dupontShopTerminal}/${action}`
			);
			expect(res.body.status).toBe(status);
			expect((await c.payments.get({ paymentId: p.id })).status).toBe(status);
			if (status === 'failed') expect(res.body.details.failureReason).toBe('card_declined');
		}
		const tapPay = await c.payments.create({
			paymentRequest: posInput({ terminalId: SEED.dupontShopTap })
		});
		// The simulator's form post (no JSON) returns to the page.
		const form = await fetch(`${sb.url}/_sandbox/terminals/${SEED.dupontShopTap}/approve`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: '',
			redirect: 'manual'
		});
		expect(form.status).toBe(303);
		const paid = await c.payments.get({ paymentId: tapPay.id });
		expect(paid.details?.receipt?.cardReadMethod).toBe('near-field-communication');
	});

	it('an open point-of-sale payment can be canceled through the API, not once paid', async () => {
		const c = keyClient(sb);
		const p = await c.payments.create({ paymentRequest: posInput() });
		const canceled = await c.payments.cancel({ paymentId: p.id });
		expect(canceled.status).toBe('canceled');
		expect((await control(sb, 'POST', `/terminals/${SEED.dupontShopTerminal}/cancel`)).status).toBe(
			409
		);
		const q = await c.payments.create({ paymentRequest: posInput() });
		await control(sb, 'POST', `/terminals/${SEED.dupontShopTerminal}/approve`);
		await rejects(() => c.payments.cancel({ paymentId: q.id }), 422);
	});

	it('refuses what Mollie refuses: terminal missing, unknown, other profile, inactive or pending, amounts, method changes', async () => {
		const c = keyClient(sb);
		const field = async (over: Record<string, unknown>) =>
			(await rejects(() => c.payments.create({ paymentRequest: posInput(over) as never }), 422))
				.body;
		expect(await field({ terminalId: undefined })).toContain('"field":"terminalId"');
		expect(await field({ terminalId: 'term_doesNotExist0000000' })).toContain(
			'"field":"terminalId"'
		);
		// The Dupont webshop's terminal: unknown to the shop's API key; with OAuth (the whole
		// organisation) it is the wrong profile for a payment on the shop's profile.
		expect(await field({ terminalId: SEED.dupontWebTerminal })).toContain('does not exist');
		const { client } = await oauth();
		const other = await rejects(
			() =>
				client.payments.create({
					paymentRequest: posInput({
						terminalId: SEED.dupontWebTerminal,
						profileId: SEED.dupontShop,
						testmode: true
					}) as never
				}),
			422
		);
		expect(other.body).toContain('another profile');
		// Another organisation's terminal does not exist for this key.
		expect(await field({ terminalId: SEED.studioTerminal })).toContain('does not exist');
		for (const status of ['inactive', 'pending']) {
			const t = await control<{ id: string }>(
				sb,
				'POST',
				`/profiles/${SEED.dupontShop}/terminals`,
				{
					description: status,
					status
				}
			);
			expect(await field({ terminalId: t.body.id })).toContain(status);
		}
		expect(await field({ amount: { currency: 'EUR', value: '0.00' } })).toContain(
			'"field":"amount'
		);
		expect(await field({ amount: { currency: 'EUR', value: '50000.01' } })).toContain(
			'"field":"amount"'
		);
		expect(await field({ amount: { currency: 'GBP', value: '10.00' } })).toContain(
			'"field":"amount.currency"'
		);
		expect(
			await field({ method: 'ideal', redirectUrl: 'https://acquit.example/return' })
		).toContain('"field":"terminalId"');
		// Other methods still need their redirect URL.
		expect(await field({ method: 'ideal', terminalId: undefined })).toContain(
			'"field":"redirectUrl"'
		);
		expect(
			await field({
				method: ['pointofsale', 'ideal'],
				redirectUrl: 'https://acquit.example/return'
			})
		).toContain('"field":"method"');
		// No redirect URL needed on a terminal.
		const ok = await c.payments.create({ paymentRequest: posInput() });
		await rejects(
			() => c.payments.update({ paymentId: ok.id, requestBody: { method: 'ideal' } as never }),
			422
		);
		// The checkout does not take point-of-sale payments.
		expect((await fetch(`${sb.url}/checkout/${ok.id}`)).status).toBe(404);
	});
});
