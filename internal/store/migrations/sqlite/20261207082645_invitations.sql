-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_persons" table
CREATE TABLE `new_persons` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `email` text NULL, `pending_email` text NULL, `subject` text NULL, `bio` text NULL, `city` text NULL, `phone` text NULL, `hourly_rate_cents` integer NULL, `rate_currency` text NOT NULL DEFAULT ('EUR'), CONSTRAINT `person_rate_currency_iso` CHECK (length(rate_currency) = 3 AND upper(rate_currency) = rate_currency), CONSTRAINT `person_rate_non_negative` CHECK (hourly_rate_cents IS NULL OR hourly_rate_cents >= 0));
-- Set sequence for "new_persons" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_persons", 42949672960);
-- Copy rows from old table "persons" to new temporary table "new_persons"
INSERT INTO `new_persons` (`id`, `created_at`, `updated_at`, `name`, `email`, `subject`, `bio`, `city`, `phone`, `hourly_rate_cents`, `rate_currency`) SELECT `id`, `created_at`, `updated_at`, `name`, `email`, `subject`, `bio`, `city`, `phone`, `hourly_rate_cents`, `rate_currency` FROM `persons`;
-- Drop "persons" table after copying rows
DROP TABLE `persons`;
-- Rename temporary table "new_persons" to "persons"
ALTER TABLE `new_persons` RENAME TO `persons`;
-- Create index "persons_email_key" to table: "persons"
CREATE UNIQUE INDEX `persons_email_key` ON `persons` (`email`);
-- Create index "persons_subject_key" to table: "persons"
CREATE UNIQUE INDEX `persons_subject_key` ON `persons` (`subject`);
-- Create "invitations" table
CREATE TABLE `invitations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `email` text NOT NULL, `name` text NULL, `message` text NULL, `state` text NOT NULL DEFAULT ('OPEN'), `expires_at` datetime NOT NULL, `token_hash` text NULL, `closed_at` datetime NULL, `network_id` integer NOT NULL, `invited_by_id` integer NULL, `accepted_by_id` integer NULL, CONSTRAINT `invitations_networks_network` FOREIGN KEY (`network_id`) REFERENCES `networks` (`id`) ON DELETE NO ACTION, CONSTRAINT `invitations_persons_invited_by` FOREIGN KEY (`invited_by_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `invitations_persons_accepted_by` FOREIGN KEY (`accepted_by_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL);
-- Set sequence for "invitations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("invitations", 98784247808);
-- Create index "invitations_token_hash_key" to table: "invitations"
CREATE UNIQUE INDEX `invitations_token_hash_key` ON `invitations` (`token_hash`);
-- Create index "invitation_email" to table: "invitations"
CREATE INDEX `invitation_email` ON `invitations` (`email`);
-- Create index "invitation_network_id_email" to table: "invitations"
CREATE INDEX `invitation_network_id_email` ON `invitations` (`network_id`, `email`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
