-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_persons" table
CREATE TABLE `new_persons` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `email` text NULL, `pending_email` text NULL, `subject` text NULL, `bio` text NULL, `city` text NULL, `phone` text NULL, `hourly_rate_cents` integer NULL, `rate_currency` text NOT NULL DEFAULT ('EUR'), `claim_on_first_login` bool NOT NULL DEFAULT (false), `erased_at` datetime NULL, `public_name` bool NOT NULL DEFAULT (false), `public_city` bool NOT NULL DEFAULT (false), `public_skills` bool NOT NULL DEFAULT (false), `public_availability` bool NOT NULL DEFAULT (false), `public_coops` bool NOT NULL DEFAULT (false), CONSTRAINT `person_rate_currency_iso` CHECK (length(rate_currency) = 3 AND upper(rate_currency) = rate_currency), CONSTRAINT `person_rate_non_negative` CHECK (hourly_rate_cents IS NULL OR hourly_rate_cents >= 0));
-- Set sequence for "new_persons" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_persons", 42949672960);
-- Copy rows from old table "persons" to new temporary table "new_persons"
INSERT INTO `new_persons` (`id`, `created_at`, `updated_at`, `name`, `email`, `pending_email`, `subject`, `bio`, `city`, `phone`, `hourly_rate_cents`, `rate_currency`, `claim_on_first_login`, `erased_at`) SELECT `id`, `created_at`, `updated_at`, `name`, `email`, `pending_email`, `subject`, `bio`, `city`, `phone`, `hourly_rate_cents`, `rate_currency`, `claim_on_first_login`, `erased_at` FROM `persons`;
-- Drop "persons" table after copying rows
DROP TABLE `persons`;
-- Rename temporary table "new_persons" to "persons"
ALTER TABLE `new_persons` RENAME TO `persons`;
-- Create index "persons_email_key" to table: "persons"
CREATE UNIQUE INDEX `persons_email_key` ON `persons` (`email`);
-- Create index "persons_subject_key" to table: "persons"
CREATE UNIQUE INDEX `persons_subject_key` ON `persons` (`subject`);
-- Create "new_networks" table
CREATE TABLE `new_networks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `slug` text NOT NULL, `description` text NULL, `etiquette` text NULL, `etiquette_version` integer NOT NULL DEFAULT (1), `self_sign_up` bool NOT NULL DEFAULT (false), `default_rule` text NOT NULL DEFAULT ('TWO_THIRDS'), `quorum_percent` integer NOT NULL DEFAULT (50), `decision_rules` json NULL, `participant_voice` text NOT NULL DEFAULT ('ADVISORY'), `bylaws_text` text NULL, `bylaws_version` integer NOT NULL DEFAULT (1), `taxonomy_version` integer NOT NULL DEFAULT (1), `public_directory` bool NOT NULL DEFAULT (false));
-- Set sequence for "new_networks" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_networks", 30064771072);
-- Copy rows from old table "networks" to new temporary table "new_networks"
INSERT INTO `new_networks` (`id`, `created_at`, `updated_at`, `name`, `slug`, `description`, `etiquette`, `etiquette_version`, `self_sign_up`, `default_rule`, `quorum_percent`, `decision_rules`, `participant_voice`, `bylaws_text`, `bylaws_version`, `taxonomy_version`) SELECT `id`, `created_at`, `updated_at`, `name`, `slug`, `description`, `etiquette`, `etiquette_version`, `self_sign_up`, `default_rule`, `quorum_percent`, `decision_rules`, `participant_voice`, `bylaws_text`, `bylaws_version`, `taxonomy_version` FROM `networks`;
-- Drop "networks" table after copying rows
DROP TABLE `networks`;
-- Rename temporary table "new_networks" to "networks"
ALTER TABLE `new_networks` RENAME TO `networks`;
-- Create index "networks_slug_key" to table: "networks"
CREATE UNIQUE INDEX `networks_slug_key` ON `networks` (`slug`);
-- Create "new_coops" table
CREATE TABLE `new_coops` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `name` text NOT NULL, `slug` text NOT NULL, `legal_form` text NULL, `city` text NULL, `website` text NULL, `description` text NULL, `candidacy_days` integer NOT NULL DEFAULT (180), `freelancer_right_to_join_days` integer NOT NULL DEFAULT (365), `admission_rule` text NOT NULL DEFAULT ('CONSENSUS'), `quorum_percent` integer NOT NULL DEFAULT (50), `buy_in_cents` integer NOT NULL DEFAULT (0), `surplus_share_percent` integer NOT NULL DEFAULT (75), `budget_change_threshold_cents` integer NOT NULL DEFAULT (0), `currency` text NOT NULL DEFAULT ('EUR'), `share_reduction_consent` text NOT NULL DEFAULT ('PROPOSAL'), `decision_rules` json NULL, `bylaws_text` text NULL, `bylaws_version` integer NOT NULL DEFAULT (1), `network_votes` text NOT NULL DEFAULT ('INTERNAL_PROPOSAL'), `surplus_includes_former_members` bool NOT NULL DEFAULT (true), `monthly_dues_cents` integer NOT NULL DEFAULT (0), `overhead_levy_basis_points` integer NOT NULL DEFAULT (0), `surplus_basis` text NOT NULL DEFAULT ('BILLABLE_ONLY'), `books_closed_by` text NOT NULL DEFAULT ('DECISION'), `public_profile` bool NOT NULL DEFAULT (false), `public_services` text NULL, `public_contact_email` text NULL, `public_website` text NULL, `network_delegate_id` integer NULL, CONSTRAINT `coops_persons_network_delegate` FOREIGN KEY (`network_delegate_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `coop_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency), CONSTRAINT `coop_days_non_negative` CHECK (candidacy_days >= 0 AND freelancer_right_to_join_days >= 0), CONSTRAINT `coop_money_non_negative` CHECK (buy_in_cents >= 0 AND budget_change_threshold_cents >= 0), CONSTRAINT `coop_percent_range` CHECK (quorum_percent BETWEEN 0 AND 100 AND surplus_share_percent BETWEEN 0 AND 100));
-- Set sequence for "new_coops" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_coops", 8589934592);
-- Copy rows from old table "coops" to new temporary table "new_coops"
INSERT INTO `new_coops` (`id`, `created_at`, `updated_at`, `archived_at`, `name`, `slug`, `legal_form`, `city`, `website`, `description`, `candidacy_days`, `freelancer_right_to_join_days`, `admission_rule`, `quorum_percent`, `buy_in_cents`, `surplus_share_percent`, `budget_change_threshold_cents`, `currency`, `share_reduction_consent`, `decision_rules`, `bylaws_text`, `bylaws_version`, `network_votes`, `surplus_includes_former_members`, `monthly_dues_cents`, `overhead_levy_basis_points`, `surplus_basis`, `books_closed_by`, `network_delegate_id`) SELECT `id`, `created_at`, `updated_at`, `archived_at`, `name`, `slug`, `legal_form`, `city`, `website`, `description`, `candidacy_days`, `freelancer_right_to_join_days`, `admission_rule`, `quorum_percent`, `buy_in_cents`, `surplus_share_percent`, `budget_change_threshold_cents`, `currency`, `share_reduction_consent`, `decision_rules`, `bylaws_text`, `bylaws_version`, `network_votes`, `surplus_includes_former_members`, `monthly_dues_cents`, `overhead_levy_basis_points`, `surplus_basis`, `books_closed_by`, `network_delegate_id` FROM `coops`;
-- Drop "coops" table after copying rows
DROP TABLE `coops`;
-- Rename temporary table "new_coops" to "coops"
ALTER TABLE `new_coops` RENAME TO `coops`;
-- Create index "coops_slug_key" to table: "coops"
CREATE UNIQUE INDEX `coops_slug_key` ON `coops` (`slug`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
