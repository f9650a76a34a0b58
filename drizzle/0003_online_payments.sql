CREATE TABLE `mollie_payments` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`mode` text NOT NULL,
	`profile_id` text NOT NULL,
	`status` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`currency` text NOT NULL,
	`method` text,
	`checkout_url` text,
	`locale` text,
	`expires_at` integer,
	`paid_at` integer,
	`refunded_cents` integer DEFAULT 0 NOT NULL,
	`pending_refund_cents` integer DEFAULT 0 NOT NULL,
	`charged_back_cents` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mollie_payments_company_idx` ON `mollie_payments` (`company_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `mollie_payments_invoice_idx` ON `mollie_payments` (`invoice_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `invoices` ADD `pay_token_hash` text;--> statement-breakpoint
ALTER TABLE `invoices` ADD `pay_token_enc` text;--> statement-breakpoint
ALTER TABLE `invoices` ADD `pay_lock_until` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_pay_token_uq` ON `invoices` (`pay_token_hash`);--> statement-breakpoint
ALTER TABLE `payments` ADD `external_key` text;--> statement-breakpoint
ALTER TABLE `payments` ADD `mollie_payment_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `payments_external_key_uq` ON `payments` (`external_key`);