import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { AppConfig, State } from './types.ts';
import { seedApiKeys, seedOrganizations, seedProfiles, seedTerminals } from './seed.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomId(prefix: string, length = 10): string {
	const bytes = randomBytes(length);
	let out = '';
	for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
	return `${prefix}${out}`;
}

export function freshState(apps: AppConfig[], now: number): State {
	return {
		version: 1,
		seq: 0,
		apps,
		organizations: seedOrganizations(),
		profiles: seedProfiles(),
		apiKeys: seedApiKeys(),
		authCodes: {},
		grants: {},
		accessTokens: {},
		payments: {},
		refunds: {},
		chargebacks: {},
		terminals: seedTerminals(),
		webhooks: [],
		idempotency: {},
		failRules: [],
		dropWebhooks: 0,
		activatedMethods: {},
		queueRefunds: 0,
		clockNow: now
	};
}

/** In-memory state with optional JSON-file persistence (written after each change). */
export class Store {
	state: State;

	constructor(
		private readonly apps: AppConfig[],
		now: number,
		private readonly file?: string
	) {
		this.state = freshState(apps, now);
		if (file && existsSync(file)) {
			const loaded = JSON.parse(readFileSync(file, 'utf8')) as State;
			if (loaded.version === 1) {
				// Apps always come from configuration, never from the file.
				this.state = { ...freshState(apps, now), ...loaded, apps, failRules: [] };
			}
		}
	}

	nextSeq(): number {
		this.state.seq += 1;
		return this.state.seq;
	}

	reset(now: number): void {
		this.state = freshState(this.apps, now);
		this.save(now);
	}

	save(now: number): void {
		if (!this.file) return;
		this.state.clockNow = now;
		const tmp = `${this.file}.tmp`;
		writeFileSync(tmp, JSON.stringify(this.state));
		renameSync(tmp, this.file);
	}

	get persisted(): boolean {
		return Boolean(this.file);
	}
}
