/**
 * Where to send the user after a language switch: a path on this site, never elsewhere
 * (the value comes from a form field, so it is attacker-controlled).
 */
export function safeRedirectPath(value: unknown, origin: string): string {
	if (typeof value !== 'string' || value.length > 2000) return '/';
	// "//evil.example" and "/\evil.example" are protocol-relative URLs in browsers.
	if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
	// eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
	if (/[\u0000-\u001f\u007f]/.test(value)) return '/';
	const target = new URL(value, origin);
	if (target.origin !== origin) return '/';
	return target.pathname + target.search + target.hash;
}
