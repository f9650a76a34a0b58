CREATE TABLE `payment_month_totals` (
	`company_id` text NOT NULL,
	`month` text NOT NULL,
	`method` text NOT NULL,
	`currency` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`cents` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`company_id`, `month`, `method`, `currency`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
