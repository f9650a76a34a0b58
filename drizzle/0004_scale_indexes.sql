DROP INDEX `invoices_company_idx`;--> statement-breakpoint
CREATE INDEX `invoices_credited_idx` ON `invoices` (`credited_invoice_id`);--> statement-breakpoint
CREATE INDEX `invoices_company_idx` ON `invoices` (`company_id`,`issue_date`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `customers_company_name_ci_idx` ON `customers` (`company_id`,lower("name"));--> statement-breakpoint
CREATE INDEX `mollie_payments_company_updated_idx` ON `mollie_payments` (`company_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `payments_company_created_idx` ON `payments` (`company_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `payments_mollie_payment_idx` ON `payments` (`mollie_payment_id`);