import { building } from '$app/environment';
import type { Handle } from '@sveltejs/kit';
import { getDb } from '../db';
import { tokenKeyring } from '../secrets/keyring';
import { inBackground } from './background';
import { processDueMail } from './delivery';

// Workers have no long-running process to retry mail on a timer, so requests drive it: at most
// once a minute per instance, after the response, the messages whose retry time has come are
// sent. The state is in the database, so a restart loses nothing; the pump just resumes.
const EVERY_MS = 60_000;
// The first run waits a minute after start-up too: a server's readiness probe must not open the
// database (the e2e setup replaces the file after the server started). On Workers the clock
// reads 0 outside a request, so there the first request already runs it.
let last = Date.now();

function keysOrNull() {
	try {
		return tokenKeyring();
	} catch {
		return null;
	}
}

export const mailPump: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const now = Date.now();
	// Not while prerendering (no database then).
	if (!building && now - last >= EVERY_MS) {
		last = now;
		inBackground(event.platform)(
			Promise.resolve().then(() => processDueMail(getDb(), keysOrNull(), now))
		);
	}
	return response;
};
