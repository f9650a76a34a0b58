/**
 * Acquit's Peppol exchange through an access point: the company's registration, customers'
 * reachability, sending an invoice (validated first, never marked sent unless the access point
 * took it), delivery states and received purchase invoices from webhooks (idempotent: keyed by
 * the access point's document id; states re-read from the access point, never from the event).
 */
import { err, ok, type Failure } from '$lib/result';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { enterpriseNumber, formatPeppolId, peppolIdFromVat } from '$lib/domain/peppolId';
import type { Db } from '../db';
import { companies, customers, peppolDocuments } from '../db/schema';
import { DocumentsServiceError } from '../pdf/documents';
import { randomId } from '../secrets/ids';
import {
	AccessPointRefused,
	AccessPointUnavailable,
	type AccessPoint,
	type ValidationIssue
} from './accessPoint';
import { peppolConfig, peppolEnabled } from './config';
import { invoiceUbl } from './document';
import { eInvoiceAccessPoint } from './einvoice';
import { UblError, type UblErrorCode } from './ubl';

/** The configured access point (e-invoice.be's API, or the sandbox speaking it). */
export function accessPoint(): AccessPoint {
	return eInvoiceAccessPoint(peppolConfig());
}

/** Decimal string ("1234.5", "-3.00") to integer cents; null when absent or not a number. */
export function decimalToCents(v: string | null | undefined): number | null {
	if (v == null || !/^-?\d+(\.\d+)?$/.test(v.trim())) return null;
	const [int, frac = ''] = v.trim().replace('-', '').split('.');
	const cents = Number(int) * 100 + Number((frac + '00').slice(0, 2));
	const round = Number((frac + '000').slice(2, 3)) >= 5 ? 1 : 0;
	return (v.trim().startsWith('-') ? -1 : 1) * (cents + round);
}

export type RegistrationStatus =
	| { state: 'registered'; id: string }
	| { state: 'not_registered'; id: string }
	| { state: 'no_vat' };

/** Asks the access point whether the company's 0208 identifier is registered; remembers it. */
export async function checkRegistration(
	db: Db,
	ap: AccessPoint,
	companyId: string
): Promise<RegistrationStatus> {
	const [c] = await db
		.select({ vatNumber: companies.vatNumber })
		.from(companies)
		.where(eq(companies.id, companyId));
	const ent = c ? enterpriseNumber(c.vatNumber) : null;
	if (!ent) return { state: 'no_vat' };
	const id = `0208:${ent}`;
	const { peppolIds } = await ap.registration();
	const registered = peppolIds.includes(id);
	await db
		.update(companies)
		.set({ peppolRegisteredAt: registered ? new Date() : null })
		.where(eq(companies.id, companyId));
	return { state: registered ? 'registered' : 'not_registered', id };
}

/**
 * Looks the customer's identifier up on Peppol and stores the answer. Returns null when the
 * customer has no VAT number Peppol can address (nothing stored then but "not reachable").
 */
export async function refreshCustomerPeppol(
	db: Db,
	ap: AccessPoint,
	companyId: string,
	customerId: string
): Promise<boolean | null> {
	const [c] = await db
		.select({ vatNumber: customers.vatNumber })
		.from(customers)
		.where(and(eq(customers.id, customerId), eq(customers.companyId, companyId)));
	if (!c) return null;
	const pid = peppolIdFromVat(c.vatNumber);
	const reachable = pid.ok ? (await ap.lookup(pid.id)).reachable : false;
	await db
		.update(customers)
		.set({ peppolReachable: reachable, peppolCheckedAt: new Date() })
		.where(and(eq(customers.id, customerId), eq(customers.companyId, companyId)));
	return pid.ok ? reachable : null;
}

/**
 * The lookup made when a customer's VAT number is saved: on when Peppol is configured; an access
 * point that can't answer leaves the last answer (the customer page offers to check again).
 */
export async function lookupAfterSave(db: Db, companyId: string, customerId: string) {
	if (!peppolEnabled()) return;
	try {
		await refreshCustomerPeppol(db, accessPoint(), companyId, customerId);
	} catch (e) {
		if (!(e instanceof AccessPointUnavailable || e instanceof AccessPointRefused)) throw e;
	}
}

/** Send via Peppol: the state it is in, or why it wasn't sent (with what its text needs). */
export type SendResult =
	| { ok: true; value: { state: 'transit' | 'delivered' | 'failed' } }
	| Failure<'ubl', { code: UblErrorCode; field: UblError['field'] }>
	| Failure<'invalid', { issues: ValidationIssue[] }>
	| Failure<'refused', { detail: string }>
	| Failure<'unavailable'>
	| Failure<'documents_unavailable'>
	| Failure<'already_sent'>
	| Failure<'not_found'>;
export type SendError = Exclude<SendResult, { ok: true }>['error'];

/**
 * Sends one of the company's finalized invoices or credit notes through the access point. A
 * document that fails the access point's validation, that it refuses, or that can't reach it is
 * recorded nowhere as sent; a second send of a document on its way or delivered is refused.
 */
export async function sendViaPeppol(
	db: Db,
	ap: AccessPoint,
	companyId: string,
	invoiceId: string,
	base: string
): Promise<SendResult> {
	const current = await peppolStateOf(db, companyId, invoiceId);
	if (current && current.state !== 'failed') return err('already_sent');
	let ubl;
	try {
		ubl = await invoiceUbl(db, companyId, invoiceId, { base });
	} catch (e) {
		if (e instanceof UblError) return { ok: false, error: 'ubl', code: e.code, field: e.field };
		// The documents Worker (XML text, the embedded PDF) is a provider like the access point:
		// its outage is a retry for the owner, and nothing was sent or recorded.
		if (e instanceof DocumentsServiceError) return err('documents_unavailable');
		throw e;
	}
	if (!ubl) return err('not_found');
	let result;
	try {
		result = await ap.send({
			xml: ubl.xml,
			filename: ubl.filename,
			sender: ubl.sender,
			receiver: ubl.receiver
		});
	} catch (e) {
		if (e instanceof AccessPointUnavailable) return err('unavailable');
		if (e instanceof AccessPointRefused) return { ok: false, error: 'refused', detail: e.detail };
		throw e;
	}
	if ('invalid' in result) return { ok: false, error: 'invalid', issues: result.invalid };
	const now = new Date();
	await db.insert(peppolDocuments).values({
		id: randomId(),
		companyId,
		direction: 'out',
		apId: result.sent.id,
		invoiceId,
		state: result.sent.state,
		reason: result.sent.reason,
		updatedAt: now
	});
	return ok({ state: result.sent.state });
}

/** The latest Peppol sending of an invoice, or null when it was never sent via Peppol. */
export async function peppolStateOf(db: Db, companyId: string, invoiceId: string) {
	const [row] = await peppolStateQuery(db, companyId, invoiceId);
	return row ?? null;
}

/** The query behind peppolStateOf, for a page's batch (at most one row). */
export function peppolStateQuery(db: Db, companyId: string, invoiceId: string) {
	return db
		.select({
			state: peppolDocuments.state,
			reason: peppolDocuments.reason,
			updatedAt: peppolDocuments.updatedAt
		})
		.from(peppolDocuments)
		.where(
			and(
				eq(peppolDocuments.companyId, companyId),
				eq(peppolDocuments.invoiceId, invoiceId),
				eq(peppolDocuments.direction, 'out')
			)
		)
		.orderBy(desc(peppolDocuments.createdAt))
		.limit(1);
}

/**
 * Applies an authenticated webhook event. Only its document id is used: the state and data are
 * read from the access point, so a repeated, late or reordered event leaves the same result.
 * Returns what it did (for logs and tests).
 */
export async function applyPeppolEvent(
	db: Db,
	ap: AccessPoint,
	event: { type: string; documentId: string }
): Promise<'updated' | 'received' | 'duplicate' | 'ignored'> {
	if (event.type === 'document.sent' || event.type === 'document.sent.failed') {
		const [row] = await db
			.select({ id: peppolDocuments.id })
			.from(peppolDocuments)
			.where(eq(peppolDocuments.apId, event.documentId));
		if (!row) return 'ignored';
		const sent = await ap.sent(event.documentId);
		await db
			.update(peppolDocuments)
			.set({ state: sent.state, reason: sent.reason, updatedAt: new Date() })
			.where(eq(peppolDocuments.id, row.id));
		return 'updated';
	}
	if (event.type === 'document.received') {
		const [known] = await db
			.select({ id: peppolDocuments.id })
			.from(peppolDocuments)
			.where(eq(peppolDocuments.apId, event.documentId));
		if (known) return 'duplicate';
		const got = await ap.received(event.documentId);
		if (!got) return 'ignored';
		const m = /^0208:(\d{10})$/.exec(got.receiver ?? '');
		if (!m) return 'ignored';
		const [company] = await db
			.select({ id: companies.id })
			.from(companies)
			.where(eq(companies.vatNumber, `BE${m[1]}`));
		if (!company) return 'ignored';
		const d = got.doc;
		// A credit note lowers what is owed to the supplier: its amounts are kept negative, so
		// every sum over purchases (what is still to pay) is right without knowing the kinds.
		const sign = d.kind === 'credit_note' ? -1 : 1;
		const cents = (v: string | null) => {
			const c = decimalToCents(v);
			return c === null ? null : c === 0 ? 0 : sign * c;
		};
		const inserted = await db
			.insert(peppolDocuments)
			.values({
				id: randomId(),
				companyId: company.id,
				direction: 'in',
				apId: d.id,
				state: 'received',
				kind: d.kind,
				supplierName: d.supplierName,
				supplierVat: d.supplierVat,
				number: d.number,
				issueDate: d.issueDate,
				dueDate: d.dueDate,
				currency: d.currency,
				netCents: cents(d.net),
				vatCents: cents(d.vat),
				totalCents: cents(d.total),
				dueCents: cents(d.amountDue),
				paymentReference: d.paymentReference,
				iban: d.iban,
				xml: got.xml,
				updatedAt: new Date()
			})
			.onConflictDoNothing()
			.returning({ id: peppolDocuments.id });
		return inserted.length ? 'received' : 'duplicate';
	}
	return 'ignored';
}

/** Where a customer stands on Peppol, for the badge and the invoice page. */
export function customerPeppolId(vatNumber: string): string | null {
	const r = peppolIdFromVat(vatNumber);
	return r.ok ? formatPeppolId(r.id) : null;
}

/** Received purchase invoices of the company, newest first. */
export async function receivedDocuments(db: Db, companyId: string) {
	return receivedQuery(db, companyId);
}

function receivedQuery(db: Db, companyId: string) {
	return db
		.select({
			id: peppolDocuments.id,
			kind: peppolDocuments.kind,
			supplierName: peppolDocuments.supplierName,
			number: peppolDocuments.number,
			issueDate: peppolDocuments.issueDate,
			dueDate: peppolDocuments.dueDate,
			currency: peppolDocuments.currency,
			netCents: peppolDocuments.netCents,
			vatCents: peppolDocuments.vatCents,
			totalCents: peppolDocuments.totalCents,
			paymentReference: peppolDocuments.paymentReference,
			paidAt: peppolDocuments.paidAt
		})
		.from(peppolDocuments)
		.where(and(eq(peppolDocuments.companyId, companyId), eq(peppolDocuments.direction, 'in')))
		.orderBy(desc(peppolDocuments.createdAt))
		.limit(200);
}

/**
 * What the company still owes on received documents, per currency (the amount due of each unpaid
 * invoice, less its unpaid credit notes, which are stored negative).
 */
function unpaidQuery(db: Db, companyId: string) {
	return db
		.select({
			currency: peppolDocuments.currency,
			cents: sql<number>`sum(coalesce(${peppolDocuments.dueCents}, ${peppolDocuments.totalCents}, 0))`
		})
		.from(peppolDocuments)
		.where(
			and(
				eq(peppolDocuments.companyId, companyId),
				eq(peppolDocuments.direction, 'in'),
				isNull(peppolDocuments.paidAt)
			)
		)
		.groupBy(peppolDocuments.currency)
		.orderBy(peppolDocuments.currency);
}

/** Purchases → Received: the documents and what is still to pay, in one round trip. */
export async function purchasesOverview(db: Db, companyId: string) {
	const [received, unpaid] = await db.batch([
		receivedQuery(db, companyId),
		unpaidQuery(db, companyId)
	]);
	return {
		received,
		unpaid: unpaid.map((u) => ({ currency: u.currency, cents: Number(u.cents) }))
	};
}

/** One received document of the company with its UBL, or null. */
export async function receivedDocument(db: Db, companyId: string, id: string) {
	const [row] = await db
		.select()
		.from(peppolDocuments)
		.where(
			and(
				eq(peppolDocuments.id, id),
				eq(peppolDocuments.companyId, companyId),
				eq(peppolDocuments.direction, 'in')
			)
		);
	return row ?? null;
}

/** Marks a received document paid (or not) by hand. */
export async function markReceivedPaid(db: Db, companyId: string, id: string, paid: boolean) {
	const r = await db
		.update(peppolDocuments)
		.set({ paidAt: paid ? new Date() : null, updatedAt: new Date() })
		.where(
			and(
				eq(peppolDocuments.id, id),
				eq(peppolDocuments.companyId, companyId),
				eq(peppolDocuments.direction, 'in')
			)
		)
		.returning({ id: peppolDocuments.id });
	return r.length > 0;
}

/** The embedded PDFs of a UBL document (AdditionalDocumentReference, application/pdf). */
export function embeddedPdf(xml: string): { filename: string; bytes: Uint8Array } | null {
	const m =
		/<cbc:EmbeddedDocumentBinaryObject\b([^>]*)>([^<]+)<\/cbc:EmbeddedDocumentBinaryObject>/.exec(
			xml
		);
	if (!m || !/mimeCode="application\/pdf"/.test(m[1]!)) return null;
	const filename = /filename="([^"]+)"/.exec(m[1]!)?.[1] ?? 'invoice.pdf';
	const bin = atob(m[2]!.replace(/\s+/g, ''));
	const bytes = new Uint8Array(bin.length);
	for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
	return { filename: filename.replace(/[^A-Za-z0-9._-]+/g, '-'), bytes };
}
