// A Worker that runs the app's own password hashing, for `npm run bench` (scripts/bench/password.ts):
// `/hash` hashes once, anything else answers at once (the baseline subtracted from it).
import { hashPassword } from '../../src/lib/server/auth/password';

export default {
	async fetch(request: Request): Promise<Response> {
		if (new URL(request.url).pathname === '/hash') await hashPassword('correct horse battery');
		return new Response('ok');
	}
};
