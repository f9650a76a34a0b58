import type { SessionValidation } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Locals {
			user: SessionValidation['user'] | null;
			company: SessionValidation['company'] | null;
			session: SessionValidation['session'] | null;
		}
		interface Platform {
			env?: Record<string, string | undefined>;
		}
	}
}

export {};
