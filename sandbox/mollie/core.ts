import { Clock } from './clock.ts';
import { Store, randomId } from './store.ts';
import { WebhookDispatcher } from './webhooks.ts';
import { expireDue, nextExpiry } from './payments.ts';
import { advanceRefunds, nextRefundStep } from './refunds.ts';
import type { AppConfig, Payment } from './types.ts';

export interface SandboxCoreOptions {
	clockSpeed?: number;
	persistFile?: string;
	apps: AppConfig[];
	/** Real-time limit for a webhook answer (Mollie: 15 s). */
	webhookTimeoutMs?: number;
	/**
	 * Behave like Mollie where the sandbox is lenient by default: webhook URLs Mollie could not
	 * reach are refused, and an app's redirect URI must be exactly the registered one.
	 */
	strict?: boolean;
	/** Hosts strict mode accepts in webhook URLs anyway (the test harness's own loopback). */
	webhookAllow?: string[];
}

/** The sandbox's state machine: store, clock, scheduler and webhook queue, without HTTP. */
export class Sandbox {
	baseUrl = '';
	readonly strict: boolean;
	readonly webhookAllow: string[];
	readonly clock: Clock;
	readonly store: Store;
	readonly webhooks: WebhookDispatcher;
	private timer: NodeJS.Timeout | null = null;
	private closed = false;
	private ticking = false;

	constructor(opts: SandboxCoreOptions) {
		this.strict = Boolean(opts.strict);
		this.webhookAllow = (opts.webhookAllow ?? []).map((h) => h.toLowerCase());
		this.clock = new Clock(opts.clockSpeed ?? 1);
		this.store = new Store(opts.apps, this.clock.now(), opts.persistFile);
		if (opts.persistFile && this.store.state.clockNow > this.clock.now()) {
			this.clock.set(this.store.state.clockNow);
		}
		this.webhooks = new WebhookDispatcher(
			() => this.store.state,
			this.clock,
			opts.webhookTimeoutMs ?? 15_000,
			() => this.tick()
		);
		this.clock.onChange(() => this.tick());
	}

	now(): number {
		return this.clock.now();
	}

	newId(prefix: string): string {
		return randomId(prefix);
	}

	/** Queues the classic webhook (`id=tr_…`) for a payment if it has a webhookUrl. */
	notify(payment: Payment, reason: string): void {
		if (!payment.webhookUrl) return;
		this.webhooks.enqueue(payment.webhookUrl, payment.id, reason, payment.mode);
	}

	/** Runs everything that is due on the sandbox clock, persists, and arms the next timer. */
	tick(): void {
		if (this.closed || this.ticking) return;
		this.ticking = true;
		try {
			expireDue(this);
			advanceRefunds(this);
			this.webhooks.runDue();
			this.store.save(this.now());
		} finally {
			this.ticking = false;
		}
		this.schedule();
	}

	private schedule(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		if (this.closed) return;
		const candidates = [nextExpiry(this), nextRefundStep(this), this.webhooks.nextDue()].filter(
			(x): x is number => x !== null
		);
		if (candidates.length === 0) return;
		const delay = this.clock.realDelayUntil(Math.min(...candidates));
		if (delay === null) return;
		this.timer = setTimeout(() => this.tick(), Math.min(delay, 2 ** 31 - 1));
		this.timer.unref();
	}

	async close(): Promise<void> {
		this.closed = true;
		if (this.timer) clearTimeout(this.timer);
		this.webhooks.abortAll();
		await this.webhooks.idle();
		this.store.save(this.now());
	}
}
