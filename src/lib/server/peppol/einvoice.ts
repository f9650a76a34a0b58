/**
 * The access point e-invoice.be, through its official TypeScript SDK `e-invoice-api` (imported
 * lazily: a Worker that never talks to Peppol never loads it).
 *
 * Sending is the SDK's documented sequence: `documents.ubl.createFromUbl` (multipart upload of
 * our UBL), `documents.validate` (OpenPeppol's rules at the access point: any `error` issue and
 * the document is deleted and never sent), `documents.send` with sender and receiver. Delivery
 * then moves TRANSIT → SENT or FAILED, reported by the webhooks `document.sent` and
 * `document.sent.failed`; a received document arrives as `document.received`.
 *
 * Webhooks are authenticated as e-invoice.be documents them: `X-Signature: sha256=<hex>`, the
 * HMAC-SHA256 with the webhook's secret of the event serialized with sorted keys — the body as
 * sent. The handler only trusts the event's document id and re-reads the document through the
 * API, so a replayed or reordered event changes nothing.
 */
import type { EInvoice } from 'e-invoice-api';
import type { DocumentResponse } from 'e-invoice-api/resources/documents/documents';
import type { PeppolId } from '$lib/domain/peppolId';
import {
	AccessPointRefused,
	AccessPointUnavailable,
	type AccessPoint,
	type DeliveryState,
	type ReceivedDocument,
	type SentDocument
} from './accessPoint';
import type { PeppolConfig } from './config';

export const WEBHOOK_EVENTS = ['document.sent', 'document.sent.failed', 'document.received'];

async function client(config: PeppolConfig): Promise<EInvoice> {
	const { EInvoice } = await import('e-invoice-api');
	return new EInvoice({
		apiKey: config.apiKey,
		baseURL: config.apiUrl,
		timeout: config.timeoutMs,
		// One retry on a connection error or 5xx; the owner's Retry button does the rest.
		maxRetries: 1
	});
}

/** SDK errors in Acquit's terms: unavailable (retry) or refused (with the access point's words). */
async function call<T>(run: () => Promise<T>): Promise<T> {
	const { APIError, APIConnectionError } = await import('e-invoice-api');
	try {
		return await run();
	} catch (e) {
		if (e instanceof APIConnectionError) throw new AccessPointUnavailable(e.message);
		if (e instanceof APIError) {
			const status = e.status ?? 0;
			if (status >= 500 || status === 429 || status === 0)
				throw new AccessPointUnavailable(`${status} ${e.message}`);
			throw new AccessPointRefused(status, detailOf(e.error) ?? e.message);
		}
		throw e;
	}
}

/** FastAPI's `{ detail: string | [{ msg }] }` as one sentence. */
function detailOf(body: unknown): string | null {
	const detail = (body as { detail?: unknown } | undefined)?.detail;
	if (typeof detail === 'string') return detail;
	if (Array.isArray(detail))
		return detail.map((d) => (d as { msg?: string }).msg ?? JSON.stringify(d)).join('; ');
	if (detail && typeof detail === 'object')
		return (detail as { message?: string }).message ?? JSON.stringify(detail);
	return null;
}

function deliveryState(d: DocumentResponse): DeliveryState {
	if (d.state === 'SENT') return 'delivered';
	if (d.state === 'FAILED') return 'failed';
	return 'transit';
}

function sentDocument(d: DocumentResponse): SentDocument {
	const state = deliveryState(d);
	return { id: d.id, state, reason: state === 'failed' ? (d.note ?? null) : null };
}

function receivedDocument(d: DocumentResponse): ReceivedDocument {
	const pay = d.payment_details?.[0];
	return {
		id: d.id,
		kind: d.document_type === 'CREDIT_NOTE' ? 'credit_note' : 'invoice',
		supplierName: d.vendor_name ?? null,
		supplierVat: d.vendor_tax_id ?? null,
		number: d.invoice_id ?? null,
		issueDate: d.invoice_date ?? null,
		dueDate: d.due_date ?? null,
		currency: d.currency ?? 'EUR',
		net: d.subtotal ?? null,
		vat: d.total_tax ?? null,
		total: d.invoice_total ?? null,
		amountDue: d.amount_due ?? null,
		paymentReference: pay?.payment_reference ?? null,
		iban: pay?.iban ?? null
	};
}

const hex = (bytes: ArrayBuffer) =>
	[...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** Constant-time comparison of two strings of the same alphabet. */
function same(a: string, b: string): boolean {
	if (a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
	return diff === 0;
}

export async function webhookSignature(body: string, secret: string): Promise<string> {
	const key = await crypto.subtle.importKey(
		'raw',
		new TextEncoder().encode(secret),
		{ name: 'HMAC', hash: 'SHA-256' },
		false,
		['sign']
	);
	return `sha256=${hex(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)))}`;
}

export function eInvoiceAccessPoint(config: PeppolConfig): AccessPoint {
	const sdk = () => client(config);
	/** The UBL behind a document's signed link (no API key: the link is the credential). */
	async function download(signedUrl: string | null | undefined): Promise<string> {
		if (!signedUrl) throw new AccessPointUnavailable('No download link for the UBL yet');
		let res: Response;
		try {
			res = await fetch(signedUrl, { signal: AbortSignal.timeout(config.timeoutMs) });
		} catch (e) {
			throw new AccessPointUnavailable(e instanceof Error ? e.message : String(e));
		}
		if (!res.ok) throw new AccessPointUnavailable(`UBL download: ${res.status}`);
		return res.text();
	}
	return {
		async registration() {
			const me = await call(async () => (await sdk()).me.retrieve());
			return { peppolIds: me.smp_registration === false ? [] : (me.peppol_ids ?? []) };
		},
		async lookup(id: PeppolId) {
			const r = await call(async () =>
				(await sdk()).validate.validatePeppolID({ peppol_id: `${id.scheme}:${id.value}` })
			);
			return { reachable: r.is_valid, name: r.business_card?.name ?? null };
		},
		async send({ xml, filename, sender, receiver }) {
			const c = await sdk();
			const { toFile } = await import('e-invoice-api');
			const file = await toFile(new TextEncoder().encode(xml), filename, {
				type: 'application/xml'
			});
			const created = await call(() => c.documents.ubl.createFromUbl({ file }));
			const validation = await call(() => c.documents.validate(created.id));
			const errors = validation.issues.filter((i) => i.type === 'error');
			if (!validation.is_valid || errors.length > 0) {
				await call(() => c.documents.delete(created.id)).catch(() => undefined);
				return {
					invalid: errors.map((i) => ({
						rule: i.rule_id ?? i.schematron,
						message: i.message,
						location: i.location ?? null
					}))
				};
			}
			const sent = await call(() =>
				c.documents.send(created.id, {
					sender_peppol_scheme: sender.scheme,
					sender_peppol_id: sender.value,
					receiver_peppol_scheme: receiver.scheme,
					receiver_peppol_id: receiver.value
				})
			);
			return { sent: sentDocument(sent) };
		},
		async sent(id) {
			return sentDocument(await call(async () => (await sdk()).documents.retrieve(id)));
		},
		async received(id) {
			let d: DocumentResponse;
			try {
				d = await call(async () => (await sdk()).documents.retrieve(id));
			} catch (e) {
				if (e instanceof AccessPointRefused && e.status === 404) return null;
				throw e;
			}
			if (d.direction !== 'INBOUND') return null;
			const meta = await call(async () => (await sdk()).documents.ubl.get(id));
			const receiver =
				meta.receiver_peppol_scheme && meta.receiver_peppol_id
					? `${meta.receiver_peppol_scheme}:${meta.receiver_peppol_id}`
					: null;
			return { doc: receivedDocument(d), receiver, xml: await download(meta.signed_url) };
		},
		async inbox(page) {
			const p = await call(async () => (await sdk()).inbox.list({ page, page_size: 50 }));
			const body = p as unknown as { pages?: number };
			return { items: p.items.map(receivedDocument), pages: body.pages ?? 1 };
		},
		async ubl(id) {
			const meta = await call(async () => (await sdk()).documents.ubl.get(id));
			return download(meta.signed_url);
		},
		async verifyWebhook(body, headers, secret) {
			const given = headers.get('x-signature') ?? '';
			if (!secret || !given || !same(given, await webhookSignature(body, secret))) return null;
			let event: { id?: unknown; type?: unknown; data?: { document_id?: unknown } };
			try {
				event = JSON.parse(body);
			} catch {
				return null;
			}
			const documentId = event.data?.document_id;
			if (typeof event.type !== 'string' || typeof documentId !== 'string') return null;
			return { id: String(event.id ?? ''), type: event.type, documentId };
		},
		async subscribe(url) {
			const w = await call(async () =>
				(await sdk()).webhooks.create({ url, events: WEBHOOK_EVENTS, enabled: true })
			);
			return { id: w.id, secret: w.secret };
		}
	};
}
