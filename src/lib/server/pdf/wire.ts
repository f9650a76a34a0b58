import { decodeBase64, encodeBase64 } from '@oslojs/encoding';
import type { InvoiceDocument } from '../invoicing/document';
import type { PdfLogo } from './render';

/**
 * What the app sends the documents Worker (worker/documents/) to make a PDF, as JSON: the
 * renderer's input without the fonts (the Worker has its own), the logo as base64. Used on both
 * sides, and by the in-process renderer too (./index.ts), so Node's tests render exactly what
 * the Worker would receive.
 */
export interface RenderRequest {
	doc: InvoiceDocument;
	payUrl: string | null;
	logo: { contentType: string; base64: string } | null;
}

/** The renderer's input (fonts aside) as it goes over the wire. */
export function renderRequest(input: {
	doc: InvoiceDocument;
	payUrl: string | null;
	logo: PdfLogo | null;
}): RenderRequest {
	const { doc, payUrl, logo } = input;
	return {
		doc,
		payUrl,
		logo: logo ? { contentType: logo.contentType, base64: encodeBase64(logo.bytes) } : null
	};
}

/** The path the documents Worker answers on (POST only). */
export const RENDER_PATH = '/render';

/** Its paths besides the PDF's (POST, JSON in; ./making.ts, ./service.ts). */
export const MAKING_PATHS = { qr: '/qr', csv: '/csv', xml: '/xml' } as const;
export type MakingPath = (typeof MAKING_PATHS)[keyof typeof MAKING_PATHS];

export class RenderRequestError extends Error {}

/**
 * A request body read back into the renderer's input, or a RenderRequestError naming what is
 * wrong (the Worker answers 400 with it).
 */
export function readRenderRequest(body: unknown): {
	doc: InvoiceDocument;
	payUrl: string | null;
	logo: PdfLogo | null;
} {
	if (!body || typeof body !== 'object') throw new RenderRequestError('body is not an object');
	const { doc, payUrl, logo } = body as Partial<RenderRequest>;
	if (!doc || typeof doc !== 'object' || !Array.isArray(doc.lines) || !doc.seller || !doc.buyer) {
		throw new RenderRequestError('doc is not a document');
	}
	if (payUrl !== null && typeof payUrl !== 'string') {
		throw new RenderRequestError('payUrl is neither a string nor null');
	}
	if (logo !== null && (typeof logo !== 'object' || typeof logo?.base64 !== 'string')) {
		throw new RenderRequestError('logo is neither an image nor null');
	}
	return {
		doc,
		payUrl,
		logo: logo ? { contentType: logo.contentType, bytes: decodeBase64(logo.base64) } : null
	};
}
