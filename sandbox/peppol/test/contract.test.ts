/**
 * The Peppol access-point sandbox driven by e-invoice.be's own SDK (`e-invoice-api`): every call
 * Acquit makes goes through the SDK's real request encoding and response handling, and what an
 * access point refuses comes back as the SDK's typed errors.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
	APIConnectionError,
	AuthenticationError,
	BadRequestError,
	EInvoice,
	InternalServerError,
	PermissionDeniedError,
	toFile,
	UnprocessableEntityError
} from 'e-invoice-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compiledRules, rulesDir } from '../rules.ts';
import { describeWithRules } from './withRules.ts';
import {
	DEFAULT_API_KEY,
	signWebhook,
	sortedJson,
	startPeppolSandbox,
	type RunningPeppolSandbox
} from '../server.ts';

const suite = describeWithRules('sandbox contract');

const SELLER = '0088:9482348239847239874';
const BUYER = '0002:FR23342';

it("signs webhooks exactly as e-invoice.be's documentation shows", () => {
	// The documented example: secret "secret", this payload, this signature.
	const body = sortedJson({
		document: {
			id: 'doc-1',
			name: 'test.xml',
			type: 'application/xml',
			size: 100,
			url: 'https://example.com/test.xml'
		}
	});
	expect(body).toBe(
		'{"document": {"id": "doc-1", "name": "test.xml", "size": 100, "type": "application/xml", "url": "https://example.com/test.xml"}}'
	);
	expect(signWebhook(body, 'secret')).toBe(
		'sha256=6722b498bf28ce7ca5a6f21c0fca9166e24dea480978b276725ff46e503dd70f'
	);
	expect(sortedJson({ t: 'é⚡' })).toBe('{"t": "\\u00e9\\u26a1"}');
});

suite('Peppol sandbox, as the e-invoice-api SDK sees it', () => {
	let sb: RunningPeppolSandbox;
	let client: EInvoice;
	let hookServer: Server;
	let hookUrl: string;
	const received: { body: string; signature: string }[] = [];
	let example: string;

	const control = (path: string, body?: unknown) =>
		fetch(`${sb.url}/_sandbox${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	const upload = async (xml: string) =>
		client.documents.ubl.createFromUbl({
			file: await toFile(new TextEncoder().encode(xml), 'invoice.xml', { type: 'application/xml' })
		});

	beforeAll(async () => {
		await compiledRules(); // before any upload waits on the compilation
		example = readFileSync(join(rulesDir(), 'examples', 'base-example.xml'), 'utf8');
		hookServer = createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				received.push({ body, signature: String(req.headers['x-signature'] ?? '') });
				res.end('ok');
			});
		});
		await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
		hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`;
		sb = await startPeppolSandbox({ port: 0, deliveryDelayMs: 10, webhookRetryMs: [10] });
		client = new EInvoice({ apiKey: DEFAULT_API_KEY, baseURL: sb.url, maxRetries: 0 });
	}, 900_000);

	afterAll(async () => {
		await sb?.close();
		await new Promise((r) => hookServer?.close(r));
	});

	it('authenticates with the bearer key and reports the SMP registration', async () => {
		const stranger = new EInvoice({ apiKey: 'nope', baseURL: sb.url, maxRetries: 0 });
		await expect(stranger.me.retrieve()).rejects.toBeInstanceOf(AuthenticationError);
		expect((await client.me.retrieve()).peppol_ids).toEqual([]);
		await control(`/tenants/${DEFAULT_API_KEY}/peppol-ids`, { peppol_id: SELLER });
		const me = await client.me.retrieve();
		expect(me.peppol_ids).toEqual([SELLER]);
		expect(me.smp_registration).toBe(true);
	});

	it('looks participants up', async () => {
		const unknown = await client.validate.validatePeppolID({ peppol_id: BUYER });
		expect(unknown.is_valid).toBe(false);
		await control('/participants', { peppol_id: BUYER, name: 'Buyercompany ltd', country: 'FR' });
		const known = await client.validate.validatePeppolID({ peppol_id: BUYER });
		expect(known).toMatchObject({ is_valid: true, business_card: { name: 'Buyercompany ltd' } });
	});

	it('validates UBL with the official rules', async () => {
		const ok = await client.validate.validateUbl({
			file: await toFile(new TextEncoder().encode(example), 'ok.xml')
		});
		expect(ok.is_valid).toBe(true);
		const broken = example.replace(/<cbc:BuyerReference>[^<]*<\/cbc:BuyerReference>/, '');
		const bad = await client.validate.validateUbl({
			file: await toFile(new TextEncoder().encode(broken), 'bad.xml')
		});
		expect(bad.is_valid).toBe(false);
		expect(bad.issues.map((i) => i.rule_id)).toContain('PEPPOL-EN16931-R003');
		await expect(upload('<Invoice>not UBL')).rejects.toBeInstanceOf(BadRequestError);
		const draft = await upload(broken);
		await expect(client.documents.send(draft.id)).rejects.toBeInstanceOf(UnprocessableEntityError);
		expect((await client.documents.retrieve(draft.id)).state).toBe('DRAFT');
	}, 120_000);

	it('sends, delivers and reports by signed webhook; a refusing receiver fails the document', async () => {
		const hook = await client.webhooks.create({
			url: hookUrl,
			events: ['document.sent', 'document.sent.failed', 'document.received']
		});
		const doc = await upload(example);
		expect(doc).toMatchObject({ state: 'DRAFT', direction: 'OUTBOUND', invoice_id: 'Snippet1' });
		const sent = await client.documents.send(doc.id, {
			sender_peppol_scheme: '0088',
			sender_peppol_id: '9482348239847239874',
			receiver_peppol_scheme: '0002',
			receiver_peppol_id: 'FR23342'
		});
		expect(sent.state).toBe('TRANSIT');
		await sb.settled();
		expect((await client.documents.retrieve(doc.id)).state).toBe('SENT');
		const event = JSON.parse(received.at(-1)!.body);
		expect(event).toMatchObject({ type: 'document.sent', data: { document_id: doc.id } });
		expect(received.at(-1)!.signature).toBe(signWebhook(received.at(-1)!.body, hook.secret));

		await control('/participants', { peppol_id: BUYER, name: 'Buyer', reject: 'Unknown buyer' });
		const refused = await upload(example);
		await client.documents.send(refused.id);
		await sb.settled();
		const failed = await client.documents.retrieve(refused.id);
		expect(failed).toMatchObject({ state: 'FAILED', note: 'Unknown buyer' });
		expect(JSON.parse(received.at(-1)!.body).type).toBe('document.sent.failed');
	}, 120_000);

	it('refuses a sender not registered and a receiver not on Peppol', async () => {
		const doc = await upload(example);
		await expect(
			client.documents.send(doc.id, {
				sender_peppol_scheme: '0208',
				sender_peppol_id: '0123456749'
			})
		).rejects.toBeInstanceOf(PermissionDeniedError);
		await fetch(`${sb.url}/_sandbox/participants/${encodeURIComponent(BUYER)}`, {
			method: 'DELETE'
		});
		await expect(client.documents.send(doc.id)).rejects.toBeInstanceOf(BadRequestError);
	}, 120_000);

	it('delivers inbound documents to the inbox, with a signed UBL download', async () => {
		const inbound = example.replace(
			/<cbc:EndpointID schemeID="0002">FR23342<\/cbc:EndpointID>/,
			`<cbc:EndpointID schemeID="0088">9482348239847239874</cbc:EndpointID>`
		);
		const res = await control('/inbound', undefined);
		expect(res.status).toBeGreaterThanOrEqual(400);
		const ok = await fetch(`${sb.url}/_sandbox/inbound`, { method: 'POST', body: inbound });
		expect(ok.status).toBe(201);
		await sb.settled();
		const page = await client.inbox.list({ page: 1, page_size: 10 });
		expect(page.items[0]).toMatchObject({
			direction: 'INBOUND',
			state: 'RECEIVED',
			invoice_id: 'Snippet1',
			vendor_name: 'SupplierOfficialName Ltd'
		});
		const meta = await client.documents.ubl.get(page.items[0]!.id);
		expect(await (await fetch(meta.signed_url!)).text()).toBe(inbound);
		expect(JSON.parse(received.at(-1)!.body).type).toBe('document.received');
	}, 120_000);

	it('is down when told to be: a 503, then back', async () => {
		await control('/fail-next', { count: 1, status: 503 });
		await expect(client.me.retrieve()).rejects.toBeInstanceOf(InternalServerError);
		expect((await client.me.retrieve()).name).toBeTruthy();
		const closed = new EInvoice({
			apiKey: DEFAULT_API_KEY,
			baseURL: 'http://127.0.0.1:9',
			maxRetries: 0
		});
		await expect(closed.me.retrieve()).rejects.toBeInstanceOf(APIConnectionError);
	});
});
