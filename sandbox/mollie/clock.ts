/**
 * A scalable clock. Sandbox time runs `speed` times as fast as real time (0 freezes it)
 * and can be moved forward with `advance(ms)`. Every timestamp in the sandbox comes from here.
 */
export class Clock {
	private anchorReal: number;
	private anchorSandbox: number;
	private currentSpeed: number;
	private readonly listeners = new Set<() => void>();

	constructor(speed = 1, start: number = Date.now()) {
		this.currentSpeed = speed;
		this.anchorReal = Date.now();
		this.anchorSandbox = start;
	}

	get speed(): number {
		return this.currentSpeed;
	}

	now(): number {
		return Math.floor(this.anchorSandbox + (Date.now() - this.anchorReal) * this.currentSpeed);
	}

	date(): Date {
		return new Date(this.now());
	}

	/** Moves sandbox time forward by `ms` and runs everything that became due. */
	advance(ms: number): number {
		if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance() needs a non-negative ms');
		this.rebase();
		this.anchorSandbox += ms;
		this.emit();
		return this.now();
	}

	setSpeed(speed: number): void {
		if (!Number.isFinite(speed) || speed < 0) throw new RangeError('speed must be >= 0');
		this.rebase();
		this.currentSpeed = speed;
		this.emit();
	}

	/** Sets sandbox "now" (used when restoring persisted state). */
	set(ms: number): void {
		this.anchorReal = Date.now();
		this.anchorSandbox = ms;
		this.emit();
	}

	/** Real milliseconds until sandbox time `at`, or null when the clock is frozen. */
	realDelayUntil(at: number): number | null {
		const sandboxDelay = Math.max(0, at - this.now());
		if (sandboxDelay === 0) return 0;
		if (this.currentSpeed === 0) return null;
		return Math.ceil(sandboxDelay / this.currentSpeed);
	}

	onChange(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private rebase(): void {
		const now = this.now();
		this.anchorReal = Date.now();
		this.anchorSandbox = now;
	}

	private emit(): void {
		for (const l of this.listeners) l();
	}
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Mollie's timestamp format: ISO 8601 with an explicit offset, no milliseconds. */
export function iso(ms: number | null | undefined): string | null {
	if (ms === null || ms === undefined) return null;
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
