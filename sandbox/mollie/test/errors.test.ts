import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server.ts';
import { SEED, control, keyClient, paymentInput, raw, rejects, start } from './helpers.ts';

let sb: RunningSandbox;
beforeAll(async () => {
	sb = await start();
});
afterAll(() => sb.close());

/** Inputs the SDK can send: assert the typed ErrorResponse with status and field. */
const sdkCases: [string, Record<string, unknown>, string][] = [
	['wrong decimals for EUR', { amount: { currency: 'EUR', value: '10.5' } }, 'amount.value'],
	['decimals for JPY', { amount: { currency: 'JPY', value: '100.00' } }, 'amount.value'],
	['negative amount', { amount: { currency: 'EUR', value: '-1.00' } }, 'amount.value'],
	['zero amount', { amount: { currency: 'EUR', value: '0.00' } }, 'amount.value'],
	['non-numeric amount', { amount: { currency: 'EUR', value: 'ten' } }, 'amount.value'],
	['unknown currency', { amount: { currency: 'XYZ', value: '10.00' } }, 'amount.currency'],
	['missing redirectUrl', { redirectUrl: null }, 'redirectUrl'],
	['malformed redirectUrl', { redirectUrl: 'not a url' }, 'redirectUrl'],
	['non-http redirectUrl', { redirectUrl: 'ftp://acquit.example/x' }, 'redirectUrl'],
	['malformed webhookUrl', { webhookUrl: 'acquit.example/webhook' }, 'webhookUrl'],
	['malformed cancelUrl', { cancelUrl: 'https//nope' }, 'cancelUrl'],
	['empty description', { description: '' }, 'description'],
	['metadata over 1 kB', { metadata: { blob: 'x'.repeat(1100) } }, 'metadata'],
	[
		'EUR-only method with USD',
		{ amount: { currency: 'USD', value: '10.00' }, method: 'ideal' },
		'method'
	],
	[
		'amount above every method maximum',
		{ amount: { currency: 'EUR', value: '2000000.00' } },
		'amount'
	]
];

describe('payment create rejects bad input like Mollie (SDK)', () => {
	for (const [name, over, field] of sdkCases) {
		it(`${name} → 422 ${field}`, async () => {
			const err = await rejects(
				() => keyClient(sb).payments.create({ paymentRequest: paymentInput(over) as never }),
				422
			);
			expect(err.name).toBe('ErrorResponse');
			expect(err.field).toBe(field);
			const body = JSON.parse(err.body);
			expect(body).toMatchObject({ status: 422, title: 'Unprocessable Entity', field });
			expect(err.detail).toBeTruthy();
		});
	}

	it('description longer than 255 characters is truncated (not rejected)', async () => {
		const p = await keyClient(sb).payments.create({
			paymentRequest: paymentInput({ description: 'd'.repeat(300) })
		});
		expect(p.description).toHaveLength(255);
	});

	it('JPY takes no decimals', async () => {
		const p = await keyClient(sb).payments.create({
			paymentRequest: paymentInput({
				amount: { currency: 'JPY', value: '1500' },
				method: 'creditcard'
			})
		});
		expect(p.amount).toEqual({ currency: 'JPY', value: '1500' });
	});
});

/** Inputs the SDK refuses to send (its own schema stops them): sent raw. */
const rawCases: [string, Record<string, unknown>, string][] = [
	['amount.value as a number', { amount: { currency: 'EUR', value: 10 } }, 'amount.value'],
	['missing amount', { amount: undefined }, 'amount'],
	['missing currency', { amount: { value: '10.00' } }, 'amount.currency'],
	['missing description', { description: undefined }, 'description'],
	['missing redirectUrl field', { redirectUrl: undefined }, 'redirectUrl'],
	['unknown method', { method: 'cash' }, 'method'],
	['invalid locale', { locale: 'xx_XX' }, 'locale']
];

describe('payment create rejects bad input like Mollie (raw HTTP)', () => {
	for (const [name, over, field] of rawCases) {
		it(`${name} → 422 ${field}`, async () => {
			const res = await raw(sb, 'POST', '/v2/payments', paymentInput(over));
			expect(res.status).toBe(422);
			expect(res.contentType).toBe('application/hal+json');
			expect(res.body).toMatchObject({ status: 422, title: 'Unprocessable Entity', field });
			expect((res.body._links as { documentation: { href: string } }).documentation.href).toContain(
				'docs.mollie.com'
			);
		});
	}

	it('malformed JSON → 400', async () => {
		const res = await fetch(`${sb.url}/v2/payments`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${SEED.testKey}`, 'Content-Type': 'application/json' },
			body: '{"amount":'
		});
		expect(res.status).toBe(400);
	});

	it('unknown API key → 401; unknown endpoint → 404; wrong method → 405', async () => {
		expect((await raw(sb, 'GET', '/v2/payments', undefined, 'test_nope')).status).toBe(401);
		expect((await raw(sb, 'GET', '/v2/nothing-here', undefined)).status).toBe(404);
		expect((await raw(sb, 'PUT', '/v2/payments', {})).status).toBe(405);
	});
});

describe('simulated outages (control API fail-next)', () => {
	it('next call fails with 503, then works', async () => {
		await control(sb, 'POST', '/fail-next', { count: 1, status: 503 });
		const err = await rejects(() => keyClient(sb).payments.list({}), 503);
		expect(JSON.parse(err.body)).toMatchObject({ status: 503, title: 'Service Unavailable' });
		await keyClient(sb).payments.list({});
	});

	it('429 with Retry-After and 500', async () => {
		await control(sb, 'POST', '/fail-next', { count: 1, status: 429 });
		const err = await rejects(
			() => keyClient(sb).payments.create({ paymentRequest: paymentInput() }),
			429
		);
		expect(err.name).toBe('ErrorResponse');
		await control(sb, 'POST', '/fail-next', { count: 1, status: 500, pathPrefix: '/v2/methods' });
		await keyClient(sb).payments.list({});
		await rejects(() => keyClient(sb).methods.list({}), 500);
	});

	it('the SDK retries 503 by itself when retries are on', async () => {
		const { Client } = await import('mollie-api-typescript');
		const c = new Client({
			serverURL: sb.url,
			security: { apiKey: SEED.testKey },
			retryConfig: {
				strategy: 'backoff',
				backoff: { initialInterval: 10, maxInterval: 20, exponent: 1, maxElapsedTime: 2000 },
				retryConnectionErrors: true
			}
		});
		await control(sb, 'POST', '/fail-next', { count: 2, status: 503 });
		expect((await c.payments.list({})).result.count).toBeGreaterThanOrEqual(0);
	});

	it('timeout: the sandbox holds the request; the SDK times out', async () => {
		await control(sb, 'POST', '/fail-next', { count: 1, status: 'timeout' });
		const { Client } = await import('mollie-api-typescript');
		const c = new Client({
			serverURL: sb.url,
			security: { apiKey: SEED.testKey },
			retryConfig: { strategy: 'none' },
			timeoutMs: 200
		});
		await expect(c.payments.list({})).rejects.toMatchObject({ name: 'RequestTimeoutError' });
		await c.payments.list({}, { timeoutMs: 2000 });
	});

	it('malformed: a success status with a body the SDK cannot validate', async () => {
		await control(sb, 'POST', '/fail-next', {
			count: 1,
			status: 'malformed',
			pathPrefix: '/v2/payments'
		});
		const c = keyClient(sb);
		await expect(c.payments.create({ paymentRequest: paymentInput() })).rejects.toMatchObject({
			name: 'ResponseValidationError'
		});
		expect((await c.payments.create({ paymentRequest: paymentInput() })).status).toBe('open');
	});
});
