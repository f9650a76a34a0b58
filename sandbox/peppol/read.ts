/**
 * What an access point reads from a UBL Invoice or CreditNote to fill its document record (the
 * fields the e-invoice API returns as DocumentResponse): parties, number, dates, totals, VAT,
 * payment details, attachments. A document that is not UBL throws.
 */
import { XMLParser } from 'fast-xml-parser';

export interface ReadUbl {
	type: 'INVOICE' | 'CREDIT_NOTE';
	number: string | null;
	issueDate: string | null;
	dueDate: string | null;
	currency: string;
	sender: string | null;
	receiver: string | null;
	vendor: { name: string | null; taxId: string | null; companyId: string | null };
	customer: { name: string | null; taxId: string | null; companyId: string | null };
	subtotal: string | null;
	totalTax: string | null;
	total: string | null;
	amountDue: string | null;
	taxDetails: { rate: string | null; amount: string | null }[];
	payment: { iban: string | null; swift: string | null; reference: string | null } | null;
	attachments: { id: string; fileName: string; mimeType: string; base64: string }[];
	purchaseOrder: string | null;
	note: string | null;
}

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@',
	removeNSPrefix: true,
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: true,
	isArray: (name) =>
		[
			'AdditionalDocumentReference',
			'TaxSubtotal',
			'PaymentMeans',
			'InvoiceLine',
			'CreditNoteLine',
			'TaxTotal',
			'PartyTaxScheme',
			'Note'
		].includes(name)
});

type X = Record<string, unknown> | undefined;
const obj = (v: unknown): X =>
	v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const arr = (v: unknown): X[] => (Array.isArray(v) ? v.map(obj) : v ? [obj(v)] : []);
/** The text of an element, whether it carries attributes or not. */
function txt(v: unknown): string | null {
	if (v == null) return null;
	if (typeof v === 'string' || typeof v === 'number') return String(v);
	const o = obj(v);
	if (o && '#text' in o) return String(o['#text']);
	return null;
}
const attr = (v: unknown, name: string): string | null => {
	const o = obj(v);
	return o && o[`@${name}`] != null ? String(o[`@${name}`]) : null;
};

function party(p: X) {
	const inner = obj(p?.['Party']);
	const endpoint = inner?.['EndpointID'];
	const scheme = attr(endpoint, 'schemeID');
	const id = txt(endpoint);
	const taxSchemes = arr(inner?.['PartyTaxScheme']);
	return {
		peppolId: scheme && id ? `${scheme}:${id}` : null,
		name: txt(obj(inner?.['PartyLegalEntity'])?.['RegistrationName']),
		taxId: txt(taxSchemes[0]?.['CompanyID']),
		companyId: txt(obj(inner?.['PartyLegalEntity'])?.['CompanyID'])
	};
}

export function readUbl(xml: string): ReadUbl {
	let doc: Record<string, unknown>;
	try {
		doc = parser.parse(xml, true) as Record<string, unknown>;
	} catch (e) {
		throw new Error(`not well-formed XML: ${e instanceof Error ? e.message : String(e)}`, {
			cause: e
		});
	}
	const root = obj(doc['Invoice']) ?? obj(doc['CreditNote']);
	if (!root) throw new Error('not a UBL Invoice or CreditNote');
	const credit = !obj(doc['Invoice']);
	const seller = party(obj(root['AccountingSupplierParty']));
	const buyer = party(obj(root['AccountingCustomerParty']));
	const totals = obj(root['LegalMonetaryTotal']);
	const taxTotal = arr(root['TaxTotal'])[0];
	const means = arr(root['PaymentMeans'])[0];
	const account = obj(means?.['PayeeFinancialAccount']);
	return {
		type: credit ? 'CREDIT_NOTE' : 'INVOICE',
		number: txt(root['ID']),
		issueDate: txt(root['IssueDate']),
		dueDate: txt(root['DueDate']) ?? txt(obj(root['PaymentTerms'])?.['PaymentDueDate']),
		currency: txt(root['DocumentCurrencyCode']) ?? 'EUR',
		sender: seller.peppolId,
		receiver: buyer.peppolId,
		vendor: { name: seller.name, taxId: seller.taxId, companyId: seller.companyId },
		customer: { name: buyer.name, taxId: buyer.taxId, companyId: buyer.companyId },
		subtotal: txt(totals?.['TaxExclusiveAmount']),
		totalTax: txt(taxTotal?.['TaxAmount']),
		total: txt(totals?.['TaxInclusiveAmount']),
		amountDue: txt(totals?.['PayableAmount']),
		taxDetails: arr(taxTotal?.['TaxSubtotal']).map((s) => ({
			rate: txt(obj(s?.['TaxCategory'])?.['Percent']),
			amount: txt(s?.['TaxAmount'])
		})),
		payment: means
			? {
					iban: txt(account?.['ID']),
					swift: txt(obj(account?.['FinancialInstitutionBranch'])?.['ID']),
					reference: txt(means['PaymentID'])
				}
			: null,
		attachments: arr(root['AdditionalDocumentReference']).flatMap((r, i) => {
			const bin = obj(r?.['Attachment'])?.['EmbeddedDocumentBinaryObject'];
			const data = txt(bin);
			if (!data) return [];
			return [
				{
					id: `att_${i + 1}`,
					fileName: attr(bin, 'filename') ?? `attachment-${i + 1}`,
					mimeType: attr(bin, 'mimeCode') ?? 'application/octet-stream',
					base64: data.replace(/\s+/g, '')
				}
			];
		}),
		purchaseOrder: txt(obj(root['OrderReference'])?.['ID']),
		note: Array.isArray(root['Note']) ? txt(root['Note'][0]) : txt(root['Note'])
	};
}
