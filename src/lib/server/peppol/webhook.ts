import type { Db } from '../db';
import type { AccessPoint } from './accessPoint';
import { AccessPointUnavailable } from './accessPoint';
import { applyPeppolEvent } from './exchange';

/** Largest webhook body accepted (events carry ids, not documents). */
const MAX_BODY = 64 * 1024;

/**
 * The access point's webhook: authenticated with the shared secret as the access point
 * documents it (401 otherwise, nothing read or written), then applied idempotently. A 503 when
 * the access point can't be asked back makes it retry the event later.
 */
export async function handlePeppolWebhook(
	db: Db,
	ap: AccessPoint,
	request: Request,
	secret: string
): Promise<Response> {
	const body = await request.text();
	if (body.length > MAX_BODY) return new Response('Too large', { status: 413 });
	const event = await ap.verifyWebhook(body, request.headers, secret);
	if (!event) return new Response('Invalid signature', { status: 401 });
	try {
		const done = await applyPeppolEvent(db, ap, event);
		return new Response(done, { status: 200 });
	} catch (e) {
		if (e instanceof AccessPointUnavailable) return new Response('Retry later', { status: 503 });
		throw e;
	}
}
