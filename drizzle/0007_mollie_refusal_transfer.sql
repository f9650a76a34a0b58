ALTER TABLE `mollie_connections` ADD `last_refusal` text;--> statement-breakpoint
ALTER TABLE `mollie_payments` ADD `transfer_details` text;