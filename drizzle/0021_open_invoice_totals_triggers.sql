-- open_invoice_totals: per company and currency, how many finalized invoices still await money
-- (amount_due_cents > 0, the condition of invoices_open_idx) and how much. Kept in the statement
-- of every change to an invoice's kind, state, currency, company or amount due; the amount due
-- itself moves through 0019's triggers (ledger rows, credit notes), which update the invoice and
-- so fire these. Each trigger takes the invoice's old contribution out and puts its new one in,
-- so the row is the sum over the open invoices whatever the write. The dashboard reads one row
-- per currency instead of every open invoice. Hand-written: drizzle-kit does not model triggers.
INSERT INTO `open_invoice_totals` (`company_id`, `currency`, `open_count`, `open_cents`)
	SELECT `company_id`, `currency`, count(*), sum(`amount_due_cents`) FROM `invoices`
	WHERE `kind` = 'invoice' AND `state` = 'finalized' AND `amount_due_cents` > 0
	GROUP BY `company_id`, `currency`;
--> statement-breakpoint
CREATE TRIGGER `open_invoice_totals_ins` AFTER INSERT ON `invoices`
	WHEN NEW.`kind` = 'invoice' AND NEW.`state` = 'finalized' AND NEW.`amount_due_cents` > 0
BEGIN
	INSERT INTO `open_invoice_totals` (`company_id`, `currency`, `open_count`, `open_cents`)
		VALUES (NEW.`company_id`, NEW.`currency`, 1, NEW.`amount_due_cents`)
		ON CONFLICT (`company_id`, `currency`) DO UPDATE SET
			`open_count` = `open_count` + 1, `open_cents` = `open_cents` + excluded.`open_cents`;
END;
--> statement-breakpoint
CREATE TRIGGER `open_invoice_totals_upd` AFTER UPDATE ON `invoices`
	WHEN OLD.`kind` IS NOT NEW.`kind` OR OLD.`state` IS NOT NEW.`state`
		OR OLD.`amount_due_cents` IS NOT NEW.`amount_due_cents` OR OLD.`currency` IS NOT NEW.`currency`
		OR OLD.`company_id` IS NOT NEW.`company_id`
BEGIN
	UPDATE `open_invoice_totals` SET `open_count` = `open_count` - 1,
		`open_cents` = `open_cents` - OLD.`amount_due_cents`
	WHERE `company_id` = OLD.`company_id` AND `currency` = OLD.`currency`
		AND OLD.`kind` = 'invoice' AND OLD.`state` = 'finalized' AND OLD.`amount_due_cents` > 0;
	INSERT INTO `open_invoice_totals` (`company_id`, `currency`, `open_count`, `open_cents`)
		SELECT NEW.`company_id`, NEW.`currency`, 1, NEW.`amount_due_cents`
		WHERE NEW.`kind` = 'invoice' AND NEW.`state` = 'finalized' AND NEW.`amount_due_cents` > 0
		ON CONFLICT (`company_id`, `currency`) DO UPDATE SET
			`open_count` = `open_count` + 1, `open_cents` = `open_cents` + excluded.`open_cents`;
END;
--> statement-breakpoint
CREATE TRIGGER `open_invoice_totals_del` AFTER DELETE ON `invoices`
	WHEN OLD.`kind` = 'invoice' AND OLD.`state` = 'finalized' AND OLD.`amount_due_cents` > 0
BEGIN
	UPDATE `open_invoice_totals` SET `open_count` = `open_count` - 1,
		`open_cents` = `open_cents` - OLD.`amount_due_cents`
	WHERE `company_id` = OLD.`company_id` AND `currency` = OLD.`currency`;
END;
