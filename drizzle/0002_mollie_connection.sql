CREATE TABLE `mollie_connections` (
	`company_id` text PRIMARY KEY NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`mode` text DEFAULT 'test' NOT NULL,
	`organization_id` text,
	`organization_name` text,
	`access_token` text,
	`refresh_token` text,
	`access_token_expires_at` integer,
	`scope` text,
	`token_version` integer DEFAULT 0 NOT NULL,
	`refresh_lock_until` integer,
	`onboarding_status` text,
	`can_receive_payments` integer,
	`onboarding_dashboard_url` text,
	`connected_at` integer,
	`last_webhook_at` integer,
	`updated_at` integer,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `mollie_profiles` (
	`company_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`website` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mollie_profiles_company_id_uq` ON `mollie_profiles` (`company_id`,`id`);--> statement-breakpoint
CREATE TABLE `oauth_states` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`company_id` text NOT NULL,
	`expires_at` integer NOT NULL
);
