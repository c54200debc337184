-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_networks" table
CREATE TABLE `new_networks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `slug` text NOT NULL, `description` text NULL, `etiquette` text NULL, `self_sign_up` bool NOT NULL DEFAULT (false), `default_rule` text NOT NULL DEFAULT ('TWO_THIRDS'), `quorum_percent` integer NOT NULL DEFAULT (50), `decision_rules` json NULL, `participant_voice` text NOT NULL DEFAULT ('ADVISORY'), `bylaws_text` text NULL, `bylaws_version` integer NOT NULL DEFAULT (1), `taxonomy_version` integer NOT NULL DEFAULT (1));
-- Set sequence for "new_networks" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_networks", 30064771072);
-- Copy rows from old table "networks" to new temporary table "new_networks"
INSERT INTO `new_networks` (`id`, `created_at`, `updated_at`, `name`, `slug`, `description`, `etiquette`, `self_sign_up`, `taxonomy_version`) SELECT `id`, `created_at`, `updated_at`, `name`, `slug`, `description`, `etiquette`, `self_sign_up`, `taxonomy_version` FROM `networks`;
-- Drop "networks" table after copying rows
DROP TABLE `networks`;
-- Rename temporary table "new_networks" to "networks"
ALTER TABLE `new_networks` RENAME TO `networks`;
-- Create index "networks_slug_key" to table: "networks"
CREATE UNIQUE INDEX `networks_slug_key` ON `networks` (`slug`);
-- Create "new_projects" table
CREATE TABLE `new_projects` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `client_name` text NOT NULL, `description` text NULL, `status` text NOT NULL DEFAULT ('PROPOSED'), `total_budget_cents` integer NOT NULL, `currency` text NOT NULL DEFAULT ('EUR'), `pm_charge_percent` integer NOT NULL DEFAULT (0), `deciders` text NOT NULL DEFAULT ('LEAD_COOP'), `starts_on` datetime NULL, `ends_on` datetime NULL, `lead_coop_id` integer NOT NULL, `network_id` integer NULL, CONSTRAINT `projects_coops_led_projects` FOREIGN KEY (`lead_coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `projects_networks_projects` FOREIGN KEY (`network_id`) REFERENCES `networks` (`id`) ON DELETE SET NULL, CONSTRAINT `project_budget_non_negative` CHECK (total_budget_cents >= 0), CONSTRAINT `project_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency), CONSTRAINT `project_dates_ordered` CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on), CONSTRAINT `project_pm_charge_range` CHECK (pm_charge_percent BETWEEN 0 AND 100));
-- Set sequence for "new_projects" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_projects", 51539607552);
-- Copy rows from old table "projects" to new temporary table "new_projects"
INSERT INTO `new_projects` (`id`, `created_at`, `updated_at`, `name`, `client_name`, `description`, `status`, `total_budget_cents`, `currency`, `pm_charge_percent`, `starts_on`, `ends_on`, `lead_coop_id`, `network_id`) SELECT `id`, `created_at`, `updated_at`, `name`, `client_name`, `description`, `status`, `total_budget_cents`, `currency`, `pm_charge_percent`, `starts_on`, `ends_on`, `lead_coop_id`, `network_id` FROM `projects`;
-- Drop "projects" table after copying rows
DROP TABLE `projects`;
-- Rename temporary table "new_projects" to "projects"
ALTER TABLE `new_projects` RENAME TO `projects`;
-- Create index "project_lead_coop_id_status" to table: "projects"
CREATE INDEX `project_lead_coop_id_status` ON `projects` (`lead_coop_id`, `status`);
-- Create "new_votes" table
CREATE TABLE `new_votes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `choice` text NOT NULL, `reason` text NULL, `cast_at` datetime NOT NULL, `voter_id` integer NULL, `proposal_id` integer NOT NULL, `voter_coop_id` integer NULL, `decided_by_id` integer NULL, CONSTRAINT `votes_persons_votes` FOREIGN KEY (`voter_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `votes_proposals_votes` FOREIGN KEY (`proposal_id`) REFERENCES `proposals` (`id`) ON DELETE NO ACTION, CONSTRAINT `votes_coops_voter_coop` FOREIGN KEY (`voter_coop_id`) REFERENCES `coops` (`id`) ON DELETE SET NULL, CONSTRAINT `votes_proposals_decided_by` FOREIGN KEY (`decided_by_id`) REFERENCES `proposals` (`id`) ON DELETE SET NULL, CONSTRAINT `vote_has_voter` CHECK (voter_id IS NOT NULL OR voter_coop_id IS NOT NULL));
-- Set sequence for "new_votes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_votes", 73014444032);
-- Copy rows from old table "votes" to new temporary table "new_votes"
INSERT INTO `new_votes` (`id`, `choice`, `reason`, `cast_at`, `voter_id`, `proposal_id`) SELECT `id`, `choice`, `reason`, `cast_at`, `voter_id`, `proposal_id` FROM `votes`;
-- Drop "votes" table after copying rows
DROP TABLE `votes`;
-- Rename temporary table "new_votes" to "votes"
ALTER TABLE `new_votes` RENAME TO `votes`;
-- Create index "votes_one_per_person" to table: "votes"
CREATE UNIQUE INDEX `votes_one_per_person` ON `votes` (`proposal_id`, `voter_id`) WHERE (voter_coop_id IS NULL);
-- Create index "votes_one_per_coop" to table: "votes"
CREATE UNIQUE INDEX `votes_one_per_coop` ON `votes` (`proposal_id`, `voter_coop_id`) WHERE (voter_coop_id IS NOT NULL);
-- Add column "left_reason" to table: "memberships"
ALTER TABLE `memberships` ADD COLUMN `left_reason` text NULL;
-- Add column "buy_in_refund_owed_cents" to table: "memberships"
ALTER TABLE `memberships` ADD COLUMN `buy_in_refund_owed_cents` integer NULL;
-- Create "new_coops" table
CREATE TABLE `new_coops` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `slug` text NOT NULL, `legal_form` text NULL, `city` text NULL, `website` text NULL, `description` text NULL, `candidacy_days` integer NOT NULL DEFAULT (180), `freelancer_right_to_join_days` integer NOT NULL DEFAULT (365), `admission_rule` text NOT NULL DEFAULT ('CONSENSUS'), `quorum_percent` integer NOT NULL DEFAULT (50), `buy_in_cents` integer NOT NULL DEFAULT (0), `surplus_share_percent` integer NOT NULL DEFAULT (75), `budget_change_threshold_cents` integer NOT NULL DEFAULT (0), `currency` text NOT NULL DEFAULT ('EUR'), `share_reduction_consent` text NOT NULL DEFAULT ('PROPOSAL'), `decision_rules` json NULL, `bylaws_text` text NULL, `bylaws_version` integer NOT NULL DEFAULT (1), `network_votes` text NOT NULL DEFAULT ('INTERNAL_PROPOSAL'), `surplus_includes_former_members` bool NOT NULL DEFAULT (true), `network_delegate_id` integer NULL, CONSTRAINT `coops_persons_network_delegate` FOREIGN KEY (`network_delegate_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `coop_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency), CONSTRAINT `coop_days_non_negative` CHECK (candidacy_days >= 0 AND freelancer_right_to_join_days >= 0), CONSTRAINT `coop_money_non_negative` CHECK (buy_in_cents >= 0 AND budget_change_threshold_cents >= 0), CONSTRAINT `coop_percent_range` CHECK (quorum_percent BETWEEN 0 AND 100 AND surplus_share_percent BETWEEN 0 AND 100));
-- Set sequence for "new_coops" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_coops", 8589934592);
-- Copy rows from old table "coops" to new temporary table "new_coops"
INSERT INTO `new_coops` (`id`, `created_at`, `updated_at`, `name`, `slug`, `legal_form`, `city`, `website`, `description`, `candidacy_days`, `freelancer_right_to_join_days`, `admission_rule`, `quorum_percent`, `buy_in_cents`, `surplus_share_percent`, `budget_change_threshold_cents`, `currency`, `share_reduction_consent`, `surplus_includes_former_members`) SELECT `id`, `created_at`, `updated_at`, `name`, `slug`, `legal_form`, `city`, `website`, `description`, `candidacy_days`, `freelancer_right_to_join_days`, `admission_rule`, `quorum_percent`, `buy_in_cents`, `surplus_share_percent`, `budget_change_threshold_cents`, `currency`, `share_reduction_consent`, `surplus_includes_former_members` FROM `coops`;
-- Drop "coops" table after copying rows
DROP TABLE `coops`;
-- Rename temporary table "new_coops" to "coops"
ALTER TABLE `new_coops` RENAME TO `coops`;
-- Create index "coops_slug_key" to table: "coops"
CREATE UNIQUE INDEX `coops_slug_key` ON `coops` (`slug`);
-- Create "new_proposals" table
CREATE TABLE `new_proposals` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `electorate` text NOT NULL DEFAULT ('MEMBERS'), `title` text NOT NULL, `body` text NULL, `status` text NOT NULL DEFAULT ('OPEN'), `rule` text NOT NULL, `threshold_percent` integer NULL, `block_threshold` integer NULL, `stand_asides` text NULL, `quorum_percent` integer NOT NULL, `min_voting_days` integer NOT NULL DEFAULT (0), `opened_at` datetime NOT NULL, `closes_at` datetime NOT NULL, `closed_at` datetime NULL, `close_reason` text NULL, `fiscal_year` integer NULL, `surplus_cents` integer NULL, `surplus_currency` text NULL, `bylaws_change` json NULL, `distributed_percent` integer NULL, `budget_motion_id` integer NULL, `coop_id` integer NULL, `membership_id` integer NULL, `network_id` integer NULL, `project_id` integer NULL, `subject_coop_id` integer NULL, `parent_id` integer NULL, `author_id` integer NULL, CONSTRAINT `proposals_budget_motions_proposals` FOREIGN KEY (`budget_motion_id`) REFERENCES `budget_motions` (`id`) ON DELETE SET NULL, CONSTRAINT `proposals_coops_proposals` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE SET NULL, CONSTRAINT `proposals_memberships_admission_proposals` FOREIGN KEY (`membership_id`) REFERENCES `memberships` (`id`) ON DELETE SET NULL, CONSTRAINT `proposals_networks_proposals` FOREIGN KEY (`network_id`) REFERENCES `networks` (`id`) ON DELETE SET NULL, CONSTRAINT `proposals_projects_proposals` FOREIGN KEY (`project_id`) REFERENCES `projects` (`id`) ON DELETE SET NULL, CONSTRAINT `proposals_coops_subject_coop` FOREIGN KEY (`subject_coop_id`) REFERENCES `coops` (`id`) ON DELETE SET NULL, CONSTRAINT `proposals_proposals_coop_votes` FOREIGN KEY (`parent_id`) REFERENCES `proposals` (`id`) ON DELETE SET NULL, CONSTRAINT `proposals_persons_author` FOREIGN KEY (`author_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `proposal_decided_by` CHECK (coop_id IS NOT NULL OR network_id IS NOT NULL), CONSTRAINT `proposal_quorum_range` CHECK (quorum_percent BETWEEN 0 AND 100));
-- Set sequence for "new_proposals" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_proposals", 60129542144);
-- Copy rows from old table "proposals" to new temporary table "new_proposals"
INSERT INTO `new_proposals` (`id`, `created_at`, `updated_at`, `kind`, `title`, `body`, `status`, `rule`, `quorum_percent`, `opened_at`, `closes_at`, `closed_at`, `close_reason`, `fiscal_year`, `surplus_cents`, `surplus_currency`, `distributed_percent`, `budget_motion_id`, `coop_id`, `membership_id`, `project_id`, `author_id`) SELECT `id`, `created_at`, `updated_at`, `kind`, `title`, `body`, `status`, `rule`, `quorum_percent`, `opened_at`, `closes_at`, `closed_at`, `close_reason`, `fiscal_year`, `surplus_cents`, `surplus_currency`, `distributed_percent`, `budget_motion_id`, `coop_id`, `membership_id`, `project_id`, `author_id` FROM `proposals`;
-- Drop "proposals" table after copying rows
DROP TABLE `proposals`;
-- Rename temporary table "new_proposals" to "proposals"
ALTER TABLE `new_proposals` RENAME TO `proposals`;
-- Create index "proposal_coop_id_status" to table: "proposals"
CREATE INDEX `proposal_coop_id_status` ON `proposals` (`coop_id`, `status`);
-- Create index "proposal_network_id_status" to table: "proposals"
CREATE INDEX `proposal_network_id_status` ON `proposals` (`network_id`, `status`);
-- Create index "proposal_status_closes_at" to table: "proposals"
CREATE INDEX `proposal_status_closes_at` ON `proposals` (`status`, `closes_at`);
-- Create index "proposals_open_coop_vote" to table: "proposals"
CREATE UNIQUE INDEX `proposals_open_coop_vote` ON `proposals` (`parent_id`, `coop_id`) WHERE ((parent_id IS NOT NULL) AND (closed_at IS NULL));
-- Create index "proposals_open_per_membership" to table: "proposals"
CREATE UNIQUE INDEX `proposals_open_per_membership` ON `proposals` (`membership_id`) WHERE ((membership_id IS NOT NULL) AND (closed_at IS NULL));
-- Create index "proposals_open_surplus_per_year" to table: "proposals"
CREATE UNIQUE INDEX `proposals_open_surplus_per_year` ON `proposals` (`coop_id`, `fiscal_year`) WHERE ((fiscal_year IS NOT NULL) AND (closed_at IS NULL));
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
