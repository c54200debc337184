-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_coops" table
CREATE TABLE `new_coops` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `slug` text NOT NULL, `legal_form` text NULL, `city` text NULL, `website` text NULL, `description` text NULL, `candidacy_days` integer NOT NULL DEFAULT (180), `freelancer_right_to_join_days` integer NOT NULL DEFAULT (365), `admission_rule` text NOT NULL DEFAULT ('CONSENSUS'), `quorum_percent` integer NOT NULL DEFAULT (50), `buy_in_cents` integer NOT NULL DEFAULT (0), `surplus_share_percent` integer NOT NULL DEFAULT (75), `budget_change_threshold_cents` integer NOT NULL DEFAULT (0), `currency` text NOT NULL DEFAULT ('EUR'), `share_reduction_consent` text NOT NULL DEFAULT ('PROPOSAL'), CONSTRAINT `coop_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency), CONSTRAINT `coop_days_non_negative` CHECK (candidacy_days >= 0 AND freelancer_right_to_join_days >= 0), CONSTRAINT `coop_money_non_negative` CHECK (buy_in_cents >= 0 AND budget_change_threshold_cents >= 0), CONSTRAINT `coop_percent_range` CHECK (quorum_percent BETWEEN 0 AND 100 AND surplus_share_percent BETWEEN 0 AND 100));
-- Set sequence for "new_coops" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_coops", 8589934592);
-- Copy rows from old table "coops" to new temporary table "new_coops"
INSERT INTO `new_coops` (`id`, `created_at`, `updated_at`, `name`, `slug`, `legal_form`, `city`, `website`, `description`, `candidacy_days`, `freelancer_right_to_join_days`, `admission_rule`, `quorum_percent`, `buy_in_cents`, `surplus_share_percent`, `budget_change_threshold_cents`, `currency`) SELECT `id`, `created_at`, `updated_at`, `name`, `slug`, `legal_form`, `city`, `website`, `description`, `candidacy_days`, `freelancer_right_to_join_days`, `admission_rule`, `quorum_percent`, `buy_in_cents`, `surplus_share_percent`, `budget_change_threshold_cents`, `currency` FROM `coops`;
-- Drop "coops" table after copying rows
DROP TABLE `coops`;
-- Rename temporary table "new_coops" to "coops"
ALTER TABLE `new_coops` RENAME TO `coops`;
-- Create index "coops_slug_key" to table: "coops"
CREATE UNIQUE INDEX `coops_slug_key` ON `coops` (`slug`);
-- Add column "buy_in_currency" to table: "memberships"
ALTER TABLE `memberships` ADD COLUMN `buy_in_currency` text NULL;
-- Create "budget_motions" table (moved by hand before "proposals", which refers to it)
CREATE TABLE `budget_motions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `amount_cents` integer NOT NULL, `before_cents` integer NOT NULL, `currency` text NOT NULL, `hourly_rate_cents` integer NULL, `planned_minutes` integer NULL, `pm_charge_percent` integer NULL, `description` text NULL, `reason` text NULL, `proposed_at` datetime NOT NULL, `needs_lead_decision` bool NOT NULL, `consent_by` text NULL, `consented_at` datetime NULL, `status` text NOT NULL DEFAULT ('PENDING'), `settled_at` datetime NULL, `outcome` text NULL, `share_id` integer NULL, `coop_id` integer NULL, `person_id` integer NULL, `author_id` integer NULL, `consent_coop_id` integer NULL, `consented_by_id` integer NULL, `applied_change_id` integer NULL, `project_id` integer NOT NULL, CONSTRAINT `budget_motions_budget_shares_share` FOREIGN KEY (`share_id`) REFERENCES `budget_shares` (`id`) ON DELETE SET NULL, CONSTRAINT `budget_motions_coops_coop` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE SET NULL, CONSTRAINT `budget_motions_persons_person` FOREIGN KEY (`person_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `budget_motions_persons_author` FOREIGN KEY (`author_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `budget_motions_coops_consent_coop` FOREIGN KEY (`consent_coop_id`) REFERENCES `coops` (`id`) ON DELETE SET NULL, CONSTRAINT `budget_motions_persons_consented_by` FOREIGN KEY (`consented_by_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `budget_motions_budget_changes_applied_change` FOREIGN KEY (`applied_change_id`) REFERENCES `budget_changes` (`id`) ON DELETE SET NULL, CONSTRAINT `budget_motions_projects_budget_motions` FOREIGN KEY (`project_id`) REFERENCES `projects` (`id`) ON DELETE NO ACTION, CONSTRAINT `budget_motion_amounts_non_negative` CHECK (amount_cents >= 0 AND before_cents >= 0));
-- Set sequence for "budget_motions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("budget_motions", 90194313216);
-- Create index "budgetmotion_project_id_status" to table: "budget_motions"
CREATE INDEX `budgetmotion_project_id_status` ON `budget_motions` (`project_id`, `status`);
-- Create "new_proposals" table
CREATE TABLE `new_proposals` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `title` text NOT NULL, `body` text NULL, `status` text NOT NULL DEFAULT ('OPEN'), `rule` text NOT NULL, `quorum_percent` integer NOT NULL, `opened_at` datetime NOT NULL, `closes_at` datetime NOT NULL, `closed_at` datetime NULL, `budget_motion_id` integer NULL, `coop_id` integer NOT NULL, `membership_id` integer NULL, `project_id` integer NULL, `author_id` integer NULL, CONSTRAINT `proposals_budget_motions_proposals` FOREIGN KEY (`budget_motion_id`) REFERENCES `budget_motions` (`id`) ON DELETE SET NULL, CONSTRAINT `proposals_coops_proposals` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `proposals_memberships_admission_proposals` FOREIGN KEY (`membership_id`) REFERENCES `memberships` (`id`) ON DELETE SET NULL, CONSTRAINT `proposals_projects_proposals` FOREIGN KEY (`project_id`) REFERENCES `projects` (`id`) ON DELETE SET NULL, CONSTRAINT `proposals_persons_author` FOREIGN KEY (`author_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `proposal_quorum_range` CHECK (quorum_percent BETWEEN 0 AND 100));
-- Set sequence for "new_proposals" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_proposals", 60129542144);
-- Copy rows from old table "proposals" to new temporary table "new_proposals"
INSERT INTO `new_proposals` (`id`, `created_at`, `updated_at`, `kind`, `title`, `body`, `status`, `rule`, `quorum_percent`, `opened_at`, `closes_at`, `closed_at`, `coop_id`, `membership_id`, `project_id`, `author_id`) SELECT `id`, `created_at`, `updated_at`, `kind`, `title`, `body`, `status`, `rule`, `quorum_percent`, `opened_at`, `closes_at`, `closed_at`, `coop_id`, `membership_id`, `project_id`, `author_id` FROM `proposals`;
-- Drop "proposals" table after copying rows
DROP TABLE `proposals`;
-- Rename temporary table "new_proposals" to "proposals"
ALTER TABLE `new_proposals` RENAME TO `proposals`;
-- Create index "proposal_coop_id_status" to table: "proposals"
CREATE INDEX `proposal_coop_id_status` ON `proposals` (`coop_id`, `status`);
-- Add column "currency" to table: "surplus_parts"
ALTER TABLE `surplus_parts` ADD COLUMN `currency` text NULL;
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
-- Backfill (hand-written): existing amounts read as Money in their currency.
UPDATE "surplus_parts" SET "currency" = (SELECT "currency" FROM "surplus_distributions" WHERE "surplus_distributions"."id" = "surplus_parts"."distribution_id") WHERE "currency" IS NULL;
UPDATE "memberships" SET "buy_in_currency" = (SELECT "currency" FROM "coops" WHERE "coops"."id" = "memberships"."coop_id") WHERE "buy_in_paid_cents" IS NOT NULL AND "buy_in_currency" IS NULL;
