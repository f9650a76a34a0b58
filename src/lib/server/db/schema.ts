import { sql } from 'drizzle-orm';
import {
	blob,
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
// Relative imports: drizzle-kit reads this file without SvelteKit's aliases.
import { TEXT_KINDS } from '../../domain/emailTexts';
import { PAYMENT_METHODS } from '../../domain/paymentMethods';
import { MOLLIE_PAYMENT_STATUSES } from '../../domain/paymentSync';

// Timestamps are stored as integer milliseconds; ids are random base32 strings (see ids.ts).
const createdAt = () =>
	integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`);

export const companies = sqliteTable('companies', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	street: text('street').notNull().default(''),
	postalCode: text('postal_code').notNull().default(''),
	city: text('city').notNull().default(''),
	country: text('country').notNull().default('BE'),
	vatNumber: text('vat_number').notNull().default(''),
	iban: text('iban').notNull().default(''),
	bic: text('bic').notNull().default(''),
	email: text('email').notNull().default(''),
	phone: text('phone').notNull().default(''),
	defaultLocale: text('default_locale', { enum: ['en', 'fr', 'nl'] })
		.notNull()
		.default('fr'),
	brandColor: text('brand_color').notNull().default('#0f766e'),
	accentColor: text('accent_color').notNull().default('#f59e0b'),
	backgroundColor: text('background_color').notNull().default('#f8fafc'),
	logoFileId: text('logo_file_id'),
	backgroundFileId: text('background_file_id'),
	// Which QR codes the invoice (print, PDF, customer's copy) carries: the pay link ('online'),
	// the EPC bank-transfer code ('bank'), or both (Settings → Documents).
	docQrCodes: text('doc_qr_codes', { enum: ['both', 'online', 'bank'] })
		.notNull()
		.default('both'),
	// When the access point last confirmed the company's 0208 identifier on its SMP (null: not).
	peppolRegisteredAt: integer('peppol_registered_at', { mode: 'timestamp_ms' }),
	// The company's money counter, polled by the owner's open pages (see changes.ts). Bumped by
	// database triggers (migration change_counter_triggers) in the same statement as every write
	// of payments, Mollie payments, invoice states and mail delivery states: no writer can forget.
	changeCount: integer('change_count').notNull().default(0),
	// Until when a customer may be paying (a Mollie checkout open or pending): the owner's pages
	// poll every 2 s meanwhile instead of every 20 s. Set by the same triggers.
	awaitingUntil: integer('awaiting_until', { mode: 'timestamp_ms' }),
	createdAt: createdAt()
});

export const users = sqliteTable('users', {
	id: text('id').primaryKey(),
	companyId: text('company_id')
		.notNull()
		.references(() => companies.id),
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	passwordHash: text('password_hash').notNull(),
	role: text('role', { enum: ['owner', 'admin', 'member'] })
		.notNull()
		.default('owner'),
	/** When the owner proved the address is theirs (the link mailed at sign-up); null until then. */
	emailConfirmedAt: integer('email_confirmed_at', { mode: 'timestamp_ms' }),
	createdAt: createdAt()
});

// Only the SHA-256 of the session token is stored: a leaked database reveals no usable session.
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		createdAt: createdAt()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

export const passwordResets = sqliteTable('password_resets', {
	id: text('id').primaryKey(),
	userId: text('user_id')
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' }),
	expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
	usedAt: integer('used_at', { mode: 'timestamp_ms' }),
	createdAt: createdAt()
});

// Fixed-window counters; keys look like `login:email:<addr>` or `login:ip:<addr>`.
/**
 * Address-confirmation links: only the SHA-256 of the token is stored. A link confirms the address
 * it was sent to (not whatever the account's address is by then), once, before it expires.
 */
export const emailConfirmations = sqliteTable(
	'email_confirmations',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		email: text('email').notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' }),
		createdAt: createdAt()
	},
	(t) => [index('email_confirmations_user_idx').on(t.userId)]
);

export const rateLimits = sqliteTable('rate_limits', {
	key: text('key').primaryKey(),
	windowStart: integer('window_start', { mode: 'timestamp_ms' }).notNull(),
	count: integer('count').notNull()
});

// Uploaded files (logo, background) live in libSQL as blobs: small, and works on Workers too.
export const files = sqliteTable('files', {
	id: text('id').primaryKey(),
	companyId: text('company_id')
		.notNull()
		.references(() => companies.id),
	contentType: text('content_type').notNull(),
	size: integer('size').notNull(),
	data: blob('data', { mode: 'buffer' }).notNull(),
	createdAt: createdAt()
});

// Every message the app sends, whatever the transport: the record of what went out and its
// delivery state (issue 10). Bodies are stored with secrets (reset links, pay-link tokens)
// replaced by placeholders; the secrets themselves are sealed in `secrets` (AES-GCM) so a retry
// can still send the real message. The `outbox` transport (development) delivers nowhere else.
export const outbox = sqliteTable(
	'outbox',
	{
		id: text('id').primaryKey(),
		// Null for account mail (password reset): it belongs to a person, not a company's outbox.
		companyId: text('company_id').references(() => companies.id),
		toAddress: text('to_address').notNull(),
		subject: text('subject').notNull(),
		text: text('text').notNull(),
		html: text('html'),
		kind: text('kind').notNull(),
		createdAt: createdAt(),
		// queued (not tried yet, or being tried) → sent | failed; failed with nextAttemptAt set
		// is retried automatically (a transient failure).
		status: text('status', { enum: ['queued', 'sent', 'failed'] })
			.notNull()
			.default('sent'),
		transport: text('transport').notNull().default('outbox'),
		ccAddresses: text('cc_addresses').notNull().default(''),
		bccAddresses: text('bcc_addresses').notNull().default(''),
		fromName: text('from_name').notNull().default(''),
		replyTo: text('reply_to').notNull().default(''),
		messageId: text('message_id'),
		locale: text('locale'),
		invoiceId: text('invoice_id'),
		secrets: text('secrets'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }),
		lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
		sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
		// The server's answer on success (e.g. `250 2.0.0 Ok: queued as …`).
		response: text('response'),
		// Why the last attempt failed: a code the UI words (see mail/errors.ts), and the
		// server's own reply or the error's message.
		errorKind: text('error_kind'),
		errorDetail: text('error_detail')
	},
	(t) => [
		index('outbox_company_idx').on(t.companyId, t.createdAt),
		index('outbox_invoice_idx').on(t.invoiceId, t.createdAt),
		index('outbox_due_idx').on(t.status, t.nextAttemptAt)
	]
);

export type Company = typeof companies.$inferSelect;
export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;

// ——— Invoicing ———

export const customers = sqliteTable(
	'customers',
	{
		id: text('id').primaryKey(),
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id),
		name: text('name').notNull(),
		contactPerson: text('contact_person').notNull().default(''),
		// Comma-separated; the first one receives invoices.
		emails: text('emails').notNull().default(''),
		phone: text('phone').notNull().default(''),
		locale: text('locale', { enum: ['en', 'fr', 'nl'] })
			.notNull()
			.default('fr'),
		street: text('street').notNull().default(''),
		postalCode: text('postal_code').notNull().default(''),
		city: text('city').notNull().default(''),
		country: text('country').notNull().default('BE'),
		vatNumber: text('vat_number').notNull().default(''),
		// Null: the journal's default term applies.
		paymentTermDays: integer('payment_term_days'),
		notes: text('notes').notNull().default(''),
		archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
		// Peppol lookup of the VAT number's identifier: reachable or not, and when it was asked.
		peppolReachable: integer('peppol_reachable', { mode: 'boolean' }),
		peppolCheckedAt: integer('peppol_checked_at', { mode: 'timestamp_ms' }),
		createdAt: createdAt()
	},
	(t) => [
		index('customers_company_idx').on(t.companyId, t.name),
		// The pickers and the customer list sort by name case-insensitively.
		index('customers_company_name_ci_idx').on(t.companyId, sql`lower(${t.name})`)
	]
);

export const journals = sqliteTable(
	'journals',
	{
		id: text('id').primaryKey(),
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id),
		name: text('name').notNull(),
		// e.g. `{YYYY}-{####}`; see src/lib/domain/numbering.ts.
		pattern: text('pattern').notNull().default('{YYYY}-{####}'),
		// The sequence the next finalized invoice gets; settable when moving from another tool.
		nextNumber: integer('next_number').notNull().default(1),
		paymentTermDays: integer('payment_term_days').notNull().default(30),
		footer: text('footer').notNull().default(''),
		// Set by the Mollie connection (issue 5): a journal without a profile gets no online payment.
		mollieProfileId: text('mollie_profile_id'),
		// Pay at terminal (issue 15): the Mollie terminal (`term_…`) used by default for this
		// journal's invoices; a device may override it (remembered in that browser).
		mollieTerminalId: text('mollie_terminal_id'),
		archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('journals_company_name_uq').on(t.companyId, t.name)]
);

export const invoices = sqliteTable(
	'invoices',
	{
		id: text('id').primaryKey(),
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id),
		journalId: text('journal_id')
			.notNull()
			.references(() => journals.id),
		customerId: text('customer_id')
			.notNull()
			.references(() => customers.id),
		kind: text('kind', { enum: ['invoice', 'credit_note'] })
			.notNull()
			.default('invoice'),
		// For a credit note: the invoice it corrects.
		creditedInvoiceId: text('credited_invoice_id'),
		// Only draft → finalized is stored; paid/overdue/… are derived from the ledger.
		state: text('state', { enum: ['draft', 'finalized'] })
			.notNull()
			.default('draft'),
		number: text('number'),
		sequence: integer('sequence'),
		issueDate: text('issue_date').notNull(),
		dueDate: text('due_date').notNull(),
		currency: text('currency').notNull().default('EUR'),
		reference: text('reference').notNull().default(''),
		notes: text('notes').notNull().default(''),
		// Belgian structured communication, 12 digits; unique per company.
		ogm: text('ogm').notNull(),
		allowZeroTotal: integer('allow_zero_total', { mode: 'boolean' }).notNull().default(false),
		netCents: integer('net_cents').notNull().default(0),
		vatCents: integer('vat_cents').notNull().default(0),
		totalCents: integer('total_cents').notNull().default(0),
		// Frozen at finalization: later edits to the customer or company don't rewrite history.
		snapshot: text('snapshot', { mode: 'json' }),
		finalizedAt: integer('finalized_at', { mode: 'timestamp_ms' }),
		sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
		// Public pay link (issue 6): SHA-256 of the token for lookup, the token itself AES-GCM
		// encrypted so the owner can share it again. Regenerating replaces both.
		payTokenHash: text('pay_token_hash'),
		payTokenEnc: text('pay_token_enc'),
		// Held while a Mollie payment is being created, so two taps or tabs make one payment.
		payLockUntil: integer('pay_lock_until', { mode: 'timestamp_ms' }),
		// Kept by triggers (drizzle/*_invoice_amount_due.sql) in the statement of every ledger
		// write and credit note change, never written by the app: Σ payments.amount_cents of the
		// invoice, and −Σ total_cents of its finalized credit notes. What is due follows from them.
		netPaidCents: integer('net_paid_cents').notNull().default(0),
		creditedCents: integer('credited_cents').notNull().default(0),
		// deriveInvoiceStatus's balance (> 0 open, < 0 overpaid); 0 for a credit note.
		amountDueCents: integer('amount_due_cents').generatedAlwaysAs(
			sql`(case when kind = 'invoice' then total_cents - min(credited_cents, total_cents) - net_paid_cents else 0 end)`,
			{ mode: 'virtual' }
		),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('invoices_journal_number_uq').on(t.journalId, t.number),
		uniqueIndex('invoices_pay_token_uq').on(t.payTokenHash),
		uniqueIndex('invoices_company_ogm_uq').on(t.companyId, t.ogm),
		// The list's sort key whole (keyset pagination walks it without sorting).
		index('invoices_company_idx').on(t.companyId, t.issueDate, t.createdAt, t.id),
		index('invoices_customer_idx').on(t.customerId),
		// A document's credit notes, and each invoice's credited sum.
		index('invoices_credited_idx').on(t.creditedInvoiceId),
		// The open invoices alone: the exact open/overdue totals read these, not the history.
		// Queries must repeat the WHERE literally (not as bound parameters) to use it.
		index('invoices_open_idx')
			.on(t.companyId, t.dueDate)
			.where(sql`kind = 'invoice' and state = 'finalized' and amount_due_cents > 0`)
	]
);

// The open invoices' totals per company and currency (issue 13): what the dashboard and the
// unfiltered invoice list show, one row read instead of every open invoice. Kept by triggers on
// invoices (drizzle/*_open_invoice_totals_triggers.sql) in the statement of every change to an
// invoice's kind, state, currency or amount due, hence of every ledger write and credit note
// (their triggers update the invoice); never written by the app.
export const openInvoiceTotals = sqliteTable(
	'open_invoice_totals',
	{
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id, { onDelete: 'cascade' }),
		currency: text('currency').notNull(),
		openCount: integer('open_count').notNull().default(0),
		openCents: integer('open_cents').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.companyId, t.currency] })]
);

// Pay links replaced by a new one (issue 14): a customer opening an old link learns it was
// replaced and whom to ask, instead of a bare "not found". Only the token's SHA-256 is kept.
export const revokedPayLinks = sqliteTable(
	'revoked_pay_links',
	{
		tokenHash: text('token_hash').primaryKey(),
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id),
		invoiceId: text('invoice_id')
			.notNull()
			.references(() => invoices.id),
		revokedAt: createdAt()
	},
	(t) => [index('revoked_pay_links_invoice_idx').on(t.invoiceId)]
);

export const invoiceLines = sqliteTable(
	'invoice_lines',
	{
		id: text('id').primaryKey(),
		invoiceId: text('invoice_id')
			.notNull()
			.references(() => invoices.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		description: text('description').notNull(),
		// Thousandths: 1.5 h = 1500.
		quantityMilli: integer('quantity_milli').notNull(),
		unit: text('unit').notNull().default(''),
		// Thousandths of the currency unit, so 3-decimal prices are exact.
		unitPriceMilli: integer('unit_price_milli').notNull(),
		discountBp: integer('discount_bp').notNull().default(0),
		vat: text('vat').notNull(),
		netCents: integer('net_cents').notNull()
	},
	(t) => [index('invoice_lines_invoice_idx').on(t.invoiceId, t.position)]
);

export const payments = sqliteTable(
	'payments',
	{
		id: text('id').primaryKey(),
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id),
		invoiceId: text('invoice_id')
			.notNull()
			.references(() => invoices.id),
		date: text('date').notNull(),
		// Money received, positive; refunds and chargebacks are their own ledger rows (negative).
		amountCents: integer('amount_cents').notNull(),
		method: text('method', {
			enum: PAYMENT_METHODS
		}).notNull(),
		reference: text('reference').notNull().default(''),
		// Rows mirrored from a provider carry a stable key (`payment:tr_…`, `refund:re_…`,
		// `chargeback:chb_…`, see src/lib/domain/paymentSync.ts): the unique index makes booking
		// the same entry twice impossible, whatever the number of concurrent webhooks.
		externalKey: text('external_key'),
		molliePaymentId: text('mollie_payment_id'),
		createdAt: createdAt()
	},
	(t) => [
		index('payments_invoice_idx').on(t.invoiceId),
		index('payments_company_idx').on(t.companyId, t.date),
		index('payments_company_created_idx').on(t.companyId, t.createdAt),
		index('payments_mollie_payment_idx').on(t.molliePaymentId),
		uniqueIndex('payments_external_key_uq').on(t.externalKey)
	]
);

// The ledger's count and sum per company, month (YYYY-MM of the payment date), method and the
// invoice's currency (issue 13): the payments overview reads a period's full months here, one
// row each, whatever the activity. Kept by triggers on payments and on an invoice's currency
// (drizzle/*_payment_month_totals_triggers.sql); never written by the app.
export const paymentMonthTotals = sqliteTable(
	'payment_month_totals',
	{
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id, { onDelete: 'cascade' }),
		month: text('month').notNull(),
		method: text('method', { enum: PAYMENT_METHODS }).notNull(),
		currency: text('currency').notNull(),
		count: integer('count').notNull().default(0),
		cents: integer('cents').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.companyId, t.month, t.method, t.currency] })]
);

export type Customer = typeof customers.$inferSelect;
export type Journal = typeof journals.$inferSelect;
export type Invoice = typeof invoices.$inferSelect;
export type Payment = typeof payments.$inferSelect;

// ——— Mollie (issue 5: connection; issue 6: payments) ———

// One row per company once the owner activates the Mollie app. Tokens are AES-GCM encrypted
// (src/lib/server/mollie/crypto.ts); `tokenVersion` lets concurrent refreshes detect a winner.
export const mollieConnections = sqliteTable('mollie_connections', {
	companyId: text('company_id')
		.primaryKey()
		.references(() => companies.id),
	// inactive → installed (the app is on, no Mollie account connected) → connected ⇄ reconnect_needed
	status: text('status', { enum: ['inactive', 'installed', 'connected', 'reconnect_needed'] })
		.notNull()
		.default('installed'),
	mode: text('mode', { enum: ['test', 'live'] })
		.notNull()
		.default('test'),
	organizationId: text('organization_id'),
	organizationName: text('organization_name'),
	accessToken: text('access_token'),
	refreshToken: text('refresh_token'),
	accessTokenExpiresAt: integer('access_token_expires_at', { mode: 'timestamp_ms' }),
	scope: text('scope'),
	tokenVersion: integer('token_version').notNull().default(0),
	refreshLockUntil: integer('refresh_lock_until', { mode: 'timestamp_ms' }),
	onboardingStatus: text('onboarding_status'),
	canReceivePayments: integer('can_receive_payments', { mode: 'boolean' }),
	onboardingDashboardUrl: text('onboarding_dashboard_url'),
	connectedAt: integer('connected_at', { mode: 'timestamp_ms' }),
	lastWebhookAt: integer('last_webhook_at', { mode: 'timestamp_ms' }),
	/** The reconcile job (src/lib/server/mollie/reconcile.ts): when it last checked this company, */
	reconciledAt: integer('reconciled_at', { mode: 'timestamp_ms' }),
	/** where the next run resumes (the last payment id checked; null: from the start), */
	reconcileCursor: text('reconcile_cursor'),
	/** and until when a run holds the company (two overlapping runs never work on it twice). */
	reconcileLockUntil: integer('reconcile_lock_until', { mode: 'timestamp_ms' }),
	/**
	 * Mollie's words when it last refused to create a payment for a customer (a lasting 4xx):
	 * shown to the owner, never to the customer; cleared by the next payment Mollie accepts.
	 */
	lastRefusal: text('last_refusal', { mode: 'json' }).$type<MollieRefusal>(),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
});

export interface MollieRefusal {
	/** When (ISO) and for which invoice. */
	at: string;
	invoiceId: string;
	status: number;
	title: string;
	detail: string;
	field: string | null;
}

/** Mollie's instructions for a payment where the customer chose bank transfer at checkout. */
export interface MollieTransferDetails {
	bankName: string;
	bankAccount: string;
	bankBic: string;
	transferReference: string;
}

export const mollieProfiles = sqliteTable(
	'mollie_profiles',
	{
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id),
		id: text('id').notNull(),
		name: text('name').notNull(),
		website: text('website').notNull().default(''),
		status: text('status').notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [uniqueIndex('mollie_profiles_company_id_uq').on(t.companyId, t.id)]
);

// OAuth `state` values: only their hash is stored, bound to the session that started the flow,
// single use, short-lived.
export const oauthStates = sqliteTable('oauth_states', {
	id: text('id').primaryKey(),
	sessionId: text('session_id').notNull(),
	companyId: text('company_id').notNull(),
	expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull()
});

// Every Mollie payment created for (or imported into) a company: what Mollie said last. The ledger
// (payments) holds only money that moved; this table holds the attempts and their state.
export const molliePayments = sqliteTable(
	'mollie_payments',
	{
		id: text('id').primaryKey(),
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id),
		invoiceId: text('invoice_id')
			.notNull()
			.references(() => invoices.id),
		mode: text('mode', { enum: ['test', 'live'] }).notNull(),
		profileId: text('profile_id').notNull(),
		status: text('status', { enum: MOLLIE_PAYMENT_STATUSES }).notNull(),
		amountCents: integer('amount_cents').notNull(),
		currency: text('currency').notNull(),
		method: text('method'),
		checkoutUrl: text('checkout_url'),
		locale: text('locale'),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
		paidAt: integer('paid_at', { mode: 'timestamp_ms' }),
		refundedCents: integer('refunded_cents').notNull().default(0),
		pendingRefundCents: integer('pending_refund_cents').notNull().default(0),
		chargedBackCents: integer('charged_back_cents').notNull().default(0),
		/** Bank transfer chosen at Mollie's checkout: where and with which reference to wire. */
		transferDetails: text('transfer_details', { mode: 'json' }).$type<MollieTransferDetails>(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		index('mollie_payments_company_idx').on(t.companyId, t.createdAt),
		index('mollie_payments_company_updated_idx').on(t.companyId, t.updatedAt),
		index('mollie_payments_invoice_idx').on(t.invoiceId, t.createdAt)
	]
);

/**
 * Show Bancontact QR (issue 15): Mollie's `details.qrCode` image of a Bancontact payment, kept as
 * a data URI (fetched once if Mollie gave a URL) so the owner's screen shows it under our CSP
 * (`img-src 'self' data:`). Apart from mollie_payments so its kilobytes travel only to that screen.
 */
export const mollieQrCodes = sqliteTable('mollie_qr_codes', {
	paymentId: text('payment_id')
		.primaryKey()
		.references(() => molliePayments.id),
	companyId: text('company_id')
		.notNull()
		.references(() => companies.id),
	src: text('src').notNull(),
	createdAt: createdAt()
});

export type MollieConnection = typeof mollieConnections.$inferSelect;
// The company's Mollie payments per currency: how many, and what the paid ones brought in
// (issue 13): the unfiltered transactions summary reads one row per currency. Kept by triggers
// on mollie_payments (drizzle/*_mollie_payment_totals_triggers.sql); never written by the app.
export const molliePaymentTotals = sqliteTable(
	'mollie_payment_totals',
	{
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id, { onDelete: 'cascade' }),
		currency: text('currency').notNull(),
		count: integer('count').notNull().default(0),
		paidCents: integer('paid_cents').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.companyId, t.currency] })]
);

export type MolliePayment = typeof molliePayments.$inferSelect;

/**
 * Documents exchanged through the Peppol access point: invoices and credit notes sent (with their
 * delivery state) and purchase invoices received. `apId` is the access point's document id, so
 * a repeated webhook finds the same row.
 */
export const peppolDocuments = sqliteTable(
	'peppol_documents',
	{
		id: text('id').primaryKey(),
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id),
		direction: text('direction', { enum: ['out', 'in'] }).notNull(),
		apId: text('ap_id').notNull(),
		invoiceId: text('invoice_id').references(() => invoices.id),
		state: text('state', { enum: ['transit', 'delivered', 'failed', 'received'] }).notNull(),
		reason: text('reason'),
		kind: text('kind', { enum: ['invoice', 'credit_note'] })
			.notNull()
			.default('invoice'),
		supplierName: text('supplier_name'),
		supplierVat: text('supplier_vat'),
		number: text('number'),
		issueDate: text('issue_date'),
		dueDate: text('due_date'),
		currency: text('currency').notNull().default('EUR'),
		netCents: integer('net_cents'),
		vatCents: integer('vat_cents'),
		totalCents: integer('total_cents'),
		dueCents: integer('due_cents'),
		paymentReference: text('payment_reference'),
		iban: text('iban'),
		xml: text('xml'),
		paidAt: integer('paid_at', { mode: 'timestamp_ms' }),
		createdAt: createdAt(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		uniqueIndex('peppol_documents_ap_idx').on(t.apId),
		index('peppol_documents_company_idx').on(t.companyId, t.direction, t.createdAt),
		index('peppol_documents_invoice_idx').on(t.invoiceId, t.createdAt),
		// The live-refresh stamp's max(updated_at) per company.
		index('peppol_documents_company_updated_idx').on(t.companyId, t.updatedAt)
	]
);

export type PeppolDocument = typeof peppolDocuments.$inferSelect;
// ——— Email (issue 10: texts and a company's own SMTP server) ———

// What Settings → Email texts saved: the subject and message a company's invoice (or credit note)
// emails start from, per customer language, with {placeholders}. No row: the built-in text.
export const emailTexts = sqliteTable(
	'email_texts',
	{
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id),
		kind: text('kind', { enum: TEXT_KINDS }).notNull(),
		locale: text('locale', { enum: ['en', 'fr', 'nl'] }).notNull(),
		subject: text('subject').notNull(),
		body: text('body').notNull()
	},
	(t) => [uniqueIndex('email_texts_company_kind_locale').on(t.companyId, t.kind, t.locale)]
);

// A company's own SMTP submission server (Settings → Email); without a row the platform's
// transport sends its mail. The password is AES-GCM sealed like the Mollie tokens.
export const companySmtp = sqliteTable('company_smtp', {
	companyId: text('company_id')
		.primaryKey()
		.references(() => companies.id),
	host: text('host').notNull(),
	port: integer('port').notNull(),
	security: text('security', { enum: ['none', 'starttls', 'tls'] }).notNull(),
	username: text('username').notNull().default(''),
	passwordEnc: text('password_enc'),
	fromAddress: text('from_address').notNull(),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
});
