-- Add column "pm_charge_percent_before" to table: "budget_changes"
ALTER TABLE `budget_changes` ADD COLUMN `pm_charge_percent_before` integer NULL;
-- Add column "pm_charge_percent_after" to table: "budget_changes"
ALTER TABLE `budget_changes` ADD COLUMN `pm_charge_percent_after` integer NULL;
