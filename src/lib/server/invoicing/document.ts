import type { DocQrChoice } from '$lib/domain/docQr';
import { epcPayload } from '$lib/domain/epc';
import { formatIban } from '$lib/domain/iban';
import { currencyDecimals } from '$lib/domain/money';
import { normalizeOgm, ogmDigits } from '$lib/domain/ogm';
import {
	computeTotals,
	isVatCategory,
	legalMention,
	VAT_RATE_PERCENT,
	type VatBreakdownRow
} from '$lib/domain/vat';
import { and, eq } from 'drizzle-orm';
import type { BatchResults, Db } from '../db';
import {
	companies,
	customers,
	invoices,
	journals,
	type Company,
	type Customer
} from '../db/schema';
import { todayInBrussels } from './common';
import { ledgerFromSums, ledgerSumsQuery, type InvoiceLedger } from './ledger';
import type { ParsedLine } from '$lib/invoicing/lineForm';
import { creditedInvoiceQuery, invoiceLinesQuery, OWN_CUSTOMER, OWN_JOURNAL } from './queries';

/**
 * Everything needed to render an invoice or credit note, in one object. Pure data: the page
 * only formats and translates it.
 *
 * Seller and buyer come from the snapshot frozen at finalization when there is one (a later
 * change of address must not rewrite an issued invoice), and from the live rows for drafts.
 */

export type DocLocale = 'fr' | 'nl' | 'en';

export interface SellerParty {
	name: string;
	street: string;
	postalCode: string;
	city: string;
	country: string;
	vatNumber: string;
	iban: string;
	bic: string;
	email: string;
	phone: string;
	logoFileId: string | null;
	brandColor: string;
}

/**
 * The seller as printed, from the live company row. Finalization freezes this same shape into the
 * snapshot, so a printed document reads back exactly what was frozen.
 */
export function sellerParty(company: Company): SellerParty {
	return {
		name: company.name,
		street: company.street,
		postalCode: company.postalCode,
		city: company.city,
		country: company.country,
		vatNumber: company.vatNumber,
		iban: company.iban,
		bic: company.bic,
		email: company.email,
		phone: company.phone,
		logoFileId: company.logoFileId,
		brandColor: company.brandColor
	};
}

export interface BuyerParty {
	name: string;
	contactPerson: string;
	street: string;
	postalCode: string;
	city: string;
	country: string;
	vatNumber: string;
	locale: DocLocale;
}

/** The buyer as printed, from the live customer row (frozen the same way at finalization). */
export function buyerParty(customer: Customer): BuyerParty {
	return {
		name: customer.name,
		contactPerson: customer.contactPerson,
		street: customer.street,
		postalCode: customer.postalCode,
		city: customer.city,
		country: customer.country,
		vatNumber: customer.vatNumber,
		locale: customer.locale
	};
}

/**
 * The shape this module reads from `invoices.snapshot`. Every field is optional: whatever the
 * snapshot lacks falls back to the live row, so an older or partial snapshot still renders.
 */
export interface InvoiceSnapshot {
	company?: Partial<SellerParty>;
	customer?: Partial<BuyerParty>;
}

/** A printed line: the line as the editor reads it, with its place, VAT rate and net amount. */
export interface DocumentLine extends ParsedLine {
	position: number;
	ratePercent: number;
	netCents: number;
}

export interface InvoiceDocument {
	id: string;
	kind: 'invoice' | 'credit_note';
	draft: boolean;
	number: string | null;
	issueDate: string;
	dueDate: string;
	currency: string;
	reference: string;
	notes: string;
	footer: string;
	/** `+++ddd/dddd/ddddd+++`, or null when the stored value is not a valid OGM. */
	ogm: string | null;
	seller: SellerParty;
	buyer: BuyerParty;
	/** The language of every label on the document: the customer's. */
	locale: DocLocale;
	lines: DocumentLine[];
	breakdown: VatBreakdownRow[];
	netCents: number;
	vatCents: number;
	totalCents: number;
	/** Legal mentions required by the VAT categories used, in the customer's language. */
	mentions: string[];
	/** For a credit note: the number of the invoice it corrects. */
	creditedInvoiceNumber: string | null;
	/** Invoices only (null for credit notes). */
	ledger: InvoiceLedger | null;
	/** EPC QR text, only when a bank transfer can settle it: EUR, IBAN set, open balance. */
	epc: string | null;
	/** Which QR codes the company prints (Settings → Documents; live, not frozen). Default both. */
	qrCodes?: DocQrChoice;
}

const LOCALES: readonly string[] = ['fr', 'nl', 'en'];

function pick<T extends object>(live: T, frozen: Partial<T> | undefined): T {
	if (!frozen || typeof frozen !== 'object') return live;
	const out = { ...live };
	for (const key of Object.keys(live) as (keyof T)[]) {
		const v = frozen[key];
		if (v !== undefined && (typeof v === typeof live[key] || live[key] === null)) {
			out[key] = v as T[keyof T];
		}
	}
	return out;
}

function parseSnapshot(raw: unknown): InvoiceSnapshot {
	let value = raw;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			return {};
		}
	}
	return value && typeof value === 'object' ? (value as InvoiceSnapshot) : {};
}

/**
 * Everything a document is made of, as statements to send in one batch (one round trip to a
 * remote database), alone (loadInvoiceDocument) or with a page's other reads. Nothing waits for
 * the invoice row: the lines, the credited invoice's number and the ledger sums go by id.
 */
export function invoiceDocumentQueries(db: Db, companyId: string, invoiceId: string) {
	return [
		db
			.select({
				invoice: invoices,
				company: companies,
				customer: customers,
				footer: journals.footer
			})
			.from(invoices)
			.innerJoin(companies, eq(companies.id, invoices.companyId))
			.innerJoin(customers, OWN_CUSTOMER)
			.innerJoin(journals, OWN_JOURNAL)
			.where(and(eq(invoices.id, invoiceId), eq(invoices.companyId, companyId))),
		invoiceLinesQuery(db, invoiceId),
		creditedInvoiceQuery(db, companyId, invoiceId),
		ledgerSumsQuery(db, companyId, invoiceId)
	] as const;
}

type DocumentRows = BatchResults<ReturnType<typeof invoiceDocumentQueries>>;

// The sealed pay token read with each document, for payLinkFor: the page that loads a document
// and then its link needs no second read of the row. Kept beside the document, never in it (the
// document is handed to pages).
const sealedTokens = new WeakMap<InvoiceDocument, string | null>();

/** The sealed pay token read with `doc` (undefined for a document built elsewhere). */
export function sealedPayTokenOf(doc: InvoiceDocument): string | null | undefined {
	return sealedTokens.get(doc);
}

/** The loaded document, or null when the id is unknown or belongs to another company. */
export async function loadInvoiceDocument(
	db: Db,
	companyId: string,
	invoiceId: string
): Promise<InvoiceDocument | null> {
	return toInvoiceDocument(await db.batch([...invoiceDocumentQueries(db, companyId, invoiceId)]));
}

/** The document from the results of invoiceDocumentQueries. */
export function toInvoiceDocument(
	[rows, lineRows, creditedRows, sums]: DocumentRows,
	today = todayInBrussels()
): InvoiceDocument | null {
	const row = rows[0];
	if (!row) return null;
	const { invoice, company, customer } = row;
	const draft = invoice.state !== 'finalized';
	const snapshot = draft ? {} : parseSnapshot(invoice.snapshot);

	const seller = pick<SellerParty>(sellerParty(company), snapshot.company);
	const buyer = pick<BuyerParty>(buyerParty(customer), snapshot.customer);
	const locale = (LOCALES.includes(buyer.locale) ? buyer.locale : 'fr') as DocLocale;

	const lines: DocumentLine[] = lineRows.map((l) => {
		// A category this code doesn't know would be a bug upstream; refuse to print a wrong VAT.
		if (!isVatCategory(l.vat)) throw new Error(`Unknown VAT category on line ${l.id}`);
		return {
			position: l.position,
			description: l.description,
			quantityMilli: l.quantityMilli,
			unit: l.unit,
			unitPriceMilli: l.unitPriceMilli,
			discountBp: l.discountBp,
			vat: l.vat,
			ratePercent: VAT_RATE_PERCENT[l.vat],
			netCents: l.netCents
		};
	});
	// Recomputed from the lines with the one rounding rule; for a finalized document the stored
	// totals were computed the same way at finalization, so both agree.
	const totals = computeTotals(lines, currencyDecimals(invoice.currency));
	const finalized = !draft;
	const netCents = finalized ? invoice.netCents : totals.netCents;
	const vatCents = finalized ? invoice.vatCents : totals.vatCents;
	const totalCents = finalized ? invoice.totalCents : totals.totalCents;

	const mentions = totals.breakdown
		.map((b) => legalMention(b.category, locale))
		.filter((s): s is string => s !== null);

	const creditedInvoiceNumber =
		invoice.kind === 'credit_note' ? (creditedRows[0]?.number ?? null) : null;

	const ledger = invoice.kind === 'invoice' ? ledgerFromSums(invoice, sums[0], today) : null;
	const ogm = normalizeOgm(invoice.ogm);

	const doc: InvoiceDocument = {
		id: invoice.id,
		kind: invoice.kind,
		draft,
		number: invoice.number,
		issueDate: invoice.issueDate,
		dueDate: invoice.dueDate,
		currency: invoice.currency,
		reference: invoice.reference,
		notes: invoice.notes,
		footer: row.footer,
		ogm,
		seller: { ...seller, iban: seller.iban ? formatIban(seller.iban) : '' },
		buyer,
		locale,
		lines,
		breakdown: totals.breakdown,
		netCents,
		vatCents,
		totalCents,
		mentions,
		creditedInvoiceNumber,
		ledger,
		epc: epcFor({ draft, currency: invoice.currency, ogm, seller, ledger }),
		qrCodes: company.docQrCodes
	};
	sealedTokens.set(doc, invoice.payTokenEnc);
	return doc;
}

/**
 * The bank-app QR: the open amount (not the total — after a partial payment the customer owes
 * the rest) and the OGM as structured creditor reference. None for drafts, other currencies
 * (SEPA credit transfer is EUR-only), a missing IBAN or nothing left to pay. An IBAN/BIC/name
 * that the EPC format refuses also yields no QR rather than breaking the whole document.
 */
function epcFor(input: {
	draft: boolean;
	currency: string;
	ogm: string | null;
	seller: SellerParty;
	ledger: InvoiceLedger | null;
}): string | null {
	const { draft, currency, ogm, seller, ledger } = input;
	if (draft || currency !== 'EUR' || !seller.iban.trim() || !ledger || ledger.balanceCents <= 0) {
		return null;
	}
	try {
		return epcPayload({
			name: seller.name.slice(0, 70),
			iban: seller.iban,
			bic: seller.bic || undefined,
			amountCents: ledger.balanceCents,
			ogm: ogm && ogmDigits(ogm) ? ogm : undefined
		});
	} catch {
		return null;
	}
}
