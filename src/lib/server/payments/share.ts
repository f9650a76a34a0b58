import { showsBankQr, showsPayQr } from '$lib/domain/docQr';
import type { Db } from '../db';
import { sealedPayTokenOf, type InvoiceDocument } from '../invoicing/document';
import { qrSvg } from '../qr';
import { tokenKeyringOrNull } from '../secrets/keyring';
import { ensurePayToken } from './payLinks';

/** The public address of a pay token. */
export const payUrl = (base: string, token: string) => `${base}/pay/${token}`;

/** The invoice's pay link (created on first use), or null: drafts, credit notes, no keyring. */
export async function payLinkFor(
	db: Db,
	companyId: string,
	invoiceId: string,
	base: string,
	/** The invoice's document when the caller loaded it: its token is read with it. */
	doc?: InvoiceDocument
): Promise<string | null> {
	const keys = tokenKeyringOrNull();
	const enc = doc && doc.id === invoiceId ? sealedPayTokenOf(doc) : undefined;
	const known =
		doc && enc !== undefined
			? { enc, state: doc.draft ? 'draft' : 'finalized', kind: doc.kind }
			: undefined;
	const token = keys && (await ensurePayToken(db, keys, companyId, invoiceId, known));
	return token ? payUrl(base, token) : null;
}

/** What is still to pay on a finalized invoice (0 for drafts, credit notes and settled ones). */
export function amountDueCents(doc: InvoiceDocument): number {
	if (doc.kind !== 'invoice' || doc.draft || !doc.ledger) return 0;
	return Math.max(0, doc.ledger.balanceCents);
}

/**
 * The QR codes of the printed document: the bank's EPC code and the pay link, the latter only
 * while something is left to pay (a paid invoice has nothing to scan); each only when the
 * company's Settings → Documents choice shows it. The pay link carries no amount: its page asks
 * for what is due when the customer opens it.
 */
export async function documentQrs(doc: InvoiceDocument, link: string | null) {
	return {
		epcQr: doc.epc && showsBankQr(doc.qrCodes) ? await qrSvg(doc.epc) : null,
		payQr: link && amountDueCents(doc) > 0 && showsPayQr(doc.qrCodes) ? await qrSvg(link) : null
	};
}
