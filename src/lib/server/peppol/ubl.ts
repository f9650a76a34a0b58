/**
 * Peppol BIS Billing 3.0 (EN 16931 UBL 2.1) Invoice and CreditNote from a finalized document.
 *
 * The source is the InvoiceDocument that loadInvoiceDocument builds from the invoice's FROZEN
 * snapshot (seller and buyer as they were at finalization) and its stored lines and totals: an
 * e-invoice says exactly what the printed invoice says. Every amount comes from integer cents and
 * is printed as an exact decimal string; the totals written are recomputed from the lines and
 * must equal the invoice's stored totals to the cent, or nothing is produced.
 *
 * The XML is written from this tree by fast-xml-parser's builder (escaping, attributes) in the
 * documents Worker (../pdf/making.ts), reached through its binding like the PDF.
 */
import { encodeBase64 } from '@oslojs/encoding';
import { m } from '$lib/paraglide/messages';
import { formatDate } from '$lib/format';
import { divRoundHalfUp, legalMention, type VatCategory } from '$lib/domain/vat';
import { currencyDecimals, minorToDecimalString } from '$lib/domain/money';
import { ogmDigits } from '$lib/domain/ogm';
import { peppolIdFromVat, type PeppolId } from '$lib/domain/peppolId';
import type { DocLocale, InvoiceDocument } from '../invoicing/document';
import { makeDocument } from '../pdf/documents';
import { MAKING_PATHS } from '../pdf/wire';

export const CUSTOMIZATION_ID =
	'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

const NS = {
	invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
	creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
	cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
	cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2'
};

export type UblErrorCode =
	| 'draft'
	| 'seller_vat'
	| 'seller_country'
	| 'buyer_vat_missing'
	| 'buyer_vat_invalid'
	| 'buyer_country'
	| 'totals';

/** Why a document cannot become an e-invoice; `field` names what the owner must fix. */
export class UblError extends Error {
	constructor(
		readonly code: UblErrorCode,
		readonly field: 'invoice' | 'company.vatNumber' | 'company.country' | 'customer.vatNumber'
	) {
		super(`Cannot build the e-invoice: ${code}`);
		this.name = 'UblError';
	}
}

/** The owner-facing sentence for a UblError, in the owner's language. */
export function ublErrorMessage(code: UblErrorCode, locale?: DocLocale): string {
	const o = locale ? { locale } : undefined;
	switch (code) {
		case 'draft':
			return m.peppol_error_draft({}, o);
		case 'seller_vat':
			return m.peppol_error_seller_vat({}, o);
		case 'seller_country':
			return m.peppol_error_seller_country({}, o);
		case 'buyer_vat_missing':
			return m.peppol_error_buyer_vat_missing({}, o);
		case 'buyer_vat_invalid':
			return m.peppol_error_buyer_vat_invalid({}, o);
		case 'buyer_country':
			return m.peppol_error_buyer_country({}, o);
		case 'totals':
			return m.peppol_error_totals({}, o);
	}
}

export interface UblOptions {
	/** The public pay link, carried as an external document reference and in the payment terms. */
	payUrl?: string | null;
	/**
	 * The invoice's PDF, embedded as an AdditionalDocumentReference attachment (Belgian recipients
	 * expect it beside the XML). Produced by the PDF renderer; absent, the e-invoice goes without.
	 */
	pdf?: { data: Uint8Array; filename?: string } | null;
	/**
	 * The buyer's Peppol identifier when a lookup found it registered under another one than the
	 * default derived from its VAT number (e.g. 9925 instead of 0208).
	 */
	buyerEndpoint?: PeppolId | null;
}

export interface UblDocument {
	xml: string;
	filename: string;
	/** The identifiers written as EndpointID: who sends and who receives on Peppol. */
	sender: PeppolId;
	receiver: PeppolId;
}

/** UNCL 5305 category, rate and exemption reason (VATEX code list) of each Acquit category. */
function taxCategory(category: VatCategory): { id: string; exemptionCode: string | null } {
	switch (category) {
		case '21':
		case '12':
		case '6':
			return { id: 'S', exemptionCode: null };
		// A true 0 % rate (e.g. newspapers): "zero rated"; BR-Z-10 forbids an exemption reason.
		case '0':
			return { id: 'Z', exemptionCode: null };
		// Domestic co-contractor and B2B services to another Member State: the buyer accounts for
		// the VAT (BR-AE-10 wants the reason).
		case 'reverse_charge_be':
		case 'reverse_charge_eu_services':
			return { id: 'AE', exemptionCode: 'VATEX-EU-AE' };
		case 'intra_eu_supply_exempt':
			return { id: 'K', exemptionCode: 'VATEX-EU-IC' };
	}
}

/** UN/ECE Recommendation 20 unit code for the free-text units people type; C62 ("one") else. */
const UNIT_CODES: Readonly<Record<string, string>> = Object.freeze({
	h: 'HUR',
	hr: 'HUR',
	hrs: 'HUR',
	hour: 'HUR',
	hours: 'HUR',
	heure: 'HUR',
	heures: 'HUR',
	u: 'HUR',
	uur: 'HUR',
	uren: 'HUR',
	min: 'MIN',
	minute: 'MIN',
	minutes: 'MIN',
	minuut: 'MIN',
	minuten: 'MIN',
	d: 'DAY',
	j: 'DAY',
	day: 'DAY',
	days: 'DAY',
	jour: 'DAY',
	jours: 'DAY',
	dag: 'DAY',
	dagen: 'DAY',
	month: 'MON',
	months: 'MON',
	mois: 'MON',
	maand: 'MON',
	maanden: 'MON',
	km: 'KMT',
	kg: 'KGM',
	g: 'GRM',
	l: 'LTR',
	m: 'MTR',
	m2: 'MTK',
	'm²': 'MTK',
	m3: 'MTQ',
	'm³': 'MTQ'
});

export function unitCode(unit: string): string {
	return UNIT_CODES[unit.trim().toLowerCase().replace(/\.$/, '')] ?? 'C62';
}

/** Characters XML 1.0 cannot carry at all (controls other than tab/LF/CR, lone surrogates). */
const XML_INVALID =
	// eslint-disable-next-line no-control-regex
	/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function clean(s: string | null | undefined): string {
	return (s ?? '').replace(XML_INVALID, '').trim();
}

type Node = Record<string, unknown>;

/** Drops keys whose value is empty: PEPPOL-EN16931-R008 rejects any empty element. */
function compact(node: Node): Node {
	const out: Node = {};
	for (const [k, v] of Object.entries(node)) {
		if (v === undefined || v === null || v === '') continue;
		if (Array.isArray(v) && v.length === 0) continue;
		out[k] = v;
	}
	return out;
}

const text = (value: string, attrs: Record<string, string> = {}): Node => {
	const node: Node = { '#text': value };
	for (const [k, v] of Object.entries(attrs)) node[`@${k}`] = v;
	return node;
};

/** A price in thousandths of the currency unit as the shortest exact decimal ("12.5", "0.125"). */
function milliToDecimal(milli: number): string {
	return minorToDecimalString(milli, 3).replace(/\.?0+$/, '') || '0';
}

interface Subtotal {
	id: string;
	percent: number;
	exemptionCode: string | null;
	exemptionTexts: string[];
	baseCents: number;
	vatCents: number;
}

function address(p: { street: string; city: string; postalCode: string; country: string }) {
	return compact({
		'cbc:StreetName': clean(p.street),
		'cbc:CityName': clean(p.city),
		'cbc:PostalZone': clean(p.postalCode),
		'cac:Country': { 'cbc:IdentificationCode': clean(p.country).toUpperCase() || 'BE' }
	});
}

/** Seller and buyer identifiers, or the UblError saying what the owner must fix. */
function parties(doc: InvoiceDocument) {
	if (doc.draft || !doc.number) throw new UblError('draft', 'invoice');
	const seller = doc.seller;
	if ((seller.country || 'BE').toUpperCase() !== 'BE') {
		throw new UblError('seller_country', 'company.country');
	}
	const sellerId = peppolIdFromVat(seller.vatNumber);
	if (!sellerId.ok || sellerId.country !== 'BE') {
		throw new UblError('seller_vat', 'company.vatNumber');
	}
	const buyerId = peppolIdFromVat(doc.buyer.vatNumber);
	if (!buyerId.ok) {
		const code =
			buyerId.reason === 'missing'
				? 'buyer_vat_missing'
				: buyerId.reason === 'invalid'
					? 'buyer_vat_invalid'
					: 'buyer_country';
		throw new UblError(code, 'customer.vatNumber');
	}
	return { sellerId, buyerId };
}

/**
 * Why this document cannot become an e-invoice, checked without building it (for the invoice
 * page, which offers the download only when it can succeed), or null.
 */
export function ublBlocker(doc: InvoiceDocument): UblError | null {
	try {
		parties(doc);
		return null;
	} catch (e) {
		if (e instanceof UblError) return e;
		throw e;
	}
}

/**
 * Builds the UBL. Throws UblError when the document cannot be a valid Peppol e-invoice (a draft,
 * a party that Peppol cannot address, totals that would not reconcile).
 */
export async function generateUbl(
	doc: InvoiceDocument,
	options: UblOptions = {}
): Promise<UblDocument> {
	if (!doc.number) throw new UblError('draft', 'invoice');
	const credit = doc.kind === 'credit_note';
	const o = { locale: doc.locale };
	const decimals = currencyDecimals(doc.currency);
	const amount = (cents: number) =>
		text(minorToDecimalString(cents, decimals), {
			currencyID: doc.currency
		});
	// Acquit stores a credit note with negative quantities and totals; a UBL CreditNote states
	// the credited amounts as positive numbers.
	const sign = credit ? -1 : 1;

	const { sellerId, buyerId } = parties(doc);
	const seller = doc.seller;
	const buyer = doc.buyer;
	const receiver = options.buyerEndpoint ?? buyerId.id;

	const supplierParty = {
		'cac:Party': compact({
			'cbc:EndpointID': text(sellerId.id.value, { schemeID: sellerId.id.scheme }),
			'cac:PartyName': { 'cbc:Name': clean(seller.name) },
			'cac:PostalAddress': address(seller),
			'cac:PartyTaxScheme': {
				'cbc:CompanyID': sellerId.vatNumber,
				'cac:TaxScheme': { 'cbc:ID': 'VAT' }
			},
			'cac:PartyLegalEntity': {
				'cbc:RegistrationName': clean(seller.name),
				'cbc:CompanyID': text(sellerId.id.value, { schemeID: '0208' })
			},
			'cac:Contact':
				clean(seller.phone) || clean(seller.email)
					? compact({
							'cbc:Telephone': clean(seller.phone),
							'cbc:ElectronicMail': clean(seller.email)
						})
					: undefined
		})
	};
	const buyerLegal: Node = { 'cbc:RegistrationName': clean(buyer.name) };
	if (buyerId.id.scheme === '0208') {
		buyerLegal['cbc:CompanyID'] = text(buyerId.id.value, { schemeID: '0208' });
	}
	const customerParty = {
		'cac:Party': compact({
			'cbc:EndpointID': text(receiver.value, { schemeID: receiver.scheme }),
			'cac:PartyName': { 'cbc:Name': clean(buyer.name) },
			'cac:PostalAddress': address({
				...buyer,
				country: clean(buyer.country) || buyerId.country
			}),
			'cac:PartyTaxScheme': {
				'cbc:CompanyID': buyerId.vatNumber,
				'cac:TaxScheme': { 'cbc:ID': 'VAT' }
			},
			'cac:PartyLegalEntity': buyerLegal,
			'cac:Contact': clean(buyer.contactPerson)
				? { 'cbc:Name': clean(buyer.contactPerson) }
				: undefined
		})
	};

	// ——— Lines ———
	let lineTotal = 0;
	const subtotals = new Map<string, Subtotal>();
	const lineNodes = doc.lines.map((l) => {
		const net = sign * l.netCents;
		lineTotal += net;
		let qty = sign * l.quantityMilli;
		let price = l.unitPriceMilli;
		// BR-27: a price is never negative; a negative line is a negative quantity instead.
		if (price < 0) {
			price = -price;
			qty = -qty;
		}
		const cat = taxCategory(l.vat);
		const description = clean(l.description) || '-';
		const firstLine = description.split('\n')[0]!.trim();
		const name = firstLine.length > 100 ? firstLine.slice(0, 99) + '…' : firstLine;
		// The discount as a line allowance: gross (quantity × price, to the cent) minus the stored
		// net, so PEPPOL-EN16931-R120 (net = quantity × price − allowances) holds within its 0.02.
		const gross = Number(divRoundHalfUp(BigInt(qty) * BigInt(price), 10n ** BigInt(6 - decimals)));
		const allowance = gross - net;
		const node: Node = {
			'cbc:ID': String(l.position),
			[credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity']: text(milliToDecimal(qty), {
				unitCode: unitCode(l.unit)
			}),
			'cbc:LineExtensionAmount': amount(net)
		};
		if (l.discountBp > 0 && allowance !== 0) {
			node['cac:AllowanceCharge'] = {
				'cbc:ChargeIndicator': 'false',
				'cbc:AllowanceChargeReasonCode': '95',
				'cbc:AllowanceChargeReason': m.peppol_discount(
					{ percent: minorToDecimalString(l.discountBp, 2).replace(/\.?0+$/, '') },
					o
				),
				'cbc:Amount': amount(allowance)
			};
		}
		node['cac:Item'] = compact({
			'cbc:Description': description !== name ? description : undefined,
			'cbc:Name': name,
			'cac:ClassifiedTaxCategory': {
				'cbc:ID': cat.id,
				'cbc:Percent': String(l.ratePercent),
				'cac:TaxScheme': { 'cbc:ID': 'VAT' }
			}
		});
		node['cac:Price'] = {
			'cbc:PriceAmount': text(milliToDecimal(price), { currencyID: doc.currency })
		};
		return node;
	});

	// ——— VAT breakdown: one subtotal per (UNCL 5305 category, rate) ———
	for (const b of doc.breakdown) {
		const cat = taxCategory(b.category);
		const key = `${cat.id}/${b.ratePercent}`;
		const row = subtotals.get(key) ?? {
			id: cat.id,
			percent: b.ratePercent,
			exemptionCode: cat.exemptionCode,
			exemptionTexts: [],
			baseCents: 0,
			vatCents: 0
		};
		row.baseCents += sign * b.baseCents;
		row.vatCents += sign * b.vatCents;
		// BT-120: the legal mention printed on the invoice, in its language.
		const mention = cat.exemptionCode ? legalMention(b.category, doc.locale) : null;
		if (mention && !row.exemptionTexts.includes(mention)) row.exemptionTexts.push(mention);
		subtotals.set(key, row);
	}
	const rows = [...subtotals.values()];
	const baseTotal = rows.reduce((s, r) => s + r.baseCents, 0);
	const vatTotal = rows.reduce((s, r) => s + r.vatCents, 0);
	const total = baseTotal + vatTotal;
	if (
		lineTotal !== baseTotal ||
		baseTotal !== sign * doc.netCents ||
		vatTotal !== sign * doc.vatCents ||
		total !== sign * doc.totalCents
	) {
		throw new UblError('totals', 'invoice');
	}

	// What was paid already (partially paid invoice): the amount due is what is left.
	const ledger = doc.ledger;
	const paid = credit || !ledger ? 0 : ledger.paidCents - ledger.refundedCents;
	const prepaid = Math.min(Math.max(paid, 0), Math.max(total, 0));
	const payable = total - prepaid;

	// ——— Payment ———
	const ogm = doc.ogm ? ogmDigits(doc.ogm) : null;
	const iban = seller.iban.replace(/\s+/g, '').toUpperCase();
	const payUrl = !credit && options.payUrl ? clean(options.payUrl) : '';
	const paymentMeans =
		!credit && iban
			? compact({
					// 58: SEPA credit transfer (EUR); 30: credit transfer in another currency.
					'cbc:PaymentMeansCode':
						doc.currency === 'EUR'
							? text('58', { name: 'SEPA credit transfer' })
							: text('30', { name: 'Credit transfer' }),
					// BT-83, the remittance information: the OGM as 12 digits.
					'cbc:PaymentID': ogm ?? undefined,
					'cac:PayeeFinancialAccount': compact({
						'cbc:ID': iban,
						'cbc:Name': clean(seller.name),
						'cac:FinancialInstitutionBranch': clean(seller.bic)
							? { 'cbc:ID': clean(seller.bic).toUpperCase() }
							: undefined
					})
				})
			: undefined;
	const dueDate = formatDate(doc.dueDate, { dateStyle: 'long' }, doc.locale);
	const terms = credit
		? ''
		: [
				payable > 0
					? ogm && doc.ogm
						? m.peppol_terms_due({ date: dueDate, ogm: doc.ogm }, o)
						: m.peppol_terms_due_no_ogm({ date: dueDate }, o)
					: '',
				payable > 0 && payUrl ? m.peppol_terms_pay_link({ url: payUrl }, o) : ''
			]
				.filter(Boolean)
				.join(' ');

	// ——— Supporting documents: the pay link (BT-124, external location) and the PDF ———
	const additional: Node[] = [];
	if (payUrl && payable > 0) {
		additional.push({
			'cbc:ID': 'PAYMENT-LINK',
			'cbc:DocumentDescription': m.peppol_pay_online({}, o),
			'cac:Attachment': { 'cac:ExternalReference': { 'cbc:URI': payUrl } }
		});
	}
	if (options.pdf) {
		const filename = clean(options.pdf.filename) || `${safeFilename(doc.number)}.pdf`;
		additional.push({
			'cbc:ID': clean(doc.number),
			'cbc:DocumentDescription': credit
				? m.peppol_pdf_description_credit({ number: doc.number }, o)
				: m.peppol_pdf_description({ number: doc.number }, o),
			'cac:Attachment': {
				'cbc:EmbeddedDocumentBinaryObject': text(encodeBase64(options.pdf.data), {
					mimeCode: 'application/pdf',
					filename
				})
			}
		});
	}

	// K (intra-Community supply) needs a delivery date and the country delivered to (BR-IC-11/12).
	// Acquit invoices state no separate date of supply: it is the issue date.
	const needsDelivery = rows.some((r) => r.id === 'K');
	const delivery = needsDelivery
		? {
				'cbc:ActualDeliveryDate': doc.issueDate,
				'cac:DeliveryLocation': {
					'cac:Address': {
						'cac:Country': {
							'cbc:IdentificationCode': clean(buyer.country).toUpperCase() || buyerId.country
						}
					}
				}
			}
		: undefined;

	const reference = clean(doc.reference);
	const note = [clean(doc.notes), ...doc.mentions.map(clean)].filter(Boolean).join('\n');
	const root = compact({
		'@xmlns': credit ? NS.creditNote : NS.invoice,
		'@xmlns:cac': NS.cac,
		'@xmlns:cbc': NS.cbc,
		'cbc:CustomizationID': CUSTOMIZATION_ID,
		'cbc:ProfileID': PROFILE_ID,
		'cbc:ID': clean(doc.number),
		'cbc:IssueDate': doc.issueDate,
		'cbc:DueDate': credit ? undefined : doc.dueDate,
		[credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode']: credit ? '381' : '380',
		// PEPPOL-EN16931-R002: one document-level note; free notes and legal mentions share it.
		'cbc:Note': note,
		'cbc:DocumentCurrencyCode': doc.currency,
		// R003 wants a buyer reference or an order reference: the customer's reference / PO
		// number when the invoice has one, the invoice number otherwise.
		'cbc:BuyerReference': reference,
		'cac:OrderReference': { 'cbc:ID': reference || clean(doc.number) },
		'cac:BillingReference': doc.creditedInvoiceNumber
			? { 'cac:InvoiceDocumentReference': { 'cbc:ID': clean(doc.creditedInvoiceNumber) } }
			: undefined,
		'cac:AdditionalDocumentReference': additional,
		'cac:AccountingSupplierParty': supplierParty,
		'cac:AccountingCustomerParty': customerParty,
		'cac:Delivery': delivery,
		'cac:PaymentMeans': paymentMeans,
		'cac:PaymentTerms': terms ? { 'cbc:Note': terms } : undefined,
		'cac:TaxTotal': {
			'cbc:TaxAmount': amount(vatTotal),
			'cac:TaxSubtotal': rows.map((r) => ({
				'cbc:TaxableAmount': amount(r.baseCents),
				'cbc:TaxAmount': amount(r.vatCents),
				'cac:TaxCategory': compact({
					'cbc:ID': r.id,
					'cbc:Percent': String(r.percent),
					'cbc:TaxExemptionReasonCode': r.exemptionCode ?? undefined,
					'cbc:TaxExemptionReason': r.exemptionTexts.join('; '),
					'cac:TaxScheme': { 'cbc:ID': 'VAT' }
				})
			}))
		},
		'cac:LegalMonetaryTotal': compact({
			'cbc:LineExtensionAmount': amount(lineTotal),
			'cbc:TaxExclusiveAmount': amount(baseTotal),
			'cbc:TaxInclusiveAmount': amount(total),
			'cbc:PrepaidAmount': prepaid ? amount(prepaid) : undefined,
			'cbc:PayableAmount': amount(payable)
		}),
		[credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine']: lineNodes
	});

	// The XML text is written by the documents Worker (fast-xml-parser lives there, not in the app
	// Worker: ../pdf/making.ts), or on Node in this process by the same code.
	const res = await makeDocument(
		MAKING_PATHS.xml,
		{ root: credit ? 'CreditNote' : 'Invoice', tree: root },
		'application/xml'
	);
	const xml = await res.text();
	return {
		xml,
		filename: `${safeFilename(doc.number)}.xml`,
		sender: sellerId.id,
		receiver
	};
}

function safeFilename(number: string): string {
	return number.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'invoice';
}
