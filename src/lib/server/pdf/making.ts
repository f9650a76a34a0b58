import { XMLBuilder } from 'fast-xml-parser';
import Papa from 'papaparse';
import QRCode from 'qrcode';
import { MAKING_PATHS } from './wire';

/**
 * The documents Worker's small makers besides the PDF (./service.ts routes them): pure functions,
 * JSON in, text out. Their libraries (qrcode, papaparse, fast-xml-parser, about 40 KB gzip) live
 * in the documents Worker only; the app Worker's build has them replaced by a module that throws
 * (wrangler.toml `[alias]`) and reaches these through the DOCUMENTS binding (./documents.ts). On
 * Node the same requests are answered in this process.
 */

/**
 * A QR code as an SVG string. Error correction level M is what the EPC guidelines ask for; a
 * 2-module quiet zone keeps phone scanners happy on paper.
 */
export function qrSvgOf(payload: string): Promise<string> {
	return QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** A CSV text's rows (commas or semicolons, quoted cells), blank lines skipped. */
export function csvRowsOf(text: string): string[][] {
	return Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' }).data;
}

/** An XML document from a fast-xml-parser tree under one root element (UBL: ../peppol/ubl.ts). */
export function xmlOf(root: string, tree: unknown): string {
	const builder = new XMLBuilder({
		ignoreAttributes: false,
		attributeNamePrefix: '@',
		textNodeName: '#text',
		format: true,
		indentBy: '  ',
		suppressEmptyNode: false
	});
	return '<?xml version="1.0" encoding="UTF-8"?>\n' + builder.build({ [root]: tree });
}

/**
 * POST /qr `{ payload }` → image/svg+xml, /csv `{ text }` → JSON `string[][]`, /xml
 * `{ root, tree }` → application/xml; 400 for a body that isn't that. Null for any other path.
 * (./service.ts routes the rest; here so that a QR made in-process loads no PDF code.)
 */
export async function serveMaking(request: Request): Promise<Response | null> {
	const path = new URL(request.url).pathname;
	if (!(Object.values(MAKING_PATHS) as string[]).includes(path)) return null;
	if (request.method !== 'POST') return text(405, 'POST only', { allow: 'POST' });
	let body: Record<string, unknown>;
	try {
		body = (await request.json()) as Record<string, unknown>;
	} catch {
		return text(400, 'the body is not JSON');
	}
	if (!body || typeof body !== 'object') return text(400, 'the body is not an object');
	if (path === MAKING_PATHS.qr && typeof body.payload === 'string') {
		return text(200, await qrSvgOf(body.payload), {}, 'image/svg+xml');
	}
	if (path === MAKING_PATHS.csv && typeof body.text === 'string') {
		return Response.json(csvRowsOf(body.text));
	}
	if (path === MAKING_PATHS.xml && typeof body.root === 'string' && body.tree) {
		return text(200, xmlOf(body.root, body.tree), {}, 'application/xml');
	}
	return text(400, `bad ${path.slice(1)} request`);
}

export function text(
	status: number,
	body: string,
	headers: Record<string, string> = {},
	type = 'text/plain'
): Response {
	return new Response(body, { status, headers: { 'content-type': type, ...headers } });
}
