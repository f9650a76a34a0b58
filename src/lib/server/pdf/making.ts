import { XMLBuilder } from 'fast-xml-parser';
import Papa from 'papaparse';
import QRCode from 'qrcode';

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
