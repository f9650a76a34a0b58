import QRCode from 'qrcode';

/**
 * A QR code as an inline SVG string. `qrcode` is plain JavaScript and its SVG renderer needs no
 * canvas or filesystem, so this runs the same on Node and on Workers. Error correction level M
 * is what the EPC guidelines ask for; a 2-module quiet zone keeps phone scanners happy on paper.
 */
export function qrSvg(payload: string): Promise<string> {
	return QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
