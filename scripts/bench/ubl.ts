// Peppol e-invoice figures for `npm run bench`: the time to generate one UBL document from an
// invoice document (in process, as the server does), and, separately, the time the official
// Peppol rules take to validate it (what the tests and the access-point sandbox pay).
import {
	computeTotals,
	legalMention,
	VAT_RATE_PERCENT,
	type VatCategory
} from '../../src/lib/domain/vat';
import type { InvoiceDocument } from '../../src/lib/server/invoicing/document';
import { generateUbl } from '../../src/lib/server/peppol/ubl';
import { compiledRules, missingRuleFile, validateUbl } from '../../sandbox/peppol/rules';
import { median } from './util';

/** A 12-line invoice over three VAT rates and a reverse-charge line, partially paid. */
export function sampleDocument(): InvoiceDocument {
	const cats: VatCategory[] = ['21', '12', '6', 'reverse_charge_be'];
	const lines = Array.from({ length: 12 }, (_, i) => ({
		position: i + 1,
		description: `Prestation ${i + 1} — déplacement & matériel <inclus>`,
		quantityMilli: 1000 + i * 250,
		unit: i % 2 ? 'h' : '',
		unitPriceMilli: 45_000 + i * 1_234,
		discountBp: i % 3 ? 0 : 500,
		vat: cats[i % cats.length]!,
		ratePercent: VAT_RATE_PERCENT[cats[i % cats.length]!],
		netCents: 0
	}));
	const totals = computeTotals(lines);
	lines.forEach((l, i) => (l.netCents = totals.lineNetCents[i]!));
	return {
		id: 'bench',
		kind: 'invoice',
		draft: false,
		number: '2026-0042',
		issueDate: '2026-03-02',
		dueDate: '2026-04-01',
		currency: 'EUR',
		reference: 'PO-77',
		notes: 'Merci pour votre confiance.',
		footer: '',
		ogm: '+++012/3456/78939+++',
		seller: {
			name: 'Atelier Dupont SRL',
			street: 'Rue Haute 12',
			postalCode: '1000',
			city: 'Bruxelles',
			country: 'BE',
			vatNumber: 'BE0123456749',
			iban: 'BE68 5390 0754 7034',
			bic: 'GKCCBEBB',
			email: 'facturation@dupont.be',
			phone: '',
			logoFileId: null,
			brandColor: '#0f766e'
		},
		buyer: {
			name: 'Bakkerij Peeters BV',
			contactPerson: 'Jan Peeters',
			street: 'Meir 1',
			postalCode: '2000',
			city: 'Antwerpen',
			country: 'BE',
			vatNumber: 'BE0987654394',
			locale: 'nl'
		},
		locale: 'nl',
		lines,
		breakdown: totals.breakdown,
		netCents: totals.netCents,
		vatCents: totals.vatCents,
		totalCents: totals.totalCents,
		mentions: [legalMention('reverse_charge_be', 'nl')!],
		creditedInvoiceNumber: null,
		ledger: {
			invoiceId: 'bench',
			currency: 'EUR',
			totalCents: totals.totalCents,
			creditedCents: 0,
			paidCents: 10_000,
			refundedCents: 0,
			balanceCents: totals.totalCents - 10_000,
			status: 'partially_paid',
			overdue: false
		},
		epc: null
	};
}

export interface UblFigures {
	/** First call: includes loading the XML library. */
	firstMs: number;
	/** Median of the warm calls. */
	generateMs: number;
	bytes: number;
	/** Null when the rules are not beside the project. */
	validation: {
		compileMs: number;
		cached: boolean;
		firstMs: number;
		medianMs: number;
		errors: number;
	} | null;
}

export async function measureUbl(samples = 50): Promise<UblFigures> {
	const doc = sampleDocument();
	const options = { payUrl: 'https://acquit.be/pay/abcdefghijklmnop' };
	let t = performance.now();
	const { xml } = await generateUbl(doc, options);
	const firstMs = performance.now() - t;
	const times = [];
	for (let i = 0; i < samples; i++) {
		t = performance.now();
		await generateUbl(doc, options);
		times.push(performance.now() - t);
	}
	let validation: UblFigures['validation'] = null;
	if (!missingRuleFile()) {
		const { timing } = await compiledRules();
		t = performance.now();
		const report = await validateUbl(xml);
		const first = performance.now() - t;
		const runs = [];
		for (let i = 0; i < 5; i++) {
			t = performance.now();
			await validateUbl(xml);
			runs.push(performance.now() - t);
		}
		validation = {
			compileMs: timing.ms,
			cached: timing.cached,
			firstMs: first,
			medianMs: median(runs),
			errors: report.errors.length
		};
	}
	return { firstMs, generateMs: median(times), bytes: Buffer.byteLength(xml), validation };
}
