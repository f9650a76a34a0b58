import { peppolSettings } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { peppolEnabled } from '$lib/server/peppol/config';
import { accessPoint } from '$lib/server/peppol/exchange';
import { handlePeppolWebhook } from '$lib/server/peppol/webhook';
import type { RequestHandler } from './$types';

// The access point's webhook (JSON, no session, no Origin; signed with PEPPOL_WEBHOOK_SECRET,
// the secret the access point returned when the webhook was created).
export const POST: RequestHandler = async ({ request }) => {
	const secret = peppolSettings().webhookSecret;
	if (!peppolEnabled() || !secret) return new Response(null, { status: 404 });
	return handlePeppolWebhook(getDb(), accessPoint(), request, secret);
};
