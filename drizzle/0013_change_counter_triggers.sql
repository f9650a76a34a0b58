-- The company's change counter (companies.change_count, polled through GET /api/changes) moves
-- in the same statement, hence the same transaction, as every money write: ledger rows, Mollie
-- payments (when what the owner sees changes, not on a sync that rewrote the same values),
-- invoice states (finalized, sent, totals), mail delivery states and Peppol documents. Triggers, so no writer can
-- forget it. A Mollie checkout open or pending also sets companies.awaiting_until (15 minutes,
-- a checkout's life; a minute more once it ends), when the owner's pages poll faster.
-- Hand-written: drizzle-kit does not model triggers.
CREATE TRIGGER `payments_changes_ins` AFTER INSERT ON `payments`
BEGIN
	UPDATE `companies` SET `change_count` = `change_count` + 1 WHERE `id` = NEW.`company_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `payments_changes_upd` AFTER UPDATE ON `payments`
BEGIN
	UPDATE `companies` SET `change_count` = `change_count` + 1 WHERE `id` = NEW.`company_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `payments_changes_del` AFTER DELETE ON `payments`
BEGIN
	UPDATE `companies` SET `change_count` = `change_count` + 1 WHERE `id` = OLD.`company_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `mollie_payments_changes_ins` AFTER INSERT ON `mollie_payments`
BEGIN
	UPDATE `companies` SET `change_count` = `change_count` + 1,
		`awaiting_until` = CASE WHEN NEW.`status` IN ('open', 'pending', 'authorized')
			THEN max(coalesce(`awaiting_until`, 0), CAST(unixepoch('subsec') * 1000 AS INTEGER) + 900000)
			ELSE min(coalesce(`awaiting_until`, 0), CAST(unixepoch('subsec') * 1000 AS INTEGER) + 60000) END
	WHERE `id` = NEW.`company_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `mollie_payments_changes_upd` AFTER UPDATE ON `mollie_payments`
	WHEN OLD.`status` IS NOT NEW.`status` OR OLD.`amount_cents` IS NOT NEW.`amount_cents`
		OR OLD.`method` IS NOT NEW.`method` OR OLD.`paid_at` IS NOT NEW.`paid_at`
		OR OLD.`refunded_cents` IS NOT NEW.`refunded_cents`
		OR OLD.`pending_refund_cents` IS NOT NEW.`pending_refund_cents`
		OR OLD.`charged_back_cents` IS NOT NEW.`charged_back_cents`
		OR OLD.`checkout_url` IS NOT NEW.`checkout_url`
BEGIN
	UPDATE `companies` SET `change_count` = `change_count` + 1,
		`awaiting_until` = CASE WHEN NEW.`status` IN ('open', 'pending', 'authorized')
			THEN max(coalesce(`awaiting_until`, 0), CAST(unixepoch('subsec') * 1000 AS INTEGER) + 900000)
			ELSE min(coalesce(`awaiting_until`, 0), CAST(unixepoch('subsec') * 1000 AS INTEGER) + 60000) END
	WHERE `id` = NEW.`company_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `invoices_changes_upd` AFTER UPDATE ON `invoices`
	WHEN OLD.`state` IS NOT NEW.`state` OR OLD.`sent_at` IS NOT NEW.`sent_at`
		OR OLD.`total_cents` IS NOT NEW.`total_cents`
BEGIN
	UPDATE `companies` SET `change_count` = `change_count` + 1 WHERE `id` = NEW.`company_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `invoices_changes_del` AFTER DELETE ON `invoices`
	WHEN OLD.`state` = 'finalized'
BEGIN
	UPDATE `companies` SET `change_count` = `change_count` + 1 WHERE `id` = OLD.`company_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `outbox_changes_ins` AFTER INSERT ON `outbox`
	WHEN NEW.`company_id` IS NOT NULL
BEGIN
	UPDATE `companies` SET `change_count` = `change_count` + 1 WHERE `id` = NEW.`company_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `outbox_changes_upd` AFTER UPDATE ON `outbox`
	WHEN NEW.`company_id` IS NOT NULL AND OLD.`status` IS NOT NEW.`status`
BEGIN
	UPDATE `companies` SET `change_count` = `change_count` + 1 WHERE `id` = NEW.`company_id`;
END;
--> statement-breakpoint
-- Peppol documents (issue 16): one sent, delivered, refused or received is a change the owner sees.
CREATE TRIGGER `peppol_documents_changes_ins` AFTER INSERT ON `peppol_documents`
BEGIN
	UPDATE `companies` SET `change_count` = `change_count` + 1 WHERE `id` = NEW.`company_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `peppol_documents_changes_upd` AFTER UPDATE ON `peppol_documents`
	WHEN OLD.`state` IS NOT NEW.`state` OR OLD.`paid_at` IS NOT NEW.`paid_at`
BEGIN
	UPDATE `companies` SET `change_count` = `change_count` + 1 WHERE `id` = NEW.`company_id`;
END;
