-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_memberships" table
CREATE TABLE `new_memberships` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `state` text NOT NULL DEFAULT ('INTERESTED'), `state_since` datetime NOT NULL, `joined_at` datetime NOT NULL, `buy_in_recorded_at` datetime NULL, `buy_in_paid_cents` integer NULL, `buy_in_currency` text NULL, `pathway` integer NOT NULL DEFAULT (1), `buddy_pathway` integer NOT NULL DEFAULT (1), `buy_in_pathway` integer NOT NULL DEFAULT (1), `coop_id` integer NOT NULL, `person_id` integer NOT NULL, `buddy_id` integer NULL, CONSTRAINT `memberships_coops_memberships` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `memberships_persons_memberships` FOREIGN KEY (`person_id`) REFERENCES `persons` (`id`) ON DELETE NO ACTION, CONSTRAINT `memberships_persons_buddy_of` FOREIGN KEY (`buddy_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `membership_buy_in_non_negative` CHECK (buy_in_paid_cents IS NULL OR buy_in_paid_cents >= 0));
-- Set sequence for "new_memberships" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_memberships", 17179869184);
-- Copy rows from old table "memberships" to new temporary table "new_memberships"
INSERT INTO `new_memberships` (`id`, `created_at`, `updated_at`, `state`, `state_since`, `joined_at`, `buy_in_recorded_at`, `buy_in_paid_cents`, `buy_in_currency`, `coop_id`, `person_id`, `buddy_id`) SELECT `id`, `created_at`, `updated_at`, `state`, `state_since`, `joined_at`, `buy_in_recorded_at`, `buy_in_paid_cents`, `buy_in_currency`, `coop_id`, `person_id`, `buddy_id` FROM `memberships`;
-- Drop "memberships" table after copying rows
DROP TABLE `memberships`;
-- Rename temporary table "new_memberships" to "memberships"
ALTER TABLE `new_memberships` RENAME TO `memberships`;
-- Create index "membership_person_id_coop_id" to table: "memberships"
CREATE UNIQUE INDEX `membership_person_id_coop_id` ON `memberships` (`person_id`, `coop_id`);
-- Create index "membership_coop_id_state" to table: "memberships"
CREATE INDEX `membership_coop_id_state` ON `memberships` (`coop_id`, `state`);
-- Create "new_milestone_progresses" table
CREATE TABLE `new_milestone_progresses` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `completed_at` datetime NULL, `verified_at` datetime NULL, `note` text NULL, `pathway` integer NOT NULL DEFAULT (1), `membership_id` integer NOT NULL, `verified_by_id` integer NULL, `template_id` integer NOT NULL, CONSTRAINT `milestone_progresses_memberships_milestones` FOREIGN KEY (`membership_id`) REFERENCES `memberships` (`id`) ON DELETE NO ACTION, CONSTRAINT `milestone_progresses_persons_verified_by` FOREIGN KEY (`verified_by_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `milestone_progresses_milestone_templates_progress` FOREIGN KEY (`template_id`) REFERENCES `milestone_templates` (`id`) ON DELETE NO ACTION);
-- Set sequence for "new_milestone_progresses" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_milestone_progresses", 21474836480);
-- Copy rows from old table "milestone_progresses" to new temporary table "new_milestone_progresses"
INSERT INTO `new_milestone_progresses` (`id`, `created_at`, `updated_at`, `completed_at`, `verified_at`, `note`, `membership_id`, `verified_by_id`, `template_id`) SELECT `id`, `created_at`, `updated_at`, `completed_at`, `verified_at`, `note`, `membership_id`, `verified_by_id`, `template_id` FROM `milestone_progresses`;
-- Drop "milestone_progresses" table after copying rows
DROP TABLE `milestone_progresses`;
-- Rename temporary table "new_milestone_progresses" to "milestone_progresses"
ALTER TABLE `new_milestone_progresses` RENAME TO `milestone_progresses`;
-- Create index "milestoneprogress_membership_id_template_id_pathway" to table: "milestone_progresses"
CREATE UNIQUE INDEX `milestoneprogress_membership_id_template_id_pathway` ON `milestone_progresses` (`membership_id`, `template_id`, `pathway`);
-- Add column "close_reason" to table: "proposals"
ALTER TABLE `proposals` ADD COLUMN `close_reason` text NULL;
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
-- Backfill: a membership's pathway counts its REJOINs; what earlier pathways recorded (buddy, buy-in, milestones, all pathway 1) no longer counts for a rejoined one
UPDATE `memberships` SET `pathway` = 1 + (SELECT COUNT(*) FROM `pathway_events` WHERE `pathway_events`.`membership_id` = `memberships`.`id` AND `pathway_events`.`from_state` = 'LEFT');
