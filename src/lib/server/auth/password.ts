import { scrypt, timingSafeEqual } from 'node:crypto';

// scrypt from node:crypto runs on Node and on workerd (nodejs_compat); argon2 native modules
// don't, and WebCrypto PBKDF2 is capped at 100k iterations on Workers. OWASP's Password Storage
// Cheat Sheet lists N=2^14, r=8, p=5 among its equivalent scrypt settings: 16 MiB of memory
// (p runs one after the other, so it costs time, not memory), within a Worker's 128 MB. Hashes
// made with other settings still verify and are redone at the next successful login.
const N = 16384;
const R = 8;
const P = 5;
const KEYLEN = 32;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		scrypt(
			password.normalize('NFKC'),
			salt,
			KEYLEN,
			{ N: n, r, p, maxmem: 64 * 1024 * 1024 },
			(err, key) => (err ? reject(err) : resolve(key))
		);
	});
}

export async function hashPassword(password: string): Promise<string> {
	const salt = Buffer.from(crypto.getRandomValues(new Uint8Array(16)));
	const key = await derive(password, salt, N, R, P);
	return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when a stored hash was made with other settings than today's (so it is redone). */
export function needsRehash(hash: string): boolean {
	const [alg, n, r, p] = hash.split('$');
	return alg !== 'scrypt' || +n !== N || +r !== R || +p !== P;
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
	const [alg, n, r, p, salt, key] = hash.split('$');
	if (alg !== 'scrypt' || !salt || !key) return false;
	const expected = Buffer.from(key, 'base64');
	const actual = await derive(password, Buffer.from(salt, 'base64'), +n, +r, +p);
	return actual.length === expected.length && timingSafeEqual(actual, expected);
}
