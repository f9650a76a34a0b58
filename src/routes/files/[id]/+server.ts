import { getDb } from '$lib/server/db';
import { getFile } from '$lib/server/files';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

// Ids are 120 random bits in lowercase base32; anything else is not ours.
const ID = /^[a-z2-7]{24}$/;

/**
 * Public on purpose: the payment page shows the logo to customers without an account, and the
 * random id is the capability. A new upload always gets a new id, so responses are immutable.
 */
export const GET = (async ({ params }) => {
	if (!ID.test(params.id)) error(404);
	const file = await getFile(getDb(), params.id);
	if (!file) error(404);
	return new Response(new Uint8Array(file.data), {
		headers: {
			// The type we sniffed at upload time (PNG, JPEG or WebP), never the browser's claim.
			'content-type': file.contentType,
			'content-length': String(file.data.byteLength),
			'x-content-type-options': 'nosniff',
			// If a file were ever opened as a document, it could run nothing and load nothing.
			'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
			'cache-control': 'public, max-age=31536000, immutable'
		}
	});
}) satisfies RequestHandler;
