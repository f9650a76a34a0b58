import type { Clock } from './clock.ts';
import { HOUR, MINUTE, iso } from './clock.ts';
import type { Mode, State, WebhookDelivery } from './types.ts';
import { randomId } from './store.ts';

/** Delays before attempts 2…10, as documented by Mollie (~26 h in total). */
export const RETRY_SCHEDULE_MS = [
	MINUTE,
	2 * MINUTE,
	4 * MINUTE,
	8 * MINUTE,
	16 * MINUTE,
	29 * MINUTE,
	HOUR,
	2 * HOUR,
	22 * HOUR
];
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;
export const USER_AGENT = 'Mollie HTTP client/1.0';

/**
 * Classic webhooks: POST `id=…` form-encoded; only a 200 within the timeout counts, anything
 * else is retried on Mollie's schedule, measured on the sandbox clock.
 */
export class WebhookDispatcher {
	private readonly inFlight = new Map<string, AbortController>();
	private readonly waiters = new Set<() => void>();

	constructor(
		private readonly getState: () => State,
		private readonly clock: Clock,
		private readonly timeoutMs: number,
		private readonly onChange: () => void
	) {}

	enqueue(url: string, resourceId: string, reason: string, mode: Mode): WebhookDelivery {
		const now = this.clock.now();
		const d: WebhookDelivery = {
			id: randomId('whd_'),
			url,
			resourceId,
			reason,
			mode,
			createdAt: iso(now) as string,
			state: 'scheduled',
			nextAttemptAt: now,
			attempts: []
		};
		this.getState().webhooks.push(d);
		return d;
	}

	/** Starts every attempt that is due. */
	runDue(): void {
		const state = this.getState();
		const now = this.clock.now();
		for (const d of state.webhooks) {
			if (d.state !== 'scheduled' || d.nextAttemptAt === null || d.nextAttemptAt > now) continue;
			if (state.dropWebhooks > 0) {
				state.dropWebhooks -= 1;
				d.state = 'dropped';
				d.nextAttemptAt = null;
				continue;
			}
			void this.attempt(d);
		}
	}

	nextDue(): number | null {
		let next: number | null = null;
		for (const d of this.getState().webhooks) {
			if (d.state === 'scheduled' && d.nextAttemptAt !== null) {
				if (next === null || d.nextAttemptAt < next) next = d.nextAttemptAt;
			}
		}
		return next;
	}

	get busy(): boolean {
		return this.inFlight.size > 0;
	}

	/** Resolves when nothing is in flight (used by close()). */
	idle(): Promise<void> {
		if (this.inFlight.size === 0) return Promise.resolve();
		return new Promise((resolve) => this.waiters.add(resolve));
	}

	abortAll(): void {
		for (const c of this.inFlight.values()) c.abort();
	}

	private async attempt(d: WebhookDelivery): Promise<void> {
		const scheduledAt = d.nextAttemptAt ?? this.clock.now();
		d.state = 'in-flight';
		const controller = new AbortController();
		this.inFlight.set(d.id, controller);
		const timer = setTimeout(() => controller.abort(), this.timeoutMs);
		const startedReal = Date.now();
		const startedAt = this.clock.now();
		let responseStatus: number | null = null;
		let error: string | null = null;
		try {
			// 307/308 are followed with the same POST (a few hops); 301/302/303 count as failures
			// (a browser-style redirect would turn the POST into a GET without the body).
			let target = d.url;
			let res: Response;
			for (let hop = 0; ; hop++) {
				res = await fetch(target, {
					method: 'POST',
					headers: {
						'Content-Type': 'application/x-www-form-urlencoded',
						'User-Agent': USER_AGENT,
						Accept: '*/*'
					},
					body: new URLSearchParams({ id: d.resourceId }).toString(),
					redirect: 'manual',
					signal: controller.signal
				});
				const location = res.headers.get('location');
				if ((res.status !== 307 && res.status !== 308) || !location || hop >= 4) break;
				await res.arrayBuffer().catch(() => undefined);
				target = new URL(location, target).href;
			}
			responseStatus = res.status;
			await res.arrayBuffer().catch(() => undefined);
		} catch (e) {
			error = controller.signal.aborted
				? `No response within ${this.timeoutMs} ms`
				: e instanceof Error
					? `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ''}`
					: String(e);
		} finally {
			clearTimeout(timer);
			this.inFlight.delete(d.id);
		}
		const ok = responseStatus === 200;
		d.attempts.push({
			attempt: d.attempts.length + 1,
			scheduledAt: iso(scheduledAt) as string,
			startedAt: iso(startedAt) as string,
			responseStatus,
			error,
			durationMs: Date.now() - startedReal,
			ok
		});
		if (ok) {
			d.state = 'delivered';
			d.nextAttemptAt = null;
		} else if (d.attempts.length >= MAX_ATTEMPTS) {
			d.state = 'failed';
			d.nextAttemptAt = null;
		} else {
			d.state = 'scheduled';
			d.nextAttemptAt = scheduledAt + RETRY_SCHEDULE_MS[d.attempts.length - 1];
		}
		if (this.inFlight.size === 0) {
			for (const w of this.waiters) w();
			this.waiters.clear();
		}
		this.onChange();
	}
}
