import { eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { rateLimits } from '../db/schema';

export type Limit = { limit: number; windowMs: number };

const MINUTE = 60_000;

/**
 * Login failures are counted per account *and* client (address): after 5 free ones, each
 * further attempt from that client waits 30 s, then 1, 2, 4, 8 minutes, at most 15. An attacker
 * therefore slows only their own attempts; the owner, from another address, logs in at once.
 * Spraying many accounts from one address is caught by the per-IP limit (20 failures in 15
 * minutes).
 */
export const LOGIN_FREE_FAILURES = 5;
export const LOGIN_FIRST_DELAY_MS = 30_000;
export const LOGIN_MAX_DELAY_MS = 15 * MINUTE;
export const LOGIN_IP_LIMIT: Limit = { limit: 20, windowMs: 15 * MINUTE };
/** A client's failures on an account are forgotten after a quiet day. */
const LOGIN_FORGET_MS = 24 * 60 * MINUTE;

/** How long after its last failure a client must wait before trying an account again. */
export function loginDelayMs(failures: number): number {
	if (failures < LOGIN_FREE_FAILURES) return 0;
	return Math.min(LOGIN_MAX_DELAY_MS, LOGIN_FIRST_DELAY_MS * 2 ** (failures - LOGIN_FREE_FAILURES));
}
/** Reset mails: enough for a typo or a lost mail, not enough to flood an outbox. */
export const RESET_EMAIL_LIMIT: Limit = { limit: 3, windowMs: 15 * MINUTE };
export const RESET_IP_LIMIT: Limit = { limit: 10, windowMs: 15 * MINUTE };

/**
 * Sign-ups per address per hour (default 10), configurable because a whole office or school
 * behind one NAT may sign up together, and every e2e sign-up comes from 127.0.0.1.
 */
export function signupIpLimit(configured: string | undefined): Limit {
	const n = Number(configured);
	return { limit: Number.isInteger(n) && n > 0 ? n : 10, windowMs: 60 * MINUTE };
}

export type Hit = { count: number; allowed: boolean; retryAfterMs: number };

/**
 * Counts one event against `key` and says whether it is still within the limit.
 * One atomic upsert: concurrent hits never lose an increment, and a window that has run out
 * restarts at 1 in the same statement (SQLite evaluates every SET against the old row).
 */
export async function hit(db: Db, key: string, { limit, windowMs }: Limit, now = Date.now()) {
	const expired = now - windowMs;
	const [row] = await db
		.insert(rateLimits)
		.values({ key, windowStart: new Date(now), count: 1 })
		.onConflictDoUpdate({
			target: rateLimits.key,
			set: {
				count: sql`CASE WHEN ${rateLimits.windowStart} <= ${expired} THEN 1 ELSE ${rateLimits.count} + 1 END`,
				windowStart: sql`CASE WHEN ${rateLimits.windowStart} <= ${expired} THEN ${now} ELSE ${rateLimits.windowStart} END`
			}
		})
		.returning({ count: rateLimits.count, windowStart: rateLimits.windowStart });
	// Rows of long-gone windows are useless; sweep them now and then instead of on every hit.
	if (Math.random() < 0.02) await pruneRateLimits(db, now);
	return {
		count: row.count,
		allowed: row.count <= limit,
		retryAfterMs: Math.max(0, row.windowStart.getTime() + windowMs - now)
	} satisfies Hit;
}

/** Gives back one hit (a reserved attempt that turned out fine), never below zero. */
export async function refund(db: Db, key: string) {
	await db
		.update(rateLimits)
		.set({ count: sql`MAX(${rateLimits.count} - 1, 0)` })
		.where(eq(rateLimits.key, key));
}

export async function resetLimit(db: Db, key: string) {
	await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

export async function pruneRateLimits(db: Db, now = Date.now()) {
	await db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(now - 24 * 60 * MINUTE)));
}

/**
 * The caller's address, or null when the platform cannot tell (getClientAddress throws then).
 * IPv6 clients usually own a whole /64, so they are counted per /64 rather than per address.
 */
export function clientIp(getClientAddress: () => string): string | null {
	let address: string;
	try {
		address = getClientAddress();
	} catch {
		return null;
	}
	if (!address) return null;
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	if (mapped) return mapped[1];
	if (!address.includes(':')) return address;
	const [head, tail = ''] = address.toLowerCase().split('%')[0].split('::');
	const left = head ? head.split(':') : [];
	const right = address.includes('::') && tail ? tail.split(':') : [];
	const groups = address.includes('::')
		? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
		: left;
	return `${groups
		.slice(0, 4)
		.map((g) => g.replace(/^0+(?=.)/, ''))
		.join(':')}::/64`;
}

export const loginKeys = (email: string, ip: string | null) => ({
	pair: `login:pair:${ip ?? 'unknown'}:${email}`,
	ip: ip ? `login:ip:${ip}` : null
});

/**
 * Reserves one attempt for this account and client, in one statement: the counter goes up (and
 * the time of the attempt is noted) only when the client's wait is over, so a burst of parallel
 * guesses cannot slip past it. Returns null when the attempt is allowed, else the wait left.
 */
async function reserveAttempt(db: Db, key: string, now: number): Promise<number | null> {
	const { windowStart: last, count } = rateLimits;
	const forgotten = sql`${last} <= ${now - LOGIN_FORGET_MS}`;
	// SQLite has no pow(); a shift does 2^n (n capped far above where the delay stops growing).
	const wait = sql`min(${LOGIN_MAX_DELAY_MS}, ${LOGIN_FIRST_DELAY_MS} * (1 << min(${count} - ${LOGIN_FREE_FAILURES}, 20)))`;
	const reserved = await db
		.insert(rateLimits)
		.values({ key, windowStart: new Date(now), count: 1 })
		.onConflictDoUpdate({
			target: rateLimits.key,
			set: {
				count: sql`CASE WHEN ${forgotten} THEN 1 ELSE ${count} + 1 END`,
				windowStart: new Date(now)
			},
			setWhere: sql`${forgotten} OR ${count} < ${LOGIN_FREE_FAILURES} OR ${last} + ${wait} <= ${now}`
		})
		.returning({ count });
	if (reserved.length > 0) return null;
	const [row] = await db
		.select({ last: rateLimits.windowStart, count: rateLimits.count })
		.from(rateLimits)
		.where(eq(rateLimits.key, key));
	if (!row) return null;
	return Math.max(1000, row.last.getTime() + loginDelayMs(row.count) - now);
}

export type LoginOutcome<U> =
	{ status: 'ok'; user: U } | { status: 'failed' } | { status: 'limited'; retryAfterMs: number };

/**
 * Runs a password check behind both login limits: the account-and-client delay and the per-IP
 * limit. Each attempt is reserved *before* the password is checked; a refused one checks
 * nothing. A success clears the client's counter for the account and hands back its IP slot,
 * so only failures count against a shared office address.
 */
export async function limitedLogin<U>(
	db: Db,
	input: { email: string; ip: string | null },
	verify: () => Promise<U | null>,
	now = Date.now()
): Promise<LoginOutcome<U>> {
	return limitedPasswordCheck(db, loginKeys(input.email, input.ip), verify, now);
}

/**
 * Keys for "current password" checks of a signed-in user (Settings → Security): a stolen or
 * forgotten-open session must not become a way to guess the password at full speed. Counted
 * apart from login, per account and client, with the same growing delays.
 */
export const passwordChangeKeys = (userId: string, ip: string | null) => ({
	pair: `chpw:pair:${ip ?? 'unknown'}:${userId}`,
	ip: ip ? `chpw:ip:${ip}` : null
});

/** The login limits (see limitedLogin) for any password check, under the given keys. */
export async function limitedPasswordCheck<U>(
	db: Db,
	keys: { pair: string; ip: string | null },
	verify: () => Promise<U | null>,
	now = Date.now()
): Promise<LoginOutcome<U>> {
	const ipHit = keys.ip ? await hit(db, keys.ip, LOGIN_IP_LIMIT, now) : null;
	if (ipHit && !ipHit.allowed) return { status: 'limited', retryAfterMs: ipHit.retryAfterMs };
	const wait = await reserveAttempt(db, keys.pair, now);
	if (wait !== null) {
		// Refused by the account's delay: this attempt must not also use up the IP's allowance.
		if (keys.ip) await refund(db, keys.ip);
		return { status: 'limited', retryAfterMs: wait };
	}
	const user = await verify();
	if (!user) return { status: 'failed' };
	await Promise.all([resetLimit(db, keys.pair), keys.ip ? refund(db, keys.ip) : null]);
	return { status: 'ok', user };
}

/** Whole minutes to wait, at least one (what the user is told). */
export const retryMinutes = (ms: number) => Math.max(1, Math.ceil(ms / MINUTE));
