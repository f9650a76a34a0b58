import { platformBinding } from '../config';
import type { MakingPath } from './wire';

/**
 * The app's side of the documents Worker (worker/documents/) for everything but the PDF (./index.ts):
 * QR codes, CSV rows, XML. JSON goes to the DOCUMENTS service binding when the deployment has
 * it (Cloudflare); on Node (development, `vite preview`, Vitest) the same request is answered in
 * this process by the same code (./inProcess.ts, imported only then). Either way the caller gets
 * the Worker's response, or a DocumentsServiceError like any failing provider: nothing has been
 * written yet when these run.
 */

/** The service binding to the documents Worker (wrangler.toml `[[services]]`). */
export const DOCUMENTS_BINDING = 'DOCUMENTS';

export interface ServiceBinding {
	fetch(request: Request): Promise<Response>;
}

/**
 * The documents Worker answered something other than what was asked (or could not be reached).
 * Thrown like any failure of the maker itself: the page answers 500, a mail is retried.
 */
export class DocumentsServiceError extends Error {
	constructor(
		readonly status: number,
		detail: string
	) {
		super(`the documents Worker answered ${status}: ${detail.slice(0, 200)}`);
		this.name = 'DocumentsServiceError';
	}
}

/** A request to the documents Worker (the host is never resolved: a binding goes straight there). */
export function documentsRequest(path: string, body: unknown): Request {
	return new Request(`https://acquit-documents.internal${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
}

/** POST `body` to one of the makers; the answer when it has the expected content type. */
export async function makeDocument(path: MakingPath, body: unknown, type: string) {
	return makeThrough(await platformBinding<ServiceBinding>(DOCUMENTS_BINDING), path, body, type);
}

/** `makeDocument` with the binding given (null: in this process). Exported for the tests. */
export async function makeThrough(
	documents: ServiceBinding | null,
	path: MakingPath,
	body: unknown,
	type: string
): Promise<Response> {
	const request = documentsRequest(path, body);
	let res: Response;
	if (documents) {
		res = await documents.fetch(request).catch((err: unknown) => {
			throw new DocumentsServiceError(503, String(err));
		});
	} else {
		const { serveMaking } = await import('./inProcess');
		res = (await serveMaking(request)) ?? new Response('not found', { status: 404 });
	}
	if (!res.ok || res.headers.get('content-type') !== type) {
		throw new DocumentsServiceError(res.status, await res.text());
	}
	return res;
}
