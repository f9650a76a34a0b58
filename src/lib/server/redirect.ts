/**
 * Where to send the user next when the target comes from the request (a form field, `?next=`):
 * a path on this site, never elsewhere. The one helper every user-supplied redirect goes through.
 *
 * Browsers are lenient in ways a string check is not: they treat `\` as `/` and drop tabs and
 * newlines inside URLs, so `/\evil.test` and `/<TAB>/evil.test` both become `//evil.test`, a
 * protocol-relative URL to another host. So the value is refused when it holds anything a
 * browser would rewrite, and the path is checked again after the URL parser normalised it
 * (`/a/..//evil.test` only turns into `//evil.test` then).
 */
export function safeRedirectPath(value: unknown, origin: string, fallback = '/'): string {
	if (typeof value !== 'string' || value.length > 2000) return fallback;
	if (!value.startsWith('/') || isProtocolRelative(value)) return fallback;
	// eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
	if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
	let target: URL;
	try {
		target = new URL(value, origin);
	} catch {
		return fallback;
	}
	if (target.origin !== origin) return fallback;
	const path = target.pathname + target.search + target.hash;
	return isProtocolRelative(path) ? fallback : path;
}

/** `//host` and `/\host`, also when the slashes are percent-encoded and later decoded by a hop. */
function isProtocolRelative(path: string): boolean {
	return /^\/(?:\/|\\|%2f|%5c)/i.test(path);
}
