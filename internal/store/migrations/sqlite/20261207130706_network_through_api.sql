-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Add column "archived_at" to table: "availabilities"
ALTER TABLE `availabilities` ADD COLUMN `archived_at` datetime NULL;
-- Add column "archived_at" to table: "groups"
ALTER TABLE `groups` ADD COLUMN `archived_at` datetime NULL;
-- Add column "archived_at" to table: "milestone_templates"
ALTER TABLE `milestone_templates` ADD COLUMN `archived_at` datetime NULL;
-- Add column "starts_on" to table: "project_skill_needs"
ALTER TABLE `project_skill_needs` ADD COLUMN `starts_on` datetime NULL;
-- Add column "ends_on" to table: "project_skill_needs"
ALTER TABLE `project_skill_needs` ADD COLUMN `ends_on` datetime NULL;
-- Add column "archived_at" to table: "skills"
ALTER TABLE `skills` ADD COLUMN `archived_at` datetime NULL;
-- Create "new_persons" table
CREATE TABLE `new_persons` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `email` text NULL, `pending_email` text NULL, `subject` text NULL, `bio` text NULL, `city` text NULL, `phone` text NULL, `hourly_rate_cents` integer NULL, `rate_currency` text NOT NULL DEFAULT ('EUR'), `claim_on_first_login` bool NOT NULL DEFAULT (false), `erased_at` datetime NULL, CONSTRAINT `person_rate_currency_iso` CHECK (length(rate_currency) = 3 AND upper(rate_currency) = rate_currency), CONSTRAINT `person_rate_non_negative` CHECK (hourly_rate_cents IS NULL OR hourly_rate_cents >= 0));
-- Set sequence for "new_persons" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_persons", 42949672960);
-- Copy rows from old table "persons" to new temporary table "new_persons"
INSERT INTO `new_persons` (`id`, `created_at`, `updated_at`, `name`, `email`, `pending_email`, `subject`, `bio`, `city`, `phone`, `hourly_rate_cents`, `rate_currency`) SELECT `id`, `created_at`, `updated_at`, `name`, `email`, `pending_email`, `subject`, `bio`, `city`, `phone`, `hourly_rate_cents`, `rate_currency` FROM `persons`;
-- Drop "persons" table after copying rows
DROP TABLE `persons`;
-- Rename temporary table "new_persons" to "persons"
ALTER TABLE `new_persons` RENAME TO `persons`;
-- Create index "persons_email_key" to table: "persons"
CREATE UNIQUE INDEX `persons_email_key` ON `persons` (`email`);
-- Create index "persons_subject_key" to table: "persons"
CREATE UNIQUE INDEX `persons_subject_key` ON `persons` (`subject`);
-- Create "new_networks" table
CREATE TABLE `new_networks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `slug` text NOT NULL, `description` text NULL, `etiquette` text NULL, `etiquette_version` integer NOT NULL DEFAULT (1), `self_sign_up` bool NOT NULL DEFAULT (false), `default_rule` text NOT NULL DEFAULT ('TWO_THIRDS'), `quorum_percent` integer NOT NULL DEFAULT (50), `decision_rules` json NULL, `participant_voice` text NOT NULL DEFAULT ('ADVISORY'), `bylaws_text` text NULL, `bylaws_version` integer NOT NULL DEFAULT (1), `taxonomy_version` integer NOT NULL DEFAULT (1));
-- Set sequence for "new_networks" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_networks", 30064771072);
-- Copy rows from old table "networks" to new temporary table "new_networks"
INSERT INTO `new_networks` (`id`, `created_at`, `updated_at`, `name`, `slug`, `description`, `etiquette`, `self_sign_up`, `default_rule`, `quorum_percent`, `decision_rules`, `participant_voice`, `bylaws_text`, `bylaws_version`, `taxonomy_version`) SELECT `id`, `created_at`, `updated_at`, `name`, `slug`, `description`, `etiquette`, `self_sign_up`, `default_rule`, `quorum_percent`, `decision_rules`, `participant_voice`, `bylaws_text`, `bylaws_version`, `taxonomy_version` FROM `networks`;
-- Drop "networks" table after copying rows
DROP TABLE `networks`;
-- Rename temporary table "new_networks" to "networks"
ALTER TABLE `new_networks` RENAME TO `networks`;
-- Create index "networks_slug_key" to table: "networks"
CREATE UNIQUE INDEX `networks_slug_key` ON `networks` (`slug`);
-- Add column "archived_at" to table: "projects"
ALTER TABLE `projects` ADD COLUMN `archived_at` datetime NULL;
-- Add column "archived_at" to table: "coops"
ALTER TABLE `coops` ADD COLUMN `archived_at` datetime NULL;
-- Create "audit_objects" table
CREATE TABLE `audit_objects` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `object_type` text NOT NULL, `object_id` integer NOT NULL, `action` text NOT NULL, `coop_id` integer NULL, `network_id` integer NULL, `person_id` integer NULL, `fields` json NULL, `links` json NULL, `record_id` integer NOT NULL, CONSTRAINT `audit_objects_audit_records_objects` FOREIGN KEY (`record_id`) REFERENCES `audit_records` (`id`) ON DELETE NO ACTION);
-- Set sequence for "audit_objects" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("audit_objects", 111669149696);
-- Create index "auditobject_record_id" to table: "audit_objects"
CREATE INDEX `auditobject_record_id` ON `audit_objects` (`record_id`);
-- Create index "auditobject_object_id" to table: "audit_objects"
CREATE INDEX `auditobject_object_id` ON `audit_objects` (`object_id`);
-- Create index "auditobject_coop_id_record_id" to table: "audit_objects"
CREATE INDEX `auditobject_coop_id_record_id` ON `audit_objects` (`coop_id`, `record_id`);
-- Create index "auditobject_network_id_record_id" to table: "audit_objects"
CREATE INDEX `auditobject_network_id_record_id` ON `audit_objects` (`network_id`, `record_id`);
-- Create index "auditobject_person_id_record_id" to table: "audit_objects"
CREATE INDEX `auditobject_person_id_record_id` ON `audit_objects` (`person_id`, `record_id`);
-- Create "audit_records" table
CREATE TABLE `audit_records` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `at` datetime NOT NULL, `operation` text NOT NULL, `actor_id` integer NULL, `subject` text NULL, `reason` text NULL, `rules` json NULL);
-- Set sequence for "audit_records" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("audit_records", 115964116992);
-- Create index "auditrecord_actor_id" to table: "audit_records"
CREATE INDEX `auditrecord_actor_id` ON `audit_records` (`actor_id`);
-- Create index "auditrecord_at" to table: "audit_records"
CREATE INDEX `auditrecord_at` ON `audit_records` (`at`);
-- Create "consents" table
CREATE TABLE `consents` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `kind` text NOT NULL, `version` integer NOT NULL, `accepted_at` datetime NOT NULL, `withdrawn_at` datetime NULL, `network_id` integer NULL, `person_id` integer NOT NULL, CONSTRAINT `consents_networks_network` FOREIGN KEY (`network_id`) REFERENCES `networks` (`id`) ON DELETE SET NULL, CONSTRAINT `consents_persons_consents` FOREIGN KEY (`person_id`) REFERENCES `persons` (`id`) ON DELETE NO ACTION);
-- Set sequence for "consents" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("consents", 120259084288);
-- Create index "consent_person_id_kind_network_id" to table: "consents"
CREATE INDEX `consent_person_id_kind_network_id` ON `consents` (`person_id`, `kind`, `network_id`);
-- Create "group_invitations" table
CREATE TABLE `group_invitations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `invited_by_id` integer NULL, `state` text NOT NULL DEFAULT ('OPEN'), `answered_by_id` integer NULL, `answered_at` datetime NULL, `group_id` integer NOT NULL, `person_id` integer NULL, `coop_id` integer NULL, CONSTRAINT `group_invitations_groups_group` FOREIGN KEY (`group_id`) REFERENCES `groups` (`id`) ON DELETE NO ACTION, CONSTRAINT `group_invitations_persons_person` FOREIGN KEY (`person_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `group_invitations_coops_coop` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE SET NULL, CONSTRAINT `group_invitation_one_invitee` CHECK (person_id IS NULL AND coop_id IS NOT NULL OR person_id IS NOT NULL AND coop_id IS NULL));
-- Set sequence for "group_invitations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("group_invitations", 124554051584);
-- Create index "groupinvitation_group_id_state" to table: "group_invitations"
CREATE INDEX `groupinvitation_group_id_state` ON `group_invitations` (`group_id`, `state`);
-- Create index "groupinvitation_person_id" to table: "group_invitations"
CREATE INDEX `groupinvitation_person_id` ON `group_invitations` (`person_id`);
-- Create index "groupinvitation_coop_id" to table: "group_invitations"
CREATE INDEX `groupinvitation_coop_id` ON `group_invitations` (`coop_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
