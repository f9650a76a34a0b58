import { serveMaking, text } from './making';
import { renderPdf, type FontBytes } from './render';
import { readRenderRequest, RENDER_PATH, RenderRequestError } from './wire';

/**
 * The documents Worker's whole job (worker/documents/index.ts hands it its requests and the fonts
 * it bundles): POST /render with a RenderRequest (./wire.ts) answers the PDF; POST /qr, /csv and
 * /xml answer the SVG, the rows and the XML (`serveMaking`); anything else is refused. Here, not
 * in the Worker, so Vitest can run it on Node.
 */
export async function serveRender(request: Request, fonts: FontBytes): Promise<Response> {
	const made = await serveMaking(request);
	if (made) return made;
	if (new URL(request.url).pathname !== RENDER_PATH) return text(404, 'not found');
	if (request.method !== 'POST') return text(405, 'POST only', { allow: 'POST' });
	let input;
	try {
		input = readRenderRequest(await request.json());
	} catch (err) {
		if (err instanceof SyntaxError || err instanceof RenderRequestError) {
			return text(400, `bad render request: ${err.message}`);
		}
		throw err;
	}
	const bytes = await renderPdf({ ...input, fonts });
	return new Response(bytes as BodyInit, {
		headers: { 'content-type': 'application/pdf', 'content-length': String(bytes.length) }
	});
}
