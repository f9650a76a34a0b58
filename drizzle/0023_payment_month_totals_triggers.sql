-- payment_month_totals: the ledger's count and sum per company, month of the payment date,
-- method and the invoice's currency, as the payments overview's totals join them (a payment
-- counts under its invoice's currency when the invoice is the same company's). Kept in the
-- statement of every ledger write (manual payments, Mollie webhook, refunds, chargebacks,
-- reconciliation, removals) and of an invoice's currency change: each trigger takes the old
-- row's contribution out and puts the new one in, so each row is the sum of its payments
-- whatever the write. The overview reads a period's full months here, one row each, and only
-- the days of a partial month from the ledger. Hand-written: drizzle-kit does not model triggers.
INSERT INTO `payment_month_totals` (`company_id`, `month`, `method`, `currency`, `count`, `cents`)
	SELECT p.`company_id`, substr(p.`date`, 1, 7), p.`method`, i.`currency`, count(*), sum(p.`amount_cents`)
	FROM `payments` p JOIN `invoices` i ON i.`id` = p.`invoice_id` AND i.`company_id` = p.`company_id`
	GROUP BY p.`company_id`, substr(p.`date`, 1, 7), p.`method`, i.`currency`;
--> statement-breakpoint
CREATE TRIGGER `payment_month_totals_ins` AFTER INSERT ON `payments`
BEGIN
	INSERT INTO `payment_month_totals` (`company_id`, `month`, `method`, `currency`, `count`, `cents`)
		SELECT NEW.`company_id`, substr(NEW.`date`, 1, 7), NEW.`method`, i.`currency`, 1, NEW.`amount_cents`
		FROM `invoices` i WHERE i.`id` = NEW.`invoice_id` AND i.`company_id` = NEW.`company_id`
		ON CONFLICT (`company_id`, `month`, `method`, `currency`) DO UPDATE SET
			`count` = `count` + 1, `cents` = `cents` + excluded.`cents`;
END;
--> statement-breakpoint
CREATE TRIGGER `payment_month_totals_upd` AFTER UPDATE ON `payments`
	WHEN OLD.`date` IS NOT NEW.`date` OR OLD.`method` IS NOT NEW.`method`
		OR OLD.`amount_cents` IS NOT NEW.`amount_cents` OR OLD.`invoice_id` IS NOT NEW.`invoice_id`
		OR OLD.`company_id` IS NOT NEW.`company_id`
BEGIN
	UPDATE `payment_month_totals` SET `count` = `count` - 1, `cents` = `cents` - OLD.`amount_cents`
	WHERE `company_id` = OLD.`company_id` AND `month` = substr(OLD.`date`, 1, 7)
		AND `method` = OLD.`method` AND `currency` = (SELECT i.`currency` FROM `invoices` i
			WHERE i.`id` = OLD.`invoice_id` AND i.`company_id` = OLD.`company_id`);
	INSERT INTO `payment_month_totals` (`company_id`, `month`, `method`, `currency`, `count`, `cents`)
		SELECT NEW.`company_id`, substr(NEW.`date`, 1, 7), NEW.`method`, i.`currency`, 1, NEW.`amount_cents`
		FROM `invoices` i WHERE i.`id` = NEW.`invoice_id` AND i.`company_id` = NEW.`company_id`
		ON CONFLICT (`company_id`, `month`, `method`, `currency`) DO UPDATE SET
			`count` = `count` + 1, `cents` = `cents` + excluded.`cents`;
END;
--> statement-breakpoint
CREATE TRIGGER `payment_month_totals_del` AFTER DELETE ON `payments`
BEGIN
	UPDATE `payment_month_totals` SET `count` = `count` - 1, `cents` = `cents` - OLD.`amount_cents`
	WHERE `company_id` = OLD.`company_id` AND `month` = substr(OLD.`date`, 1, 7)
		AND `method` = OLD.`method` AND `currency` = (SELECT i.`currency` FROM `invoices` i
			WHERE i.`id` = OLD.`invoice_id` AND i.`company_id` = OLD.`company_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `payment_month_totals_invoice_currency` AFTER UPDATE OF `currency`, `company_id` ON `invoices`
	WHEN OLD.`currency` IS NOT NEW.`currency` OR OLD.`company_id` IS NOT NEW.`company_id`
BEGIN
	UPDATE `payment_month_totals` SET `count` = `count` - s.n, `cents` = `cents` - s.c
	FROM (SELECT substr(p.`date`, 1, 7) AS m, p.`method` AS method, count(*) AS n,
			sum(p.`amount_cents`) AS c
		FROM `payments` p WHERE p.`invoice_id` = OLD.`id` AND +p.`company_id` = OLD.`company_id`
		GROUP BY 1, 2) AS s
	WHERE `company_id` = OLD.`company_id` AND `currency` = OLD.`currency` AND `month` = s.m
		AND `payment_month_totals`.`method` = s.method;
	INSERT INTO `payment_month_totals` (`company_id`, `month`, `method`, `currency`, `count`, `cents`)
		SELECT NEW.`company_id`, substr(p.`date`, 1, 7), p.`method`, NEW.`currency`, count(*),
			sum(p.`amount_cents`)
		FROM `payments` p WHERE p.`invoice_id` = NEW.`id` AND +p.`company_id` = NEW.`company_id`
		GROUP BY 1, 2, 3, 4
		ON CONFLICT (`company_id`, `month`, `method`, `currency`) DO UPDATE SET
			`count` = `count` + excluded.`count`, `cents` = `cents` + excluded.`cents`;
END;
