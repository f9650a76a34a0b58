/**
 * A local stand-in for e-invoice.be's access-point API, as its TypeScript SDK (`e-invoice-api`)
 * sees it: the same paths, request encodings (JSON, multipart `file`, query parameters) and
 * response shapes (DocumentResponse, UblDocumentValidation, MeRetrieveResponse, …), bearer-key
 * authentication, FastAPI-style `{ "detail": … }` errors, and webhooks signed as its
 * documentation describes (`X-Signature: sha256=<hex HMAC-SHA256 of the event, keys sorted>`).
 *
 * What an access point rejects, it rejects: a file that is not UBL, a document with a fatal
 * failed assert of OpenPeppol's official rules (the same rules the app's tests use,
 * `./rules.ts`), a sender the tenant is not registered for, a receiver that is not a Peppol
 * participant. It keeps participants (the control API registers test companies as receivers, or
 * makes them reject what they receive), reports delivery by webhook (`document.sent`,
 * `document.sent.failed`), delivers documents sent to one of its own tenants' identifiers into
 * that tenant's inbox (`document.received`), and accepts inbound documents from the control API.
 *
 * Control API (not part of e-invoice.be): `/_sandbox/*`, see README.md.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readUbl, type ReadUbl } from './read.ts';
import { validateUbl as officialRules, type ValidationReport } from './rules.ts';

export const DEFAULT_API_KEY = 'peppol-sandbox-key';

export interface Tenant {
	apiKey: string;
	name: string;
	/** `scheme:value` identifiers registered on the access point's SMP for this tenant. */
	peppolIds: string[];
}

export interface Participant {
	/** `scheme:value`, e.g. `0208:0987654394`. */
	id: string;
	name: string;
	country: string;
	/** When set, documents sent to it fail with this reason (the receiving side refused them). */
	reject: string | null;
}

export type DocState = 'DRAFT' | 'TRANSIT' | 'FAILED' | 'SENT' | 'RECEIVED';

export interface StoredDoc {
	id: string;
	tenant: string;
	direction: 'INBOUND' | 'OUTBOUND';
	state: DocState;
	xml: string;
	fileName: string;
	read: ReadUbl;
	token: string;
	failure: string | null;
	createdAt: string;
}

export interface StoredWebhook {
	id: string;
	tenant: string;
	url: string;
	events: string[];
	secret: string;
	enabled: boolean;
}

export interface WebhookDelivery {
	webhookId: string;
	eventId: string;
	type: string;
	documentId: string;
	attempts: number;
	status: number | null;
}

export interface SandboxState {
	tenants: Tenant[];
	participants: Participant[];
	documents: StoredDoc[];
	webhooks: StoredWebhook[];
	deliveries: WebhookDelivery[];
	failNext: { count: number; status: number };
}

export interface StartOptions {
	port?: number;
	host?: string;
	/** Time between `send` and the delivery outcome (TRANSIT → SENT/FAILED), ms. */
	deliveryDelayMs?: number;
	/** Waits between webhook attempts, ms (the first attempt is immediate). */
	webhookRetryMs?: number[];
	/** The validator; the official rules by default. */
	validate?: (xml: string) => Promise<ValidationReport>;
	tenants?: Tenant[];
}

export interface RunningPeppolSandbox {
	url: string;
	state: SandboxState;
	/** Resolves when every scheduled delivery and webhook has run. */
	settled(): Promise<void>;
	close(): Promise<void>;
}

class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly detail: unknown
	) {
		super(typeof detail === 'string' ? detail : JSON.stringify(detail));
	}
}

const id = (prefix: string) => `${prefix}_${randomBytes(10).toString('hex')}`;

/**
 * Python's `json.dumps(value, sort_keys=True)`: keys sorted, `", "` and `": "` separators,
 * non-ASCII escaped as \uXXXX. e-invoice.be signs this serialization of the event.
 */
export function sortedJson(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
	if (typeof value === 'string')
		return JSON.stringify(value).replace(
			/[\u007f-\uffff]/g,
			(c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
		);
	if (Array.isArray(value)) return `[${value.map(sortedJson).join(', ')}]`;
	const o = value as Record<string, unknown>;
	return `{${Object.keys(o)
		.sort()
		.map((k) => `${sortedJson(k)}: ${sortedJson(o[k])}`)
		.join(', ')}}`;
}

export function signWebhook(body: string, secret: string): string {
	return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

function freshState(tenants: Tenant[]): SandboxState {
	return {
		tenants: tenants.map((t) => ({ ...t, peppolIds: [...t.peppolIds] })),
		participants: tenants.flatMap((t) =>
			t.peppolIds.map((p) => ({ id: p, name: t.name, country: 'BE', reject: null }))
		),
		documents: [],
		webhooks: [],
		deliveries: [],
		failNext: { count: 0, status: 503 }
	};
}

/** The DocumentResponse the API returns for a stored document. */
export function documentResponse(d: StoredDoc) {
	const r = d.read;
	return {
		id: d.id,
		direction: d.direction,
		document_type: r.type,
		state: d.state,
		invoice_id: r.number,
		invoice_date: r.issueDate,
		due_date: r.dueDate,
		currency: r.currency,
		vendor_name: r.vendor.name,
		vendor_tax_id: r.vendor.taxId,
		vendor_company_id: r.vendor.companyId,
		customer_name: r.customer.name,
		customer_tax_id: r.customer.taxId,
		customer_company_id: r.customer.companyId,
		subtotal: r.subtotal,
		total_tax: r.totalTax,
		invoice_total: r.total,
		amount_due: r.amountDue,
		purchase_order: r.purchaseOrder,
		note: d.failure ?? r.note,
		tax_details: r.taxDetails,
		payment_details: r.payment
			? [{ iban: r.payment.iban, swift: r.payment.swift, payment_reference: r.payment.reference }]
			: [],
		attachments: r.attachments.map((a) => ({
			id: a.id,
			file_name: a.fileName,
			file_type: a.mimeType,
			file_size: Buffer.from(a.base64, 'base64').byteLength,
			file_url: null
		})),
		items: [],
		allowances: [],
		charges: []
	};
}

function validationResponse(d: { id: string; fileName: string | null }, report: ValidationReport) {
	const issue = (a: ValidationReport['errors'][number], type: 'error' | 'warning') => ({
		message: a.text,
		schematron: a.ruleSet,
		type,
		flag: a.flag,
		location: a.location,
		rule_id: a.id,
		test: null
	});
	return {
		id: d.id,
		file_name: d.fileName,
		is_valid: report.errors.length === 0,
		issues: [
			...report.errors.map((a) => issue(a, 'error')),
			...report.warnings.map((a) => issue(a, 'warning'))
		],
		ubl_document: null
	};
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const c of req) chunks.push(c as Buffer);
	return Buffer.concat(chunks);
}

/** The `file` part of a multipart body (the SDK's Uploadable), as text with its name. */
async function uploadedFile(req: IncomingMessage, body: Buffer) {
	const type = req.headers['content-type'] ?? '';
	if (!type.startsWith('multipart/form-data'))
		throw new HttpError(422, [
			{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }
		]);
	const form = await new Request('http://sandbox.local/', {
		method: 'POST',
		headers: { 'content-type': type },
		body: new Uint8Array(body)
	}).formData();
	const file = form.get('file');
	if (!file || typeof file === 'string')
		throw new HttpError(422, [
			{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }
		]);
	return { name: file.name || 'document.xml', text: await file.text() };
}

export async function startPeppolSandbox(opts: StartOptions = {}): Promise<RunningPeppolSandbox> {
	const initialTenants = opts.tenants ?? [
		{ apiKey: DEFAULT_API_KEY, name: 'Acquit (sandbox)', peppolIds: [] }
	];
	const state = freshState(initialTenants);
	const validate = opts.validate ?? ((xml: string) => officialRules(xml));
	const deliveryDelay = opts.deliveryDelayMs ?? 50;
	const retry = opts.webhookRetryMs ?? [200, 1000];
	const pending = new Set<Promise<unknown>>();
	let baseUrl = '';

	const track = (p: Promise<unknown>) => {
		pending.add(p);
		void p.finally(() => pending.delete(p));
	};
	const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

	function tenantOf(req: IncomingMessage): Tenant {
		const auth = req.headers.authorization ?? '';
		const key = /^Bearer (.+)$/.exec(auth)?.[1];
		const t = key ? state.tenants.find((x) => x.apiKey === key) : undefined;
		if (!t) throw new HttpError(401, 'Invalid or missing API key');
		return t;
	}

	function docOf(tenant: Tenant, docId: string): StoredDoc {
		const d = state.documents.find((x) => x.id === docId && x.tenant === tenant.apiKey);
		if (!d) throw new HttpError(404, 'Document not found');
		return d;
	}

	async function emit(tenant: string, type: string, d: StoredDoc) {
		const event = {
			id: id('evt'),
			type,
			timestamp: new Date().toISOString(),
			data: {
				document_id: d.id,
				direction: d.direction,
				state: d.state,
				document_type: d.read.type,
				...(d.failure ? { failure_reason: d.failure } : {})
			}
		};
		const body = sortedJson(event);
		const hooks = state.webhooks.filter(
			(w) => w.tenant === tenant && w.enabled && w.events.includes(type)
		);
		await Promise.all(
			hooks.map(async (w) => {
				const delivery: WebhookDelivery = {
					webhookId: w.id,
					eventId: event.id,
					type,
					documentId: d.id,
					attempts: 0,
					status: null
				};
				state.deliveries.push(delivery);
				for (let i = 0; i <= retry.length; i++) {
					if (i > 0) await sleep(retry[i - 1]!);
					delivery.attempts++;
					try {
						const res = await fetch(w.url, {
							method: 'POST',
							redirect: 'manual',
							headers: {
								'content-type': 'application/json',
								'x-signature': signWebhook(body, w.secret),
								'user-agent': 'e-invoice-sandbox/1'
							},
							body,
							signal: AbortSignal.timeout(10_000)
						});
						delivery.status = res.status;
						await res.body?.cancel();
						if (res.status >= 200 && res.status < 300) return;
					} catch {
						delivery.status = null;
					}
				}
			})
		);
	}

	function store(tenant: string, direction: StoredDoc['direction'], xml: string, fileName: string) {
		let read: ReadUbl;
		try {
			read = readUbl(xml);
		} catch (e) {
			throw new HttpError(400, `Invalid UBL: ${e instanceof Error ? e.message : String(e)}`);
		}
		const d: StoredDoc = {
			id: id('doc'),
			tenant,
			direction,
			state: direction === 'INBOUND' ? 'RECEIVED' : 'DRAFT',
			xml,
			fileName,
			read,
			token: randomBytes(16).toString('hex'),
			failure: null,
			createdAt: new Date().toISOString()
		};
		state.documents.push(d);
		return d;
	}

	/** Delivers a document to the tenant of this access point that owns its receiver, if any. */
	function deliverInbound(receiver: string, xml: string, fileName: string): StoredDoc | null {
		const owner = state.tenants.find((t) => t.peppolIds.includes(receiver));
		if (!owner) return null;
		const d = store(owner.apiKey, 'INBOUND', xml, fileName);
		track(emit(owner.apiKey, 'document.received', d));
		return d;
	}

	async function send(tenant: Tenant, d: StoredDoc, query: URLSearchParams) {
		if (d.direction !== 'OUTBOUND' || d.state !== 'DRAFT')
			throw new HttpError(400, `Document is ${d.state}: only a draft can be sent`);
		const report = await validate(d.xml);
		if (report.errors.length > 0) {
			const first = report.errors[0]!;
			throw new HttpError(
				422,
				`Document failed validation (${report.errors.length} errors): [${first.id}] ${first.text}`
			);
		}
		const senderScheme = query.get('sender_peppol_scheme');
		const senderValue = query.get('sender_peppol_id');
		const sender = senderScheme && senderValue ? `${senderScheme}:${senderValue}` : d.read.sender;
		if (!sender || !tenant.peppolIds.includes(sender))
			throw new HttpError(403, `Sender ${sender ?? '(none)'} is not registered for this account`);
		const receiverScheme = query.get('receiver_peppol_scheme');
		const receiverValue = query.get('receiver_peppol_id');
		const receiver =
			receiverScheme && receiverValue ? `${receiverScheme}:${receiverValue}` : d.read.receiver;
		const participant = receiver ? state.participants.find((p) => p.id === receiver) : undefined;
		if (!participant)
			throw new HttpError(
				400,
				`Receiver ${receiver ?? '(none)'} is not registered on the Peppol network`
			);
		d.state = 'TRANSIT';
		track(
			(async () => {
				await sleep(deliveryDelay);
				if (participant.reject) {
					d.state = 'FAILED';
					d.failure = participant.reject;
					await emit(tenant.apiKey, 'document.sent.failed', d);
					return;
				}
				d.state = 'SENT';
				deliverInbound(participant.id, d.xml, d.fileName);
				await emit(tenant.apiKey, 'document.sent', d);
			})()
		);
		return documentResponse(d);
	}

	function page(items: StoredDoc[], query: URLSearchParams) {
		const size = Math.max(1, Math.min(100, Number(query.get('page_size') || 20)));
		const pageNo = Math.max(1, Number(query.get('page') || 1));
		const pages = Math.max(1, Math.ceil(items.length / size));
		return {
			items: items.slice((pageNo - 1) * size, pageNo * size).map(documentResponse),
			page: pageNo,
			page_size: size,
			pages,
			total: items.length
		};
	}

	async function api(req: IncomingMessage, url: URL, body: Buffer): Promise<[number, unknown]> {
		const method = req.method ?? 'GET';
		const path = url.pathname;
		const json = () =>
			body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
		let m: RegExpExecArray | null;

		// ——— Control API (sandbox only, no key) ———
		if (path.startsWith('/_sandbox')) {
			if (method === 'GET' && path === '/_sandbox/state') return [200, state];
			if (method === 'POST' && path === '/_sandbox/reset') {
				Object.assign(state, freshState(initialTenants));
				return [200, { ok: true }];
			}
			if (method === 'POST' && path === '/_sandbox/participants') {
				const b = json();
				const pid = String(b['peppol_id'] ?? '');
				if (!/^\d{4}:[A-Za-z0-9]+$/.test(pid)) throw new HttpError(400, 'peppol_id: scheme:value');
				const p: Participant = {
					id: pid,
					name: String(b['name'] ?? pid),
					country: String(b['country'] ?? 'BE'),
					reject: b['reject'] ? String(b['reject']) : null
				};
				state.participants = state.participants.filter((x) => x.id !== pid);
				state.participants.push(p);
				return [201, p];
			}
			if (method === 'DELETE' && (m = /^\/_sandbox\/participants\/([^/]+)$/.exec(path))) {
				const pid = decodeURIComponent(m[1]!);
				state.participants = state.participants.filter((x) => x.id !== pid);
				return [200, { ok: true }];
			}
			if (method === 'POST' && path === '/_sandbox/tenants') {
				const b = json();
				const t: Tenant = {
					apiKey: String(b['api_key'] ?? id('key')),
					name: String(b['name'] ?? 'Tenant'),
					peppolIds: []
				};
				state.tenants.push(t);
				return [201, t];
			}
			if (method === 'POST' && (m = /^\/_sandbox\/tenants\/([^/]+)\/peppol-ids$/.exec(path))) {
				const t = state.tenants.find((x) => x.apiKey === decodeURIComponent(m![1]!));
				if (!t) throw new HttpError(404, 'Tenant not found');
				const b = json();
				const pid = String(b['peppol_id'] ?? '');
				if (!/^\d{4}:[A-Za-z0-9]+$/.test(pid)) throw new HttpError(400, 'peppol_id: scheme:value');
				if (!t.peppolIds.includes(pid)) t.peppolIds.push(pid);
				state.participants = state.participants.filter((x) => x.id !== pid);
				state.participants.push({
					id: pid,
					name: String(b['name'] ?? t.name),
					country: 'BE',
					reject: null
				});
				return [201, t];
			}
			if (method === 'POST' && path === '/_sandbox/inbound') {
				const xml = body.toString('utf8');
				const report = await validate(xml);
				if (report.errors.length > 0)
					throw new HttpError(422, {
						message: 'Document failed validation',
						issues: report.errors
					});
				const read = readUbl(xml);
				const d = read.receiver
					? deliverInbound(read.receiver, xml, `${read.number ?? 'document'}.xml`)
					: null;
				if (!d)
					throw new HttpError(404, `No tenant of this access point receives for ${read.receiver}`);
				return [201, documentResponse(d)];
			}
			if (method === 'POST' && path === '/_sandbox/fail-next') {
				const b = json();
				state.failNext = { count: Number(b['count'] ?? 1), status: Number(b['status'] ?? 503) };
				return [200, state.failNext];
			}
			if (method === 'POST' && path === '/_sandbox/settle') {
				while (pending.size) await Promise.all([...pending]);
				return [200, { ok: true }];
			}
			throw new HttpError(404, 'Not Found');
		}

		// Signed download of a document's UBL (what `signed_url` points at): no key.
		if (method === 'GET' && (m = /^\/files\/([^/]+)\/ubl$/.exec(path))) {
			const d = state.documents.find((x) => x.id === m![1]);
			if (!d || url.searchParams.get('token') !== d.token)
				throw new HttpError(403, 'Bad signature');
			return [200, { __xml: d.xml }];
		}

		if (state.failNext.count > 0) {
			state.failNext.count--;
			throw new HttpError(state.failNext.status, 'Service temporarily unavailable');
		}
		const tenant = tenantOf(req);

		if (method === 'GET' && path === '/api/me/') {
			return [
				200,
				{
					credit_balance: 1000,
					name: tenant.name,
					plan: 'starter',
					peppol_ids: tenant.peppolIds,
					smp_registration: tenant.peppolIds.length > 0,
					smp_registration_date: tenant.peppolIds.length > 0 ? new Date().toISOString() : null
				}
			];
		}
		if (method === 'GET' && path === '/api/validate/peppol-id') {
			const pid = url.searchParams.get('peppol_id') ?? '';
			if (!/^\d{4}:.+$/.test(pid))
				throw new HttpError(422, [
					{ type: 'value_error', loc: ['query', 'peppol_id'], msg: 'Invalid Peppol ID', input: pid }
				]);
			const p = state.participants.find((x) => x.id === pid);
			return [
				200,
				{
					is_valid: !!p,
					dns_valid: !!p,
					business_card_valid: !!p,
					business_card: p
						? { name: p.name, country_code: p.country, registration_date: null }
						: null,
					supported_document_types: p
						? [
								'busdox-docid-qns::urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1',
								'busdox-docid-qns::urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1'
							]
						: []
				}
			];
		}
		if (method === 'POST' && path === '/api/validate/ubl') {
			const file = await uploadedFile(req, body);
			return [
				200,
				validationResponse({ id: id('val'), fileName: file.name }, await validate(file.text))
			];
		}
		if (method === 'POST' && path === '/api/documents/ubl') {
			const file = await uploadedFile(req, body);
			return [200, documentResponse(store(tenant.apiKey, 'OUTBOUND', file.text, file.name))];
		}
		if ((m = /^\/api\/documents\/([^/]+)(\/[a-z]+)?$/.exec(path))) {
			const d = docOf(tenant, m[1]!);
			const sub = m[2] ?? '';
			if (method === 'GET' && sub === '') return [200, documentResponse(d)];
			if (method === 'DELETE' && sub === '') {
				if (d.state !== 'DRAFT') throw new HttpError(400, 'Only a draft can be deleted');
				state.documents = state.documents.filter((x) => x !== d);
				return [200, { is_deleted: true }];
			}
			if (method === 'POST' && sub === '/validate')
				return [200, validationResponse({ id: d.id, fileName: d.fileName }, await validate(d.xml))];
			if (method === 'POST' && sub === '/send')
				return [200, await send(tenant, d, url.searchParams)];
			if (method === 'GET' && sub === '/ubl')
				return [
					200,
					{
						id: d.id,
						file_name: d.fileName,
						file_size: Buffer.byteLength(d.xml),
						sender_peppol_scheme: d.read.sender?.split(':')[0] ?? null,
						sender_peppol_id: d.read.sender?.split(':')[1] ?? null,
						receiver_peppol_scheme: d.read.receiver?.split(':')[0] ?? null,
						receiver_peppol_id: d.read.receiver?.split(':')[1] ?? null,
						signed_url: `${baseUrl}/files/${d.id}/ubl?token=${d.token}`,
						validated_at: null
					}
				];
		}
		if (method === 'GET' && (path === '/api/inbox/' || path === '/api/outbox/')) {
			const direction = path === '/api/inbox/' ? 'INBOUND' : 'OUTBOUND';
			const stateFilter = url.searchParams.get('state');
			const items = state.documents
				.filter((d) => d.tenant === tenant.apiKey && d.direction === direction)
				.filter((d) => direction === 'INBOUND' || d.state !== 'DRAFT')
				.filter((d) => !stateFilter || d.state === stateFilter)
				.reverse();
			return [200, page(items, url.searchParams)];
		}
		if (path === '/api/webhooks/' && method === 'GET')
			return [200, state.webhooks.filter((w) => w.tenant === tenant.apiKey).map(webhookOut)];
		if (path === '/api/webhooks/' && method === 'POST') {
			const b = json();
			if (typeof b['url'] !== 'string' || !Array.isArray(b['events']))
				throw new HttpError(422, [
					{ type: 'missing', loc: ['body', 'url'], msg: 'Field required', input: b }
				]);
			const w: StoredWebhook = {
				id: id('wh'),
				tenant: tenant.apiKey,
				url: b['url'],
				events: (b['events'] as unknown[]).map(String),
				secret: randomBytes(24).toString('hex'),
				enabled: b['enabled'] !== false
			};
			state.webhooks.push(w);
			return [200, webhookOut(w)];
		}
		if ((m = /^\/api\/webhooks\/([^/]+)$/.exec(path))) {
			const w = state.webhooks.find((x) => x.id === m![1] && x.tenant === tenant.apiKey);
			if (!w) throw new HttpError(404, 'Webhook not found');
			if (method === 'GET') return [200, webhookOut(w)];
			if (method === 'PUT') {
				const b = json();
				if (typeof b['url'] === 'string') w.url = b['url'];
				if (Array.isArray(b['events'])) w.events = b['events'].map(String);
				if (typeof b['enabled'] === 'boolean') w.enabled = b['enabled'];
				return [200, webhookOut(w)];
			}
			if (method === 'DELETE') {
				state.webhooks = state.webhooks.filter((x) => x !== w);
				return [200, { is_deleted: true }];
			}
		}
		throw new HttpError(404, 'Not Found');
	}

	const webhookOut = (w: StoredWebhook) => ({
		id: w.id,
		url: w.url,
		events: w.events,
		secret: w.secret,
		enabled: w.enabled
	});

	const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
		void (async () => {
			const url = new URL(req.url ?? '/', baseUrl);
			try {
				const body = await readBody(req);
				const [status, out] = await api(req, url, body);
				if (out && typeof out === 'object' && '__xml' in out) {
					res.writeHead(status, { 'content-type': 'application/xml' });
					res.end((out as { __xml: string }).__xml);
					return;
				}
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(out));
			} catch (e) {
				const status = e instanceof HttpError ? e.status : 500;
				const detail = e instanceof HttpError ? e.detail : String(e);
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ detail }));
			}
		})();
	});
	const sockets = new Set<Socket>();
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise<void>((resolve) =>
		server.listen(opts.port ?? 7788, opts.host ?? '127.0.0.1', resolve)
	);
	const addr = server.address() as AddressInfo;
	baseUrl = `http://${opts.host ?? '127.0.0.1'}:${addr.port}`;

	return {
		url: baseUrl,
		state,
		async settled() {
			while (pending.size) await Promise.all([...pending]);
		},
		async close() {
			for (const s of sockets) s.destroy();
			await new Promise<void>((r) => server.close(() => r()));
		}
	};
}
