CREATE TABLE `peppol_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`direction` text NOT NULL,
	`ap_id` text NOT NULL,
	`invoice_id` text,
	`state` text NOT NULL,
	`reason` text,
	`kind` text DEFAULT 'invoice' NOT NULL,
	`supplier_name` text,
	`supplier_vat` text,
	`number` text,
	`issue_date` text,
	`due_date` text,
	`currency` text DEFAULT 'EUR' NOT NULL,
	`net_cents` integer,
	`vat_cents` integer,
	`total_cents` integer,
	`due_cents` integer,
	`payment_reference` text,
	`iban` text,
	`xml` text,
	`paid_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `peppol_documents_ap_idx` ON `peppol_documents` (`ap_id`);--> statement-breakpoint
CREATE INDEX `peppol_documents_company_idx` ON `peppol_documents` (`company_id`,`direction`,`created_at`);--> statement-breakpoint
CREATE INDEX `peppol_documents_invoice_idx` ON `peppol_documents` (`invoice_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `peppol_documents_company_updated_idx` ON `peppol_documents` (`company_id`,`updated_at`);--> statement-breakpoint
ALTER TABLE `companies` ADD `peppol_registered_at` integer;--> statement-breakpoint
ALTER TABLE `customers` ADD `peppol_reachable` integer;--> statement-breakpoint
ALTER TABLE `customers` ADD `peppol_checked_at` integer;