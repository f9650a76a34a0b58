import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '$lib/server/db';
import { companies, customers, invoices, peppolDocuments } from '$lib/server/db/schema';
import type { AccessPoint } from '$lib/server/peppol/accessPoint';
import { eInvoiceAccessPoint, webhookSignature } from '$lib/server/peppol/einvoice';
import {
	checkRegistration,
	decimalToCents,
	embeddedPdf,
	markReceivedPaid,
	peppolStateOf,
	purchasesOverview,
	receivedDocument,
	receivedDocuments,
	refreshCustomerPeppol,
	sendViaPeppol
} from '$lib/server/peppol/exchange';
import { listInvoices } from '$lib/server/invoicing/queries';
import { handlePeppolWebhook } from '$lib/server/peppol/webhook';
import { compiledRules } from '../../sandbox/peppol/rules';
import { describeWithRules } from '../../sandbox/peppol/test/withRules';
import {
	DEFAULT_API_KEY,
	startPeppolSandbox,
	type RunningPeppolSandbox
} from '../../sandbox/peppol/server';
import { createTestDb } from '../helpers/db';
import { makeCompany, makeCustomer, makeInvoice } from '../helpers/invoicing-fixtures';

/**
 * Acquit ↔ access point over HTTP: the app's e-invoice.be module (through the SDK) against the
 * local sandbox, which validates with the official rules, delivers, and calls the app's webhook
 * handler with signed events.
 */
const suite = describeWithRules('exchange tests');

const SLOW = 120_000;

suite('Peppol exchange through the access point', () => {
	let db: Db;
	let sb: RunningPeppolSandbox;
	let ap: AccessPoint;
	let hook: Server;
	let secret = '';
	const responses: number[] = [];
	let a: Awaited<ReturnType<typeof makeCompany>>;
	let b: Awaited<ReturnType<typeof makeCompany>>;

	const control = (path: string, body: unknown) =>
		fetch(`${sb.url}/_sandbox${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});

	beforeAll(async () => {
		// Compile the official rules first (once per checkout, a minute or more) so that no
		// send below waits on the compilation and times out as an unreachable access point.
		await compiledRules();
		db = (await createTestDb()).db as Db;
		a = await makeCompany(db);
		b = await makeCompany(db, { name: 'Client SA', vatNumber: 'BE0987654394' });
		sb = await startPeppolSandbox({ port: 0, deliveryDelayMs: 20, webhookRetryMs: [50] });
		ap = eInvoiceAccessPoint({ apiUrl: sb.url, apiKey: DEFAULT_API_KEY, timeoutMs: 15_000 });
		// The app's webhook endpoint, as the route runs it.
		hook = createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', async () => {
				const request = new Request('http://app.test/api/webhooks/peppol', {
					method: 'POST',
					headers: req.headers as Record<string, string>,
					body
				});
				const r = await handlePeppolWebhook(db, ap, request, secret);
				responses.push(r.status);
				res.writeHead(r.status);
				res.end(await r.text());
			});
		});
		await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
		const sub = await ap.subscribe(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/`);
		secret = sub.secret;
	}, 900_000);

	afterAll(async () => {
		await sb?.close();
		await new Promise((r) => hook?.close(r));
	});

	it('registration: not registered until the access point lists the 0208 identifier', async () => {
		expect(await checkRegistration(db, ap, a.company.id)).toEqual({
			state: 'not_registered',
			id: '0208:0123456749'
		});
		await control(`/tenants/${DEFAULT_API_KEY}/peppol-ids`, { peppol_id: '0208:0123456749' });
		expect((await checkRegistration(db, ap, a.company.id)).state).toBe('registered');
		const [row] = await db.select().from(companies).where(eq(companies.id, a.company.id));
		expect(row!.peppolRegisteredAt).toBeInstanceOf(Date);
	});

	it('a customer is reachable once its identifier is a participant', async () => {
		const customer = await makeCustomer(db, a.company.id);
		expect(await refreshCustomerPeppol(db, ap, a.company.id, customer.id)).toBe(false);
		// Client SA joins Peppol through the same access point: it receives into its inbox.
		await control(`/tenants/${DEFAULT_API_KEY}/peppol-ids`, { peppol_id: '0208:0987654394' });
		expect(await refreshCustomerPeppol(db, ap, a.company.id, customer.id)).toBe(true);
		const [row] = await db.select().from(customers).where(eq(customers.id, customer.id));
		expect(row).toMatchObject({ peppolReachable: true });
		// Another company can't refresh it.
		expect(await refreshCustomerPeppol(db, ap, b.company.id, customer.id)).toBeNull();
		const privateCustomer = await makeCustomer(db, a.company.id, { vatNumber: '' });
		expect(await refreshCustomerPeppol(db, ap, a.company.id, privateCustomer.id)).toBeNull();
	});

	it(
		'sends an invoice: transit, then delivered by signed webhook; the receiver gets it under Purchases',
		async () => {
			const customer = await makeCustomer(db, a.company.id);
			const inv = await makeInvoice(db, {
				companyId: a.company.id,
				journalId: a.journal.id,
				customer,
				company: a.company,
				number: '2026-0100',
				ogmReference: 100,
				lines: [{ quantityMilli: 2000, unitPriceMilli: 50_000, vat: '21' }]
			});
			const result = await sendViaPeppol(db, ap, a.company.id, inv.id, 'https://acquit.test');
			expect(result).toEqual({ ok: true, value: { state: 'transit' } });
			expect(await sendViaPeppol(db, ap, a.company.id, inv.id, 'https://acquit.test')).toEqual({
				ok: false,
				error: 'already_sent'
			});
			await sb.settled();
			expect(await peppolStateOf(db, a.company.id, inv.id)).toMatchObject({ state: 'delivered' });
			expect(responses.every((s) => s === 200)).toBe(true);

			const list = await receivedDocuments(db, b.company.id);
			expect(list).toHaveLength(1);
			expect(list[0]).toMatchObject({
				number: '2026-0100',
				supplierName: a.company.name,
				issueDate: '2026-03-02',
				netCents: 10_000,
				vatCents: 2_100,
				totalCents: 12_100,
				paymentReference: expect.stringMatching(/^\d{12}$/)
			});
			expect(await receivedDocuments(db, a.company.id)).toHaveLength(0);
			const doc = await receivedDocument(db, b.company.id, list[0]!.id);
			expect(await receivedDocument(db, a.company.id, list[0]!.id)).toBeNull();
			const pdf = embeddedPdf(doc!.xml!);
			expect(pdf?.filename).toBe('2026-0100.pdf');
			expect(new TextDecoder().decode(pdf!.bytes.slice(0, 5))).toBe('%PDF-');
			expect(await markReceivedPaid(db, a.company.id, list[0]!.id, true)).toBe(false);
			expect(await markReceivedPaid(db, b.company.id, list[0]!.id, true)).toBe(true);
			expect((await receivedDocuments(db, b.company.id))[0]!.paidAt).toBeInstanceOf(Date);
		},
		SLOW
	);

	it('webhooks: a bad signature is refused and changes nothing; a replay is a no-op', async () => {
		const state = sb.state;
		const delivered = state.documents.find(
			(d) => d.direction === 'OUTBOUND' && d.state === 'SENT'
		)!;
		const body = JSON.stringify({
			id: 'evt_forged',
			type: 'document.sent.failed',
			timestamp: new Date().toISOString(),
			data: { document_id: delivered.id }
		});
		const forged = await handlePeppolWebhook(
			db,
			ap,
			new Request('http://app.test/', {
				method: 'POST',
				headers: { 'x-signature': await webhookSignature(body, 'not-the-secret') },
				body
			}),
			secret
		);
		expect(forged.status).toBe(401);
		// Correctly signed but claiming failure: the state is re-read from the access point.
		const replay = await handlePeppolWebhook(
			db,
			ap,
			new Request('http://app.test/', {
				method: 'POST',
				headers: { 'x-signature': await webhookSignature(body, secret) },
				body
			}),
			secret
		);
		expect(replay.status).toBe(200);
		const [row] = await db
			.select()
			.from(peppolDocuments)
			.where(eq(peppolDocuments.apId, delivered.id));
		expect(row!.state).toBe('delivered');
		const inbound = state.documents.find((d) => d.direction === 'INBOUND')!;
		const again = JSON.stringify({
			id: 'evt_again',
			type: 'document.received',
			data: { document_id: inbound.id }
		});
		const r = await handlePeppolWebhook(
			db,
			ap,
			new Request('http://app.test/', {
				method: 'POST',
				headers: { 'x-signature': await webhookSignature(again, secret) },
				body: again
			}),
			secret
		);
		expect(await r.text()).toBe('duplicate');
		expect(await receivedDocuments(db, b.company.id)).toHaveLength(1);
	});

	it(
		'a received credit note is a negative purchase: what is still to pay goes down by it',
		async () => {
			const customer = await makeCustomer(db, a.company.id);
			const [inv] = await db
				.select()
				.from(invoices)
				.where(and(eq(invoices.companyId, a.company.id), eq(invoices.number, '2026-0100')));
			const cn = await makeInvoice(db, {
				companyId: a.company.id,
				journalId: a.journal.id,
				customer,
				company: a.company,
				kind: 'credit_note',
				creditedInvoiceId: inv!.id,
				number: '2026-0101',
				lines: [{ quantityMilli: -1000, unitPriceMilli: 50_000, vat: '21' }]
			});
			// A second invoice for the buyer, still unpaid.
			const open = await makeInvoice(db, {
				companyId: a.company.id,
				journalId: a.journal.id,
				customer,
				company: a.company,
				number: '2026-0102',
				lines: [{ quantityMilli: 3000, unitPriceMilli: 100_000, vat: '21' }]
			});
			for (const id of [cn.id, open.id]) {
				expect(await sendViaPeppol(db, ap, a.company.id, id, 'https://acquit.test')).toEqual({
					ok: true,
					value: { state: 'transit' }
				});
			}
			await sb.settled();
			expect(await peppolStateOf(db, a.company.id, cn.id)).toMatchObject({ state: 'delivered' });
			// The seller's invoice list shows each document's delivery, in its one query.
			const unsent = await makeInvoice(db, {
				companyId: a.company.id,
				journalId: a.journal.id,
				customer,
				company: a.company,
				lines: [{ quantityMilli: 1000, unitPriceMilli: 10_000, vat: '21' }]
			});
			const rows = (await listInvoices(db, a.company.id)).rows;
			const stateOf = (id: string) => rows.find((r) => r.id === id)?.peppolState;
			expect([stateOf(cn.id), stateOf(open.id), stateOf(inv!.id)]).toEqual([
				'delivered',
				'delivered',
				'delivered'
			]);
			expect(stateOf(unsent.id)).toBeNull();

			const { received, unpaid } = await purchasesOverview(db, b.company.id);
			expect(received.find((r) => r.number === '2026-0101')).toMatchObject({
				kind: 'credit_note',
				netCents: -5_000,
				vatCents: -1_050,
				totalCents: -6_050
			});
			expect(received.find((r) => r.number === '2026-0102')).toMatchObject({
				kind: 'invoice',
				totalCents: 36_300
			});
			// 2026-0100 was marked paid: 363.00 to pay, less the 60.50 credited.
			expect(unpaid).toEqual([{ currency: 'EUR', cents: 36_300 - 6_050 }]);
			expect((await purchasesOverview(db, a.company.id)).unpaid).toEqual([]);
			const cnRow = received.find((r) => r.number === '2026-0101')!;
			await markReceivedPaid(db, b.company.id, cnRow.id, true);
			expect((await purchasesOverview(db, b.company.id)).unpaid).toEqual([
				{ currency: 'EUR', cents: 36_300 }
			]);
		},
		SLOW
	);

	it(
		'a receiver that refuses: failed with its reason; the owner may send again',
		async () => {
			await control('/participants', { peppol_id: '0208:0597601756', reject: 'Unknown buyer' });
			const customer = await makeCustomer(db, a.company.id, { vatNumber: 'BE0597601756' });
			const inv = await makeInvoice(db, {
				companyId: a.company.id,
				journalId: a.journal.id,
				customer,
				company: a.company,
				lines: [{ quantityMilli: 1000, unitPriceMilli: 10_000, vat: '21' }]
			});
			expect(
				await sendViaPeppol(db, ap, a.company.id, inv.id, 'https://acquit.test')
			).toMatchObject({
				ok: true
			});
			await sb.settled();
			expect(await peppolStateOf(db, a.company.id, inv.id)).toMatchObject({
				state: 'failed',
				reason: 'Unknown buyer'
			});
			expect(
				(await listInvoices(db, a.company.id)).rows.find((r) => r.id === inv.id)?.peppolState
			).toBe('failed');
			// Failed is not sent: the owner may send it again (here it fails again, for the same reason).
			expect(
				await sendViaPeppol(db, ap, a.company.id, inv.id, 'https://acquit.test')
			).toMatchObject({
				ok: true
			});
			await sb.settled();
		},
		SLOW
	);

	it(
		'access point down: unavailable, nothing recorded as sent; invalid customer: the field',
		async () => {
			const customer = await makeCustomer(db, a.company.id);
			const inv = await makeInvoice(db, {
				companyId: a.company.id,
				journalId: a.journal.id,
				customer,
				company: a.company,
				lines: [{ quantityMilli: 1000, unitPriceMilli: 10_000, vat: '21' }]
			});
			await control('/fail-next', { count: 2, status: 503 });
			expect(await sendViaPeppol(db, ap, a.company.id, inv.id, 'https://acquit.test')).toEqual({
				ok: false,
				error: 'unavailable'
			});
			expect(await peppolStateOf(db, a.company.id, inv.id)).toBeNull();

			const privateCustomer = await makeCustomer(db, a.company.id, { vatNumber: '' });
			const p = await makeInvoice(db, {
				companyId: a.company.id,
				journalId: a.journal.id,
				customer: privateCustomer,
				company: a.company,
				lines: [{ quantityMilli: 1000, unitPriceMilli: 10_000, vat: '21' }]
			});
			expect(await sendViaPeppol(db, ap, a.company.id, p.id, 'https://acquit.test')).toEqual({
				ok: false,
				error: 'ubl',
				code: 'buyer_vat_missing',
				field: 'customer.vatNumber'
			});
		},
		SLOW
	);

	it('decimal amounts to cents', () => {
		expect(['12.10', '-3.5', '7', '0.005', 'x', null].map(decimalToCents)).toEqual([
			1210,
			-350,
			700,
			1,
			null,
			null
		]);
	});
});
