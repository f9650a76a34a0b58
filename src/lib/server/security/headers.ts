import { mollieSettings } from '../config';
import headersFile from '../../../../_headers?raw';
import { allPathHeaders } from './headersFile';

const MOLLIE_CHECKOUT = 'https://www.mollie.com';
const MOLLIE_CONSENT = 'https://my.mollie.com/oauth2/authorize';

const origin = (url: string | undefined) => (url && URL.canParse(url) ? new URL(url).origin : null);

/**
 * Where forms may send the browser: this site, and the two Mollie pages a form POST redirects
 * to (Chrome applies `form-action` to the redirect after a POST): the checkout behind the pay
 * page's Pay button and the consent page behind Connect. Both are configuration: Mollie in
 * production, the local sandbox (which serves its checkout beside its API) in development.
 */
export function formActionSources(): string[] {
	const consent = origin(mollieSettings().authorizeUrl || MOLLIE_CONSENT);
	return [...new Set(["'self'", checkoutOrigin(), consent ?? MOLLIE_CHECKOUT])];
}

/**
 * Mollie's pages and the payment-method icons the pay page shows (`method.image`): both come from
 * the checkout host, www.mollie.com in production and the sandbox's own origin in development.
 */
function checkoutOrigin(): string {
	const { checkoutUrl, apiUrl } = mollieSettings();
	const checkout = origin(checkoutUrl) ?? origin(apiUrl) ?? MOLLIE_CHECKOUT;
	// The live API host serves no pages nor icons; they live on www.mollie.com.
	return checkout === 'https://api.mollie.com' ? MOLLIE_CHECKOUT : checkout;
}

/** Kit's policy (svelte.config.js) completed with what only the environment knows. */
function completePolicy(csp: string): string {
	let policy = csp.replace(/;\s*$/, '');
	// The method icons come from Mollie: without this the pay page showed broken images.
	policy = policy.replace(/(^|;)(\s*img-src\b[^;]*)/, (_, start, directive) =>
		directive.includes(checkoutOrigin())
			? start + directive
			: `${start}${directive} ${checkoutOrigin()}`
	);
	if (!/(^|;)\s*form-action\b/.test(policy)) {
		policy = `${policy}; form-action ${formActionSources().join(' ')}`;
	}
	return policy;
}

// The repository root's `_headers`, bundled at build time: the same headers as static assets.
const COMMON = allPathHeaders(headersFile);

/**
 * Headers every response carries. Pages get Kit's Content-Security-Policy (svelte.config.js)
 * completed with `form-action` and Mollie's method icons; other responses (files, endpoints, errors) a policy that allows
 * nothing, so an uploaded file can never run as a page nor be framed.
 */
export function withSecurityHeaders(response: Response, url: URL): Response {
	let headers: Headers;
	try {
		response.headers.set('x-content-type-options', 'nosniff');
		headers = response.headers;
	} catch {
		// A Response from fetch() has immutable headers: copy it once.
		response = new Response(response.body, response);
		headers = response.headers;
	}
	// X-Frame-Options, nosniff, Referrer-Policy (pay-link tokens are in the path: other sites
	// never see more than the origin) and Permissions-Policy.
	// A route may have chosen stricter (the reset page's Referrer-Policy is same-origin).
	for (const [name, value] of Object.entries(COMMON)) {
		if (!headers.has(name)) headers.set(name, value);
	}
	if (url.protocol === 'https:') {
		headers.set('strict-transport-security', 'max-age=31536000');
	}
	const csp = headers.get('content-security-policy');
	if (csp) {
		headers.set('content-security-policy', completePolicy(csp));
	} else {
		headers.set(
			'content-security-policy',
			"default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
		);
	}
	return response;
}
