import { sql } from 'drizzle-orm';
import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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

// Everything the app would email goes here first (the default mail transport stores it).
export const outbox = sqliteTable(
	'outbox',
	{
		id: text('id').primaryKey(),
		companyId: text('company_id').references(() => companies.id),
		toAddress: text('to_address').notNull(),
		subject: text('subject').notNull(),
		text: text('text').notNull(),
		html: text('html'),
		kind: text('kind').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('outbox_company_idx').on(t.companyId, t.createdAt)]
);

export type Company = typeof companies.$inferSelect;
export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
