-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_surplus_distributions" table
CREATE TABLE `new_surplus_distributions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `fiscal_year` integer NOT NULL, `surplus_cents` integer NOT NULL, `distributed_percent` integer NOT NULL, `distributed_cents` integer NOT NULL, `retained_cents` integer NOT NULL, `currency` text NOT NULL, `recorded_at` datetime NOT NULL, `coop_id` integer NOT NULL, `recorded_by_id` integer NULL, `proposal_id` integer NULL, CONSTRAINT `surplus_distributions_coops_coop` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `surplus_distributions_persons_recorded_by` FOREIGN KEY (`recorded_by_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `surplus_distributions_proposals_proposal` FOREIGN KEY (`proposal_id`) REFERENCES `proposals` (`id`) ON DELETE SET NULL, CONSTRAINT `surplus_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency), CONSTRAINT `surplus_sums` CHECK (distributed_cents + retained_cents = surplus_cents));
-- Set sequence for "new_surplus_distributions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_surplus_distributions", 81604378624);
-- Copy rows from old table "surplus_distributions" to new temporary table "new_surplus_distributions"
INSERT INTO `new_surplus_distributions` (`id`, `fiscal_year`, `surplus_cents`, `distributed_percent`, `distributed_cents`, `retained_cents`, `currency`, `recorded_at`, `coop_id`, `recorded_by_id`) SELECT `id`, `fiscal_year`, `surplus_cents`, `distributed_percent`, `distributed_cents`, `retained_cents`, `currency`, `recorded_at`, `coop_id`, `recorded_by_id` FROM `surplus_distributions`;
-- Drop "surplus_distributions" table after copying rows
DROP TABLE `surplus_distributions`;
-- Rename temporary table "new_surplus_distributions" to "surplus_distributions"
ALTER TABLE `new_surplus_distributions` RENAME TO `surplus_distributions`;
-- Create index "surplusdistribution_coop_id_fiscal_year" to table: "surplus_distributions"
CREATE UNIQUE INDEX `surplusdistribution_coop_id_fiscal_year` ON `surplus_distributions` (`coop_id`, `fiscal_year`);
-- Create "new_coops" table
CREATE TABLE `new_coops` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `slug` text NOT NULL, `legal_form` text NULL, `city` text NULL, `website` text NULL, `description` text NULL, `candidacy_days` integer NOT NULL DEFAULT (180), `freelancer_right_to_join_days` integer NOT NULL DEFAULT (365), `admission_rule` text NOT NULL DEFAULT ('CONSENSUS'), `quorum_percent` integer NOT NULL DEFAULT (50), `buy_in_cents` integer NOT NULL DEFAULT (0), `surplus_share_percent` integer NOT NULL DEFAULT (75), `budget_change_threshold_cents` integer NOT NULL DEFAULT (0), `currency` text NOT NULL DEFAULT ('EUR'), `share_reduction_consent` text NOT NULL DEFAULT ('PROPOSAL'), `surplus_includes_former_members` bool NOT NULL DEFAULT (true), CONSTRAINT `coop_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency), CONSTRAINT `coop_days_non_negative` CHECK (candidacy_days >= 0 AND freelancer_right_to_join_days >= 0), CONSTRAINT `coop_money_non_negative` CHECK (buy_in_cents >= 0 AND budget_change_threshold_cents >= 0), CONSTRAINT `coop_percent_range` CHECK (quorum_percent BETWEEN 0 AND 100 AND surplus_share_percent BETWEEN 0 AND 100));
-- Set sequence for "new_coops" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_coops", 8589934592);
-- Copy rows from old table "coops" to new temporary table "new_coops"
INSERT INTO `new_coops` (`id`, `created_at`, `updated_at`, `name`, `slug`, `legal_form`, `city`, `website`, `description`, `candidacy_days`, `freelancer_right_to_join_days`, `admission_rule`, `quorum_percent`, `buy_in_cents`, `surplus_share_percent`, `budget_change_threshold_cents`, `currency`, `share_reduction_consent`) SELECT `id`, `created_at`, `updated_at`, `name`, `slug`, `legal_form`, `city`, `website`, `description`, `candidacy_days`, `freelancer_right_to_join_days`, `admission_rule`, `quorum_percent`, `buy_in_cents`, `surplus_share_percent`, `budget_change_threshold_cents`, `currency`, `share_reduction_consent` FROM `coops`;
-- Drop "coops" table after copying rows
DROP TABLE `coops`;
-- Rename temporary table "new_coops" to "coops"
ALTER TABLE `new_coops` RENAME TO `coops`;
-- Create index "coops_slug_key" to table: "coops"
CREATE UNIQUE INDEX `coops_slug_key` ON `coops` (`slug`);
-- Create "new_proposals" table
CREATE TABLE `new_proposals` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `title` text NOT NULL, `body` text NULL, `status` text NOT NULL DEFAULT ('OPEN'), `rule` text NOT NULL, `quorum_percent` integer NOT NULL, `opened_at` datetime NOT NULL, `closes_at` datetime NOT NULL, `closed_at` datetime NULL, `close_reason` text NULL, `fiscal_year` integer NULL, `surplus_cents` integer NULL, `surplus_currency` text NULL, `distributed_percent` integer NULL, `budget_motion_id` integer NULL, `coop_id` integer NOT NULL, `membership_id` integer NULL, `project_id` integer NULL, `author_id` integer NULL, CONSTRAINT `proposals_budget_motions_proposals` FOREIGN KEY (`budget_motion_id`) REFERENCES `budget_motions` (`id`) ON DELETE SET NULL, CONSTRAINT `proposals_coops_proposals` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `proposals_memberships_admission_proposals` FOREIGN KEY (`membership_id`) REFERENCES `memberships` (`id`) ON DELETE SET NULL, CONSTRAINT `proposals_projects_proposals` FOREIGN KEY (`project_id`) REFERENCES `projects` (`id`) ON DELETE SET NULL, CONSTRAINT `proposals_persons_author` FOREIGN KEY (`author_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `proposal_quorum_range` CHECK (quorum_percent BETWEEN 0 AND 100));
-- Set sequence for "new_proposals" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_proposals", 60129542144);
-- Copy rows from old table "proposals" to new temporary table "new_proposals"
INSERT INTO `new_proposals` (`id`, `created_at`, `updated_at`, `kind`, `title`, `body`, `status`, `rule`, `quorum_percent`, `opened_at`, `closes_at`, `closed_at`, `close_reason`, `budget_motion_id`, `coop_id`, `membership_id`, `project_id`, `author_id`) SELECT `id`, `created_at`, `updated_at`, `kind`, `title`, `body`, `status`, `rule`, `quorum_percent`, `opened_at`, `closes_at`, `closed_at`, `close_reason`, `budget_motion_id`, `coop_id`, `membership_id`, `project_id`, `author_id` FROM `proposals`;
-- Drop "proposals" table after copying rows
DROP TABLE `proposals`;
-- Rename temporary table "new_proposals" to "proposals"
ALTER TABLE `new_proposals` RENAME TO `proposals`;
-- Create index "proposal_coop_id_status" to table: "proposals"
CREATE INDEX `proposal_coop_id_status` ON `proposals` (`coop_id`, `status`);
-- Create index "proposals_open_per_membership" to table: "proposals"
CREATE UNIQUE INDEX `proposals_open_per_membership` ON `proposals` (`membership_id`) WHERE ((membership_id IS NOT NULL) AND (closed_at IS NULL));
-- Create index "proposals_open_surplus_per_year" to table: "proposals"
CREATE UNIQUE INDEX `proposals_open_surplus_per_year` ON `proposals` (`coop_id`, `fiscal_year`) WHERE ((fiscal_year IS NOT NULL) AND (closed_at IS NULL));
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
