// PUBLIC_-prefixed variables are exactly the ones `$env/dynamic/private` leaves out, so the
// public module is the one that carries PUBLIC_BASE_URL (it is not a secret either).
import { env } from '$env/dynamic/public';

/**
 * The origin links in mail point to. PUBLIC_BASE_URL wins (behind a proxy the request's own
 * origin may be internal); read here, inside a request, because on Workers env only exists then.
 */
export function publicBaseUrl(url: URL): string {
	const configured = env.PUBLIC_BASE_URL?.trim();
	return (configured || url.origin).replace(/\/+$/, '');
}
