ALTER TABLE `mollie_connections` ADD `reconciled_at` integer;--> statement-breakpoint
ALTER TABLE `mollie_connections` ADD `reconcile_cursor` text;--> statement-breakpoint
ALTER TABLE `mollie_connections` ADD `reconcile_lock_until` integer;