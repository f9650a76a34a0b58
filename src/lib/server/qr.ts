import { makeDocument } from './pdf/documents';
import { MAKING_PATHS } from './pdf/wire';

/**
 * A QR code as an inline SVG string, made by the documents Worker (qrcode lives there, not in the
 * app Worker: ./pdf/making.ts) or, on Node, in this process by the same code. Error correction
 * level M (the EPC guidelines), a 2-module quiet zone.
 */
export async function qrSvg(payload: string): Promise<string> {
	return (await makeDocument(MAKING_PATHS.qr, { payload }, 'image/svg+xml')).text();
}
