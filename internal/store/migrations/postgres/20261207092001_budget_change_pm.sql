-- Modify "budget_changes" table
ALTER TABLE "budget_changes" ADD COLUMN "pm_charge_percent_before" bigint NULL, ADD COLUMN "pm_charge_percent_after" bigint NULL;
