import { scrypt, timingSafeEqual } from 'node:crypto';

// scrypt from node:crypto runs on Node and on workerd (nodejs_compat); argon2 native modules
// don't, and WebCrypto PBKDF2 is capped at 100k iterations on Workers. N=2^14, r=8 keeps a hash
// at ~16 MiB and a few tens of ms, within a Worker's CPU budget.
const N = 16384;
const R = 8;
const P = 1;
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

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
	const [alg, n, r, p, salt, key] = hash.split('$');
	if (alg !== 'scrypt' || !salt || !key) return false;
	const expected = Buffer.from(key, 'base64');
	const actual = await derive(password, Buffer.from(salt, 'base64'), +n, +r, +p);
	return actual.length === expected.length && timingSafeEqual(actual, expected);
}
