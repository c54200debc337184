-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create index "networkmembership_person_id" to table: "network_memberships"
CREATE INDEX `networkmembership_person_id` ON `network_memberships` (`person_id`);
-- Create "new_person_skills" table
CREATE TABLE `new_person_skills` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `level` integer NOT NULL, `years` integer NOT NULL DEFAULT (0), `wants_to_learn` bool NOT NULL DEFAULT (false), `last_used` datetime NULL, `endorsement_count` integer NOT NULL DEFAULT (0), `person_id` integer NOT NULL, `skill_id` integer NOT NULL, CONSTRAINT `person_skills_persons_person` FOREIGN KEY (`person_id`) REFERENCES `persons` (`id`) ON DELETE NO ACTION, CONSTRAINT `person_skills_skills_skill` FOREIGN KEY (`skill_id`) REFERENCES `skills` (`id`) ON DELETE NO ACTION, CONSTRAINT `person_skill_endorsements_non_negative` CHECK (endorsement_count >= 0), CONSTRAINT `person_skill_level_range` CHECK (level BETWEEN 1 AND 5), CONSTRAINT `person_skill_years_non_negative` CHECK (years >= 0));
-- Set sequence for "new_person_skills" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_person_skills", 47244640256);
-- Copy rows from old table "person_skills" to new temporary table "new_person_skills"
INSERT INTO `new_person_skills` (`id`, `created_at`, `updated_at`, `level`, `years`, `wants_to_learn`, `last_used`, `person_id`, `skill_id`) SELECT `id`, `created_at`, `updated_at`, `level`, `years`, `wants_to_learn`, `last_used`, `person_id`, `skill_id` FROM `person_skills`;
-- Drop "person_skills" table after copying rows
DROP TABLE `person_skills`;
-- Rename temporary table "new_person_skills" to "person_skills"
ALTER TABLE `new_person_skills` RENAME TO `person_skills`;
-- Create index "personskill_person_id_skill_id" to table: "person_skills"
CREATE UNIQUE INDEX `personskill_person_id_skill_id` ON `person_skills` (`person_id`, `skill_id`);
-- Create index "personskill_skill_id_level_person_id_endorsement_count" to table: "person_skills"
CREATE INDEX `personskill_skill_id_level_person_id_endorsement_count` ON `person_skills` (`skill_id`, `level`, `person_id`, `endorsement_count`);
-- Create "endorsements" table
CREATE TABLE `endorsements` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `endorser_id` integer NOT NULL, `person_skill_id` integer NOT NULL, CONSTRAINT `endorsements_persons_endorsements_given` FOREIGN KEY (`endorser_id`) REFERENCES `persons` (`id`) ON DELETE NO ACTION, CONSTRAINT `endorsements_person_skills_endorsements` FOREIGN KEY (`person_skill_id`) REFERENCES `person_skills` (`id`) ON DELETE NO ACTION);
-- Set sequence for "endorsements" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("endorsements", 94489280512);
-- Create index "endorsement_person_skill_id_endorser_id" to table: "endorsements"
CREATE UNIQUE INDEX `endorsement_person_skill_id_endorser_id` ON `endorsements` (`person_skill_id`, `endorser_id`);
-- Create index "endorsement_endorser_id" to table: "endorsements"
CREATE INDEX `endorsement_endorser_id` ON `endorsements` (`endorser_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
