ALTER TABLE `invoices` ADD `net_paid_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `invoices` ADD `credited_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `invoices` ADD `amount_due_cents` integer GENERATED ALWAYS AS ((case when kind = 'invoice' then total_cents - min(credited_cents, total_cents) - net_paid_cents else 0 end)) VIRTUAL;--> statement-breakpoint
CREATE INDEX `invoices_open_idx` ON `invoices` (`company_id`,`due_date`) WHERE kind = 'invoice' and state = 'finalized' and amount_due_cents > 0;