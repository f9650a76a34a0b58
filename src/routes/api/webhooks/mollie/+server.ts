import { getDb } from '$lib/server/db';
import { mollieConfig, mollieEnabled } from '$lib/server/mollie/config';
import { handleWebhook } from '$lib/server/mollie/sync';
import type { RequestHandler } from './$types';

// Mollie's classic webhook: `id=tr_…`, no session, no Origin (exempt from the CSRF check in
// src/lib/server/csrf.ts). The body is only a hint; the payment is fetched from Mollie. Unknown
// ids get the same empty 200 as known ones; 503 when Mollie can't be asked, so it retries.
export const POST: RequestHandler = async ({ request }) => {
	if (!mollieEnabled()) return new Response(null, { status: 200 });
	const body = await request.formData().catch(() => null);
	const id = String(body?.get('id') ?? '');
	const outcome = await handleWebhook(getDb(), mollieConfig(), id);
	return new Response(null, { status: outcome === 'retry' ? 503 : 200 });
};
