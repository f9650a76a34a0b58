CREATE TABLE `open_invoice_totals` (
	`company_id` text NOT NULL,
	`currency` text NOT NULL,
	`open_count` integer DEFAULT 0 NOT NULL,
	`open_cents` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`company_id`, `currency`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
