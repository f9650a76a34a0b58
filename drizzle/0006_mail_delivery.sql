ALTER TABLE `outbox` ADD `status` text DEFAULT 'sent' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `transport` text DEFAULT 'outbox' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `cc_addresses` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `bcc_addresses` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `from_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `reply_to` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `message_id` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `locale` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `invoice_id` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `secrets` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `next_attempt_at` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `locked_until` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `sent_at` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `response` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `error_kind` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `error_detail` text;--> statement-breakpoint
CREATE INDEX `outbox_invoice_idx` ON `outbox` (`invoice_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);