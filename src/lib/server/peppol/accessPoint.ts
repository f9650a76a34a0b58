/**
 * What Acquit needs from a Peppol access point, independent of which one: a small interface so
 * another provider could be added beside e-invoice.be (`einvoice.ts`). Identifiers are
 * `PeppolId`s ({ scheme, value }); amounts from the access point stay decimal strings until the
 * caller turns them into cents.
 */
import type { PeppolId } from '$lib/domain/peppolId';

/** The access point could not be reached or answered with a server error: retry later. */
export class AccessPointUnavailable extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'AccessPointUnavailable';
	}
}

/** The access point refused the request (validation, unknown receiver, sender not registered). */
export class AccessPointRefused extends Error {
	constructor(
		readonly status: number,
		readonly detail: string
	) {
		super(detail);
		this.name = 'AccessPointRefused';
	}
}

export interface ValidationIssue {
	/** Rule id, e.g. `BR-CO-16` or `PEPPOL-EN16931-R008`. */
	rule: string;
	message: string;
	/** XPath of the element concerned, when the access point gives it. */
	location: string | null;
}

/** Where a sent document is: on its way, delivered to the receiver's access point, or failed. */
export type DeliveryState = 'transit' | 'delivered' | 'failed';

export interface SentDocument {
	/** The access point's id for the document. */
	id: string;
	state: DeliveryState;
	/** Why it failed, as the access point says it. */
	reason: string | null;
}

export interface ReceivedDocument {
	id: string;
	kind: 'invoice' | 'credit_note';
	supplierName: string | null;
	supplierVat: string | null;
	number: string | null;
	issueDate: string | null;
	dueDate: string | null;
	currency: string;
	/** Decimal strings as the document states them. */
	net: string | null;
	vat: string | null;
	total: string | null;
	amountDue: string | null;
	paymentReference: string | null;
	iban: string | null;
}

export interface Registration {
	/** Identifiers this platform's account is registered for on the access point's SMP. */
	peppolIds: string[];
}

export interface AccessPoint {
	/** Which identifiers the account can send and receive for. */
	registration(): Promise<Registration>;
	/** Whether a participant can receive BIS Billing 3.0 documents on Peppol. */
	lookup(id: PeppolId): Promise<{ reachable: boolean; name: string | null }>;
	/**
	 * Hands a UBL document to the access point. Validates it there first: with fatal issues it is
	 * not sent and the issues come back; otherwise it is sent from `sender` to `receiver`.
	 */
	send(input: {
		xml: string;
		filename: string;
		sender: PeppolId;
		receiver: PeppolId;
	}): Promise<{ sent: SentDocument } | { invalid: ValidationIssue[] }>;
	/** The current delivery state of a sent document. */
	sent(id: string): Promise<SentDocument>;
	/**
	 * A received document: its data, the identifier it was addressed to and its UBL; null when it
	 * is not an inbound document of this account.
	 */
	received(
		id: string
	): Promise<{ doc: ReceivedDocument; receiver: string | null; xml: string } | null>;
	/** Received documents, newest first, one page. */
	inbox(page: number): Promise<{ items: ReceivedDocument[]; pages: number }>;
	/** The UBL XML of a document. */
	ubl(id: string): Promise<string>;
	/**
	 * Checks a webhook request as the access point documents it; the event when authentic, null
	 * when not.
	 */
	verifyWebhook(
		body: string,
		headers: Headers,
		secret: string
	): Promise<{ id: string; type: string; documentId: string } | null>;
	/** Subscribes `url` to delivery and reception events; returns the signing secret. */
	subscribe(url: string): Promise<{ id: string; secret: string }>;
}
