import { publicBaseUrlSetting } from '../config';

/**
 * The origin links in mail point to. PUBLIC_BASE_URL wins (behind a proxy the request's own
 * origin may be internal); read here, inside a request, because on Workers env only exists then.
 */
export function publicBaseUrl(url: URL): string {
	return publicBaseUrlSetting() || url.origin.replace(/\/+$/, '');
}
