-- mollie_payment_totals: per company and currency, how many Mollie payments there are and the
-- sum of the paid ones (what the transactions summary shows without filters). Kept in the
-- statement of every insert, update (status, amount, currency, company) and delete of a Mollie
-- payment: the old row's contribution out, the new one in. Hand-written: drizzle-kit does not
-- model triggers.
INSERT INTO `mollie_payment_totals` (`company_id`, `currency`, `count`, `paid_cents`)
	SELECT `company_id`, `currency`, count(*),
		coalesce(sum(case when `status` = 'paid' then `amount_cents` else 0 end), 0)
	FROM `mollie_payments` GROUP BY `company_id`, `currency`;
--> statement-breakpoint
CREATE TRIGGER `mollie_payment_totals_ins` AFTER INSERT ON `mollie_payments`
BEGIN
	INSERT INTO `mollie_payment_totals` (`company_id`, `currency`, `count`, `paid_cents`)
		VALUES (NEW.`company_id`, NEW.`currency`, 1,
			case when NEW.`status` = 'paid' then NEW.`amount_cents` else 0 end)
		ON CONFLICT (`company_id`, `currency`) DO UPDATE SET
			`count` = `count` + 1, `paid_cents` = `paid_cents` + excluded.`paid_cents`;
END;
--> statement-breakpoint
CREATE TRIGGER `mollie_payment_totals_upd` AFTER UPDATE ON `mollie_payments`
	WHEN OLD.`status` IS NOT NEW.`status` OR OLD.`amount_cents` IS NOT NEW.`amount_cents`
		OR OLD.`currency` IS NOT NEW.`currency` OR OLD.`company_id` IS NOT NEW.`company_id`
BEGIN
	UPDATE `mollie_payment_totals` SET `count` = `count` - 1,
		`paid_cents` = `paid_cents` - case when OLD.`status` = 'paid' then OLD.`amount_cents` else 0 end
	WHERE `company_id` = OLD.`company_id` AND `currency` = OLD.`currency`;
	INSERT INTO `mollie_payment_totals` (`company_id`, `currency`, `count`, `paid_cents`)
		VALUES (NEW.`company_id`, NEW.`currency`, 1,
			case when NEW.`status` = 'paid' then NEW.`amount_cents` else 0 end)
		ON CONFLICT (`company_id`, `currency`) DO UPDATE SET
			`count` = `count` + 1, `paid_cents` = `paid_cents` + excluded.`paid_cents`;
END;
--> statement-breakpoint
CREATE TRIGGER `mollie_payment_totals_del` AFTER DELETE ON `mollie_payments`
BEGIN
	UPDATE `mollie_payment_totals` SET `count` = `count` - 1,
		`paid_cents` = `paid_cents` - case when OLD.`status` = 'paid' then OLD.`amount_cents` else 0 end
	WHERE `company_id` = OLD.`company_id` AND `currency` = OLD.`currency`;
END;
