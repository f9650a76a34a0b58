-- invoices.net_paid_cents (Σ of the invoice's ledger rows) and invoices.credited_cents (−Σ of its
-- finalized credit notes' totals) move in the same statement, hence the same transaction, as
-- every write that changes them: ledger rows inserted, updated or deleted (manual payments,
-- Mollie webhook, refunds, chargebacks, reconciliation), credit notes finalized, edited or
-- deleted. Each trigger recomputes the affected invoices' sums by index (payments_invoice_idx,
-- invoices_credited_idx; the unary `+` keeps SQLite from searching by company instead) rather than adding a delta, so the stored figure is the sum whatever
-- the write. invoices.amount_due_cents (generated) and invoices_open_idx follow from them.
-- Hand-written: drizzle-kit does not model triggers.
UPDATE `invoices` SET
	`net_paid_cents` = (SELECT coalesce(sum(p.`amount_cents`), 0) FROM `payments` p
		WHERE p.`invoice_id` = `invoices`.`id` AND +p.`company_id` = `invoices`.`company_id`),
	`credited_cents` = (SELECT coalesce(-sum(cn.`total_cents`), 0) FROM `invoices` cn
		WHERE cn.`credited_invoice_id` = `invoices`.`id` AND +cn.`company_id` = `invoices`.`company_id`
			AND cn.`kind` = 'credit_note' AND cn.`state` = 'finalized');
--> statement-breakpoint
CREATE TRIGGER `payments_amount_due_ins` AFTER INSERT ON `payments`
BEGIN
	UPDATE `invoices` SET `net_paid_cents` = (SELECT coalesce(sum(p.`amount_cents`), 0)
		FROM `payments` p WHERE p.`invoice_id` = `invoices`.`id` AND +p.`company_id` = `invoices`.`company_id`)
	WHERE `id` = NEW.`invoice_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `payments_amount_due_upd` AFTER UPDATE ON `payments`
	WHEN OLD.`amount_cents` IS NOT NEW.`amount_cents` OR OLD.`invoice_id` IS NOT NEW.`invoice_id`
		OR OLD.`company_id` IS NOT NEW.`company_id`
BEGIN
	UPDATE `invoices` SET `net_paid_cents` = (SELECT coalesce(sum(p.`amount_cents`), 0)
		FROM `payments` p WHERE p.`invoice_id` = `invoices`.`id` AND +p.`company_id` = `invoices`.`company_id`)
	WHERE `id` IN (OLD.`invoice_id`, NEW.`invoice_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `payments_amount_due_del` AFTER DELETE ON `payments`
BEGIN
	UPDATE `invoices` SET `net_paid_cents` = (SELECT coalesce(sum(p.`amount_cents`), 0)
		FROM `payments` p WHERE p.`invoice_id` = `invoices`.`id` AND +p.`company_id` = `invoices`.`company_id`)
	WHERE `id` = OLD.`invoice_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `credit_notes_amount_due_ins` AFTER INSERT ON `invoices`
	WHEN NEW.`kind` = 'credit_note' AND NEW.`credited_invoice_id` IS NOT NULL
BEGIN
	UPDATE `invoices` SET `credited_cents` = (SELECT coalesce(-sum(cn.`total_cents`), 0)
		FROM `invoices` cn WHERE cn.`credited_invoice_id` = `invoices`.`id`
			AND +cn.`company_id` = `invoices`.`company_id` AND cn.`kind` = 'credit_note' AND cn.`state` = 'finalized')
	WHERE `id` = NEW.`credited_invoice_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `credit_notes_amount_due_upd` AFTER UPDATE ON `invoices`
	WHEN (OLD.`kind` = 'credit_note' OR NEW.`kind` = 'credit_note')
		AND (OLD.`state` IS NOT NEW.`state` OR OLD.`total_cents` IS NOT NEW.`total_cents`
			OR OLD.`kind` IS NOT NEW.`kind` OR OLD.`company_id` IS NOT NEW.`company_id`
			OR OLD.`credited_invoice_id` IS NOT NEW.`credited_invoice_id`)
BEGIN
	UPDATE `invoices` SET `credited_cents` = (SELECT coalesce(-sum(cn.`total_cents`), 0)
		FROM `invoices` cn WHERE cn.`credited_invoice_id` = `invoices`.`id`
			AND +cn.`company_id` = `invoices`.`company_id` AND cn.`kind` = 'credit_note' AND cn.`state` = 'finalized')
	WHERE `id` IN (OLD.`credited_invoice_id`, NEW.`credited_invoice_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `credit_notes_amount_due_del` AFTER DELETE ON `invoices`
	WHEN OLD.`kind` = 'credit_note' AND OLD.`credited_invoice_id` IS NOT NULL
BEGIN
	UPDATE `invoices` SET `credited_cents` = (SELECT coalesce(-sum(cn.`total_cents`), 0)
		FROM `invoices` cn WHERE cn.`credited_invoice_id` = `invoices`.`id`
			AND +cn.`company_id` = `invoices`.`company_id` AND cn.`kind` = 'credit_note' AND cn.`state` = 'finalized')
	WHERE `id` = OLD.`credited_invoice_id`;
END;
