-- The connection status `active` is renamed `installed` (the app is on, not connected): the
-- new default. drizzle-kit also dropped and re-created every index around this statement, which
-- fails on the expression index customers_company_name_ci_idx; only the change itself is kept.
ALTER TABLE `mollie_connections` ALTER COLUMN "status" TO "status" text NOT NULL DEFAULT 'installed';
