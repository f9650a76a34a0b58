import { MAX_UPLOAD_BODY } from '../files';

/** Mollie's webhook body is `id=tr_…`: a few bytes. */
export const WEBHOOK_MAX_BODY = 4 * 1024;
/** Any form without a file: an invoice with hundreds of lines stays far below. */
export const FORM_MAX_BODY = 256 * 1024;

// Pages whose forms upload a file (logo, background, CSV import).
const UPLOAD_ROUTES = new Set([
	'/(app)/settings',
	'/(app)/settings/theme',
	'/(app)/customers/import'
]);

/** The most a request to this route may send, in bytes. */
export function maxBodyBytes(routeId: string | null, pathname: string): number {
	if (pathname === '/api/webhooks/mollie') return WEBHOOK_MAX_BODY;
	// Twice the upload limit: between the two, the page itself refuses the file without reading
	// it and names the limit on the file field (src/lib/server/files.ts), which is kinder.
	if (routeId && UPLOAD_ROUTES.has(routeId)) return 2 * MAX_UPLOAD_BODY;
	return FORM_MAX_BODY;
}

/**
 * Null when the request may go on — with its body now known to fit, read into memory at most
 * `max` bytes — or 'too_large'. A declared Content-Length over the limit is refused without
 * reading anything; a body without one (chunked) is read only until it passes the limit.
 */
export async function limitBody(
	request: Request,
	max: number
): Promise<{ request: Request } | 'too_large'> {
	if (!request.body) return { request };
	const declared = request.headers.get('content-length');
	if (declared !== null) {
		const length = Number(declared);
		// Refused unread. Not cancelled: on Node, cancelling the request's body destroys the socket,
		// and the client gets a reset instead of the 413 (security.phone.spec); the server
		// discards the rest once the answer is sent.
		if (!Number.isFinite(length) || length > max) return 'too_large';
		// Workers and Node both hold a declared body to its length, so it cannot grow past it.
		return { request };
	}
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		// Not cancelled either, for the same reason.
		if (size > max) return 'too_large';
		chunks.push(value);
	}
	const body = new Uint8Array(size);
	let offset = 0;
	for (const chunk of chunks) {
		body.set(chunk, offset);
		offset += chunk.byteLength;
	}
	const headers = new Headers(request.headers);
	headers.set('content-length', String(size));
	return { request: new Request(request.url, { method: request.method, headers, body }) };
}
