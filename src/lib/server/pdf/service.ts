import { csvRowsOf, qrSvgOf, xmlOf } from './making';
import { renderPdf, type FontBytes } from './render';
import { MAKING_PATHS, readRenderRequest, RENDER_PATH, RenderRequestError } from './wire';

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

/**
 * POST /qr `{ payload }` → image/svg+xml, /csv `{ text }` → JSON `string[][]`, /xml
 * `{ root, tree }` → application/xml; 400 for a body that isn't that. Null for any other path.
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

function text(
	status: number,
	body: string,
	headers: Record<string, string> = {},
	type = 'text/plain'
): Response {
	return new Response(body, { status, headers: { 'content-type': type, ...headers } });
}
