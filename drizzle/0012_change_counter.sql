ALTER TABLE `companies` ADD `change_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `companies` ADD `awaiting_until` integer;