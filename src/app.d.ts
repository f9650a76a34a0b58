import type { SessionValidation } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** A pay link that opens nothing: the language to answer in (the customer's). */
			lang?: 'fr' | 'nl' | 'en';
			/** …and, for a link the owner replaced, whom the customer can ask. */
			contact?: { name: string; email: string; phone: string };
		}
		interface Locals {
			user: SessionValidation['user'] | null;
			company: SessionValidation['company'] | null;
			session: SessionValidation['session'] | null;
			/** A page rendered in another language than the visitor's (the customer's pay page). */
			lang?: string;
			/** The company's money stamp, read early on signed-in GETs (see hooks.server.ts). */
			changes?: Promise<string>;
			/** A customer may be paying (a Mollie checkout open or pending): poll fast. */
			awaitingPayment?: boolean;
		}
		interface Platform {
			env?: Record<string, string | undefined>;
			/** Workers: keeps the isolate alive for work after the response (mail delivery). */
			context?: { waitUntil(promise: Promise<unknown>): void };
		}
	}
}

export {};
