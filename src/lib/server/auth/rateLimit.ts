import { eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { rateLimits } from '../db/schema';

export type Limit = { limit: number; windowMs: number };

const MINUTE = 60_000;

/** Login: 5 failures per account and 20 per IP in a fixed 15-minute window. */
export const LOGIN_EMAIL_LIMIT: Limit = { limit: 5, windowMs: 15 * MINUTE };
export const LOGIN_IP_LIMIT: Limit = { limit: 20, windowMs: 15 * MINUTE };
/** Reset mails: enough for a typo or a lost mail, not enough to flood an outbox. */
export const RESET_EMAIL_LIMIT: Limit = { limit: 3, windowMs: 15 * MINUTE };
export const RESET_IP_LIMIT: Limit = { limit: 10, windowMs: 15 * MINUTE };

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
	email: `login:email:${email}`,
	ip: ip ? `login:ip:${ip}` : null
});

export type LoginOutcome<U> =
	{ status: 'ok'; user: U } | { status: 'failed' } | { status: 'limited'; retryAfterMs: number };

/**
 * Runs a password check behind both login limits. Each attempt reserves its slot *before* the
 * password is checked, so a burst of parallel guesses cannot slip past the counter; once over
 * the limit the password is not checked at all. A success clears the account's counter and
 * hands back its IP slot, so only failures count against a shared office address.
 */
export async function limitedLogin<U>(
	db: Db,
	input: { email: string; ip: string | null },
	verify: () => Promise<U | null>,
	now = Date.now()
): Promise<LoginOutcome<U>> {
	const keys = loginKeys(input.email, input.ip);
	const hits = await Promise.all([
		hit(db, keys.email, LOGIN_EMAIL_LIMIT, now),
		keys.ip ? hit(db, keys.ip, LOGIN_IP_LIMIT, now) : null
	]);
	const blocked = hits.filter((h): h is Hit => h !== null && !h.allowed);
	if (blocked.length > 0) {
		// A refused attempt counts only against the limit that refused it: hammering one locked
		// account must not also use up the IP's allowance (nor the reverse).
		await Promise.all([
			hits[0].allowed ? refund(db, keys.email) : null,
			keys.ip && hits[1]?.allowed ? refund(db, keys.ip) : null
		]);
		return { status: 'limited', retryAfterMs: Math.max(...blocked.map((h) => h.retryAfterMs)) };
	}
	const user = await verify();
	if (!user) return { status: 'failed' };
	await Promise.all([resetLimit(db, keys.email), keys.ip ? refund(db, keys.ip) : null]);
	return { status: 'ok', user };
}

/** Whole minutes to wait, at least one (what the user is told). */
export const retryMinutes = (ms: number) => Math.max(1, Math.ceil(ms / MINUTE));
