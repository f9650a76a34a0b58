/**
 * SvelteKit's own CSRF check refuses every cross-site form POST, and a request without an
 * Origin header counts as cross-site — which is exactly what Mollie's webhook is (a server-to-
 * server `application/x-www-form-urlencoded` POST). Kit can only trust origins, not paths, so
 * svelte.config.js turns its check off (`trustedOrigins: ['*']`) and this one takes its place:
 * the same rule, with one exemption, the webhook path. Everything else stays protected.
 */

/** Paths that receive server-to-server form posts; they authenticate nothing and trust no body. */
export const CSRF_EXEMPT = new Set(['/api/webhooks/mollie']);

const FORM_TYPES = [
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain',
	// Kit's binary encoding of remote form data.
	'application/x-sveltekit-formdata'
];
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function isFormContentType(request: Request): boolean {
	// No content type at all is treated as a form too (browsers may omit it for text/plain).
	const type = request.headers.get('content-type')?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
	return type === '' || FORM_TYPES.includes(type);
}

/** True when the request must be refused with 403 (Kit's rule: unsafe method, form body, foreign origin). */
export function isForbiddenCrossSite(request: Request, url: URL): boolean {
	if (!UNSAFE.has(request.method)) return false;
	if (!isFormContentType(request)) return false;
	if (request.headers.get('origin') === url.origin) return false;
	return !(request.method === 'POST' && CSRF_EXEMPT.has(url.pathname));
}
