CREATE TABLE `mollie_qr_codes` (
	`payment_id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`src` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`payment_id`) REFERENCES `mollie_payments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `journals` ADD `mollie_terminal_id` text;