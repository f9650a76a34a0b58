/**
 * A file the signed-in owner (or a customer through a pay link) downloads: personal, so never
 * cached; its type is what we say it is (nosniff); saved under `filename`, or shown in the
 * browser with `inline`.
 */
export function fileResponse(
	body: string | Uint8Array,
	options: { contentType: string; filename: string; inline?: boolean }
): Response {
	const headers: Record<string, string> = {
		'content-type': options.contentType,
		'content-disposition': `${options.inline ? 'inline' : 'attachment'}; filename="${options.filename}"`,
		'cache-control': 'private, no-store',
		'x-content-type-options': 'nosniff'
	};
	if (typeof body !== 'string') headers['content-length'] = String(body.byteLength);
	return new Response(body as BodyInit, { headers });
}

export const XML = 'application/xml; charset=utf-8';
export const PDF = 'application/pdf';
