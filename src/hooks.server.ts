import { paraglideMiddleware } from '$lib/paraglide/server';
import { getDb } from '$lib/server/db';
import {
	deleteSessionCookie,
	SESSION_COOKIE,
	setSessionCookie,
	validateSessionToken
} from '$lib/server/auth/session';
import { redirect, type Handle, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { mollieConfig, mollieEnabled } from '$lib/server/mollie/config';
import { isForbiddenCrossSite } from '$lib/server/csrf';
import { awaitingPayment, stampOf } from '$lib/server/changes';
import { keepTyped } from '$lib/server/keepTyped';
import { withSecurityHeaders } from '$lib/server/security/headers';
import { limitBody, maxBodyBytes } from '$lib/server/security/bodyLimit';
import { formatBytes } from '$lib/server/files';
import { m } from '$lib/paraglide/messages';
import { serverEnv } from '$lib/server/config';
import { assertProductionConfig } from '$lib/server/config/production';
import { getLocale } from '$lib/paraglide/runtime';
import { mailPump } from '$lib/server/mail/pump';

const deploymentEnv = serverEnv;

// Workers populate env only per request, so the production check (also run at init on Node)
// runs on the first request there; a misconfigured deployment answers nothing but a 500.
let configChecked = false;
const productionConfig: Handle = ({ event, resolve }) => {
	if (!configChecked) {
		assertProductionConfig(deploymentEnv());
		configChecked = true;
	}
	return resolve(event);
};

// Outermost, so every answer carries them: pages, endpoints, redirects, 403s and 413s.
const securityHeaders: Handle = async ({ event, resolve }) =>
	withSecurityHeaders(await resolve(event), event.url);

// Replaces Kit's CSRF check (turned off in svelte.config.js) so the Mollie webhook can get in.
const csrf: Handle = ({ event, resolve }) => {
	if (isForbiddenCrossSite(event.request, event.url)) {
		return new Response(`Cross-site ${event.request.method} form submissions are forbidden`, {
			status: 403,
			headers: { 'content-type': 'text/plain' }
		});
	}
	return resolve(event);
};

// Paraglide decides the locale from headers only (cookie, Accept-Language; no URL strategy, so it
// never rewrites the URL), yet clones the request it is given, body and all: every POST's body
// would be teed. It gets a body-less copy; the route keeps the original request.
const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(new Request(event.url, { headers: event.request.headers }), ({ locale }) =>
		resolve(event, {
			transformPageChunk: ({ html }) =>
				keepTyped(html.replace('%paraglide.lang%', event.locals.lang ?? locale))
		})
	);

// Bodies are capped before anything reads them (the webhook at a few KB, forms at 256 KB,
// uploads at 16 MB): a declared length over the cap is refused unread, a chunked body as soon
// as it passes it. Inside i18n so the answer is in the visitor's language.
const bodyLimit: Handle = async ({ event, resolve }) => {
	const max = maxBodyBytes(event.route.id, event.url.pathname);
	const limited = await limitBody(event.request, max);
	if (limited === 'too_large') {
		return new Response(m.sec_body_too_large({ max: formatBytes(max, getLocale()) }), {
			status: 413,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	}
	event.request = limited.request;
	return resolve(event);
};

const auth: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	event.locals.user = null;
	event.locals.company = null;
	event.locals.session = null;
	let sessionStamp: string | null = null;
	if (token) {
		const result = await validateSessionToken(getDb(), token);
		if (result) {
			setSessionCookie(
				event.cookies,
				token,
				result.session.expiresAt,
				event.url.protocol === 'https:'
			);
			event.locals.user = result.user;
			event.locals.company = result.company;
			event.locals.session = result.session;
			sessionStamp = stampOf(result.changeCount);
			event.locals.awaitingPayment = awaitingPayment(result.awaitingUntil);
		} else {
			deleteSessionCookie(event.cookies);
		}
	}
	// Every page of the signed-in app (pages, actions and their data) needs a session.
	if (event.route.id?.startsWith('/(app)') && !event.locals.user) {
		const next = event.url.pathname + event.url.search;
		redirect(303, `/login?next=${encodeURIComponent(next)}`);
	}
	// The money stamp LiveRefresh starts from, read with the session (before the page's own loads
	// run): a payment landing in between then shows up as one more reload, never as a change the
	// page missed.
	if (sessionStamp !== null) event.locals.changes = Promise.resolve(sessionStamp);
	const response = await resolve(event);
	// Pages are personal or change often: never stored by a shared cache or the service worker.
	// Other responses (e.g. uploaded logos) keep the caching they chose.
	const isHtml = response.headers.get('content-type')?.startsWith('text/html');
	if (isHtml || (event.locals.user && !response.headers.has('cache-control'))) {
		response.headers.set('cache-control', 'private, no-store');
	}
	return response;
};

export const handle = sequence(
	productionConfig,
	securityHeaders,
	csrf,
	i18n,
	bodyLimit,
	auth,
	mailPump
);

// Fail fast at boot when Mollie is switched on (MOLLIE_CLIENT_ID set) but its secret or the token
// encryption key is missing. On Workers env isn't populated yet at init, so there the same check
// runs on the first request that uses Mollie (mollieConfig() asserts every time it is read).
export const init: ServerInit = () => {
	// Refuses to start a production deployment on development fallbacks (names the variable).
	assertProductionConfig(deploymentEnv());
	if (mollieEnabled()) mollieConfig();
};
