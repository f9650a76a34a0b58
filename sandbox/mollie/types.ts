import type { Money } from './money.ts';

export type Mode = 'test' | 'live';
export type PaymentStatus =
	'open' | 'pending' | 'authorized' | 'paid' | 'canceled' | 'expired' | 'failed';
export type RefundStatus = 'queued' | 'pending' | 'processing' | 'refunded' | 'failed' | 'canceled';

export interface AppConfig {
	id: string;
	name: string;
	secret: string;
	redirectUris: string[];
	/** Also accept http://127.0.0.1:<any port>/apps/mollie/callback and localhost likewise. */
	allowLocalCallbacks?: boolean;
}

export interface Organization {
	id: string;
	name: string;
	email: string;
	locale: string;
	address: { streetAndNumber: string; postalCode: string; city: string; country: string };
	registrationNumber: string;
	vatNumber: string | null;
	vatRegulation: 'dutch' | 'british' | 'shifted' | null;
	onboardingStatus: 'needs-data' | 'in-review' | 'completed';
	canReceivePayments: boolean;
	canReceiveSettlements: boolean;
	signedUpAt: number;
}

export interface Profile {
	id: string;
	organizationId: string;
	name: string;
	website: string;
	email: string;
	phone: string;
	description: string;
	businessCategory: string | null;
	countriesOfActivity: string[];
	status: 'unverified' | 'verified' | 'blocked';
	createdAt: number;
}

export interface ApiKey {
	key: string;
	organizationId: string;
	profileId: string;
	mode: Mode;
}

export interface AuthCode {
	code: string;
	clientId: string;
	organizationId: string;
	scopes: string[];
	redirectUri: string | null;
	expiresAt: number;
	used: boolean;
	grantId: string | null;
}

export interface Grant {
	id: string;
	clientId: string;
	organizationId: string;
	scopes: string[];
	refreshToken: string;
	redirectUri: string | null;
	revoked: boolean;
	createdAt: number;
}

export interface AccessToken {
	token: string;
	grantId: string;
	expiresAt: number;
	revoked: boolean;
}

export type TerminalStatus = 'pending' | 'active' | 'inactive';

/** A Mollie point-of-sale device (a PAX terminal or a phone running Mollie Tap). */
export interface Terminal {
	id: string;
	seq: number;
	mode: Mode;
	organizationId: string;
	profileId: string;
	description: string;
	status: TerminalStatus;
	/** `PAX` or `Tap` (Mollie's TerminalBrand). */
	brand: string;
	/** `A35`, `A77`, `A920`, `A920Pro`, `IM30` or `Tap` (Mollie's TerminalModel). */
	model: string;
	serialNumber: string | null;
	currency: string;
	timezone: string;
	locale: string;
	createdAt: number;
	updatedAt: number;
}

export interface Payment {
	id: string;
	seq: number;
	mode: Mode;
	organizationId: string;
	profileId: string;
	amount: Money;
	description: string;
	redirectUrl: string | null;
	cancelUrl: string | null;
	webhookUrl: string | null;
	metadata: unknown;
	/** The chosen method (null until chosen at checkout when none or several were given). */
	method: string | null;
	/** Methods the customer may choose from at checkout (null = all available). */
	allowedMethods: string[] | null;
	locale: string | null;
	sequenceType: 'oneoff' | 'first' | 'recurring';
	/** `manual` places a hold (status `authorized`) to capture later; only cards here. */
	captureMode?: 'automatic' | 'manual';
	/** `pointofsale`: the terminal the payment waits on. */
	terminalId?: string | null;
	/** Set when a terminal approved the card (what the receipt details describe). */
	cardPresent?: { tap: boolean } | null;
	/** Bancontact created with `include=details.qrCode`: the QR stays available while open. */
	qrCode?: boolean;
	/** Mollie's reference for a bank transfer (set once bank transfer is the method). */
	transferReference?: string | null;
	status: PaymentStatus;
	createdAt: number;
	expiresAt: number | null;
	authorizedAt: number | null;
	paidAt: number | null;
	canceledAt: number | null;
	expiredAt: number | null;
	failedAt: number | null;
}

export interface Refund {
	id: string;
	seq: number;
	paymentId: string;
	mode: Mode;
	organizationId: string;
	profileId: string;
	amount: Money;
	description: string;
	metadata: unknown;
	status: RefundStatus;
	createdAt: number;
	/** Sandbox time of the next automatic status step, or null when final. */
	nextTransitionAt: number | null;
}

export interface Chargeback {
	id: string;
	seq: number;
	paymentId: string;
	mode: Mode;
	organizationId: string;
	profileId: string;
	amount: Money;
	reason: { code: string; description: string } | null;
	createdAt: number;
	reversedAt: number | null;
}

export interface WebhookAttempt {
	attempt: number;
	scheduledAt: string;
	startedAt: string;
	/** HTTP status of the receiver's answer, or null on timeout / connection error. */
	responseStatus: number | null;
	error: string | null;
	durationMs: number;
	ok: boolean;
}

export interface WebhookDelivery {
	id: string;
	url: string;
	/** The resource the body names (`id=tr_…`). */
	resourceId: string;
	/** Why it was sent: `payment.paid`, `refund.pending`, `chargeback.received`, … */
	reason: string;
	mode: Mode;
	createdAt: string;
	state: 'scheduled' | 'in-flight' | 'delivered' | 'failed' | 'dropped';
	/** Sandbox ms of the next attempt (null when done). */
	nextAttemptAt: number | null;
	attempts: WebhookAttempt[];
}

export interface IdempotentReply {
	status: number;
	body: string;
	contentType: string;
	storedAt: number;
	/** What the key was first used for: another endpoint or body with the same key is a 400. */
	method?: string;
	path?: string;
	requestBody?: string;
}

export interface FailRule {
	remaining: number;
	/**
	 * `timeout` holds the request open; `malformed` answers 200/201 with a body that is not the
	 * resource (what a misbehaving proxy or an API/OpenAPI mismatch looks like to the SDK).
	 */
	status: 500 | 503 | 429 | 'timeout' | 'malformed';
	/** Only requests whose path starts with this prefix (default: all API paths). */
	pathPrefix: string | null;
}

export interface State {
	version: 1;
	seq: number;
	apps: AppConfig[];
	organizations: Organization[];
	profiles: Profile[];
	apiKeys: ApiKey[];
	authCodes: Record<string, AuthCode>;
	grants: Record<string, Grant>;
	accessTokens: Record<string, AccessToken>;
	payments: Record<string, Payment>;
	refunds: Record<string, Refund>;
	chargebacks: Record<string, Chargeback>;
	terminals: Record<string, Terminal>;
	webhooks: WebhookDelivery[];
	idempotency: Record<string, IdempotentReply>;
	failRules: FailRule[];
	dropWebhooks: number;
	/** Live-mode methods activated per profile (Mollie lists only these in live mode). */
	activatedMethods: Record<string, string[]>;
	/** The next this-many refunds start `queued` (the balance is short) instead of `pending`. */
	queueRefunds: number;
	clockNow: number;
}
