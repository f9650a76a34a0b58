/**
 * The headers of the `/*` block of a Cloudflare `_headers` file (the repository root's is the
 * one source of the headers every response carries). Only what that file uses is understood:
 * a path line, then indented `Name: value` lines; `#` starts a comment.
 */
export function allPathHeaders(text: string): Record<string, string> {
	const headers: Record<string, string> = {};
	let inAll = false;
	for (const raw of text.split(/\r?\n/)) {
		if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
		if (!/^\s/.test(raw)) {
			inAll = raw.trim() === '/*';
			continue;
		}
		const colon = raw.indexOf(':');
		if (inAll && colon > 0)
			headers[raw.slice(0, colon).trim().toLowerCase()] = raw.slice(colon + 1).trim();
	}
	return headers;
}
