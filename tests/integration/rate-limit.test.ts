import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql/web';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, createAccount } from '$lib/server/auth/accounts';
import {
	clientIp,
	hit,
	limitedLogin,
	LOGIN_FIRST_DELAY_MS,
	LOGIN_FREE_FAILURES,
	LOGIN_MAX_DELAY_MS,
	loginDelayMs,
	signupIpLimit,
	LOGIN_IP_LIMIT,
	loginKeys,
	retryMinutes
} from '$lib/server/auth/rateLimit';
import * as schema from '$lib/server/db/schema';
import { rateLimits } from '$lib/server/db/schema';
import type { Db } from '$lib/server/db';
import { createTestDb } from '../helpers/db';

let db: Db;
let url: string;
let close: () => void;
beforeAll(async () => {
	const created = await createTestDb();
	db = created.db as Db;
	url = created.url;
	close = () => created.client.close();
});
afterAll(() => close());

const count = async (key: string) =>
	(await db.select().from(rateLimits).where(eq(rateLimits.key, key)))[0]?.count ?? 0;

const MIN = 60_000;

describe('fixed-window counter', () => {
	it('counts up to the limit, refuses beyond it and restarts when the window ends', async () => {
		const limit = { limit: 3, windowMs: 15 * MIN };
		const t0 = 1_800_000_000_000;
		const hits = [];
		for (let i = 0; i < 4; i++) hits.push(await hit(db, 'test:window', limit, t0 + i * MIN));
		expect(hits.map((h) => [h.count, h.allowed])).toEqual([
			[1, true],
			[2, true],
			[3, true],
			[4, false]
		]);
		// The window started at t0: at t0 + 3 min, 12 minutes remain.
		expect(hits[3].retryAfterMs).toBe(12 * MIN);
		expect(retryMinutes(hits[3].retryAfterMs)).toBe(12);
		// Later hits inside the window do not move its start.
		expect((await hit(db, 'test:window', limit, t0 + 14 * MIN)).retryAfterMs).toBe(1 * MIN);
		const fresh = await hit(db, 'test:window', limit, t0 + 15 * MIN);
		expect(fresh).toEqual({ count: 1, allowed: true, retryAfterMs: 15 * MIN });
	});

	it('counts 20 concurrent hits exactly, from one connection and from several', async () => {
		const limit = { limit: 5, windowMs: 15 * MIN };
		const results = await Promise.all(
			Array.from({ length: 20 }, () => hit(db, 'test:burst', limit))
		);
		expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(
			Array.from({ length: 20 }, (_, i) => i + 1)
		);
		expect(results.filter((r) => r.allowed)).toHaveLength(5);
		expect(await count('test:burst')).toBe(20);

		// Separate connections to the same database, as separate requests would have.
		const clients = Array.from({ length: 4 }, () => createClient({ url }));
		try {
			const dbs = clients.map((c) => drizzle(c, { schema }) as unknown as Db);
			const spread = await Promise.all(
				Array.from({ length: 20 }, (_, i) => hit(dbs[i % dbs.length], 'test:multi', limit))
			);
			expect(spread.map((r) => r.count).sort((a, b) => a - b)).toEqual(
				Array.from({ length: 20 }, (_, i) => i + 1)
			);
			expect(await count('test:multi')).toBe(20);
		} finally {
			for (const c of clients) c.close();
		}
	});
});

describe('login limits', () => {
	const password = 'correct horse battery';
	let email: string;
	beforeAll(async () => {
		email = 'limited@example.test';
		const account = await createAccount(db, {
			email,
			password,
			name: 'L',
			companyName: 'L SRL',
			locale: 'en'
		});
		expect(account.ok).toBe(true);
	});

	it('lets 5 of 20 concurrent wrong guesses from one client reach the password check', async () => {
		const ip = '192.0.2.10';
		let checks = 0;
		const verify = async () => {
			checks++;
			return authenticate(db, email, 'wrong password!');
		};
		const outcomes = await Promise.all(
			Array.from({ length: 20 }, () => limitedLogin(db, { email, ip }, verify))
		);
		expect(checks).toBe(LOGIN_FREE_FAILURES);
		expect(outcomes.filter((o) => o.status === 'failed')).toHaveLength(5);
		expect(outcomes.filter((o) => o.status === 'limited')).toHaveLength(15);
		expect(await count(loginKeys(email, ip).pair)).toBe(5);
		// Refused attempts don't use up the IP's allowance.
		expect(await count(loginKeys(email, ip).ip!)).toBe(5);

		// Even the right password is not checked while this client waits.
		let checked = false;
		const limited = await limitedLogin(db, { email, ip }, async () => {
			checked = true;
			return authenticate(db, email, password);
		});
		expect(checked).toBe(false);
		expect(limited).toMatchObject({ status: 'limited' });
		if (limited.status === 'limited') {
			expect(limited.retryAfterMs).toBeGreaterThan(25_000);
			expect(limited.retryAfterMs).toBeLessThanOrEqual(30_000);
		}

		// The owner, from another address, is not locked out by any of it.
		const owner = await limitedLogin(db, { email, ip: '198.51.100.20' }, () =>
			authenticate(db, email, password)
		);
		expect(owner.status).toBe('ok');

		// Once the wait is over, the right password works and clears this client's counter.
		const later = Date.now() + LOGIN_FIRST_DELAY_MS + 1;
		const ok = await limitedLogin(
			db,
			{ email, ip },
			() => authenticate(db, email, password),
			later
		);
		expect(ok.status).toBe('ok');
		expect(await count(loginKeys(email, ip).pair)).toBe(0);
	}, 30_000);

	it('makes each further failure wait longer, up to 15 minutes, never a lock', async () => {
		const who = { email: 'growing@example.test', ip: '192.0.2.55' };
		let now = Date.now();
		const seen: (string | number)[] = [];
		for (let i = 0; i < 17; i++) {
			const outcome = await limitedLogin(db, who, async () => null, now);
			// Come back exactly when allowed.
			if (outcome.status === 'limited') {
				seen.push(Math.round(outcome.retryAfterMs / 1000));
				now += outcome.retryAfterMs;
			} else {
				seen.push(outcome.status);
				now += 1;
			}
		}
		const f = 'failed';
		expect(seen).toEqual([f, f, f, f, f, 30, f, 60, f, 120, f, 240, f, 480, f, 900, f]);
		expect(loginDelayMs(40)).toBe(LOGIN_MAX_DELAY_MS);
	}, 30_000);

	it('limits an IP across accounts, but only its failures count', async () => {
		const ip = '203.0.113.7';
		const ipKey = loginKeys('', ip).ip!;
		// Successful logins from a shared office address give their slot back.
		for (let i = 0; i < 3; i++) {
			const ok = await limitedLogin(db, { email, ip }, () => authenticate(db, email, password));
			expect(ok.status).toBe('ok');
		}
		expect(await count(ipKey)).toBe(0);
		for (let i = 0; i < LOGIN_IP_LIMIT.limit; i++) {
			const other = `nobody-${i}@example.test`;
			// A wrong password (unknown account); the check itself is covered above.
			const outcome = await limitedLogin(db, { email: other, ip }, async () => null);
			expect(outcome.status).toBe('failed');
		}
		const blocked = await limitedLogin(db, { email, ip }, () => authenticate(db, email, password));
		expect(blocked.status).toBe('limited');
		// Another address is unaffected.
		const elsewhere = await limitedLogin(db, { email, ip: '198.51.100.1' }, () =>
			authenticate(db, email, password)
		);
		expect(elsewhere.status).toBe('ok');
	}, 30_000);
});

describe('client address', () => {
	it('survives a platform that cannot tell and groups IPv6 by /64', () => {
		expect(
			clientIp(() => {
				throw new Error('Could not determine clientAddress');
			})
		).toBeNull();
		expect(clientIp(() => '')).toBeNull();
		expect(clientIp(() => '192.0.2.10')).toBe('192.0.2.10');
		expect(clientIp(() => '::ffff:192.0.2.10')).toBe('192.0.2.10');
		expect(clientIp(() => '2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
		expect(clientIp(() => '2001:0db8:0001:0002::9')).toBe('2001:db8:1:2::/64');
		expect(clientIp(() => '2001:db8::1')).toBe('2001:db8:0:0::/64');
		expect(clientIp(() => '::1')).toBe('0:0:0:0::/64');
	});
});

describe('sign-up limit', () => {
	it('allows 10 sign-ups an hour from one address by default, and what is configured', async () => {
		const limit = signupIpLimit(undefined);
		expect(limit).toEqual({ limit: 10, windowMs: 60 * 60_000 });
		expect(signupIpLimit('500').limit).toBe(500);
		expect(signupIpLimit('nonsense').limit).toBe(10);
		const outcomes = [];
		for (let i = 0; i < 11; i++)
			outcomes.push((await hit(db, 'signup:ip:192.0.2.99', limit)).allowed);
		expect(outcomes).toEqual([...Array(10).fill(true), false]);
	});
});
