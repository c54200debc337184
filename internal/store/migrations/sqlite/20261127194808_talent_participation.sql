-- Written by hand: Atlas rebuilt person_skills to place the new column
-- before the foreign keys, and on SQLite a rebuild inside the migration's
-- transaction (where PRAGMA foreign_keys = off does nothing) fails as soon
-- as endorsements refer to person skills. ADD COLUMN needs no rebuild; the
-- column order does not matter to ent.
-- Drop index "personskill_skill_id_level_person_id_endorsement_count" from table: "person_skills"
DROP INDEX `personskill_skill_id_level_person_id_endorsement_count`;
-- Add column "in_network" to table: "person_skills"
ALTER TABLE `person_skills` ADD COLUMN `in_network` bool NOT NULL DEFAULT (false);
-- Backfill (written by hand): a person skill is findable while its person takes
-- part in the skill's network, directly or through a current coop membership;
-- from now on the hooks of internal/talent keep the flag in step.
UPDATE person_skills SET in_network = true WHERE EXISTS (SELECT 1 FROM skills s WHERE s.id = person_skills.skill_id AND (
    EXISTS (SELECT 1 FROM network_memberships nm WHERE nm.network_id = s.network_id AND nm.person_id = person_skills.person_id)
    OR EXISTS (SELECT 1 FROM memberships m JOIN network_coops nc ON nc.coop_id = m.coop_id
               WHERE nc.network_id = s.network_id AND m.person_id = person_skills.person_id AND m.state <> 'LEFT')));
-- Create index "personskill_skill_id" to table: "person_skills"
CREATE INDEX `personskill_skill_id` ON `person_skills` (`skill_id`);
-- Create index "personskill_talent_search" to table: "person_skills"
CREATE INDEX `personskill_talent_search` ON `person_skills` (`skill_id`, `level`, `person_id`, `endorsement_count`, `wants_to_learn`) WHERE in_network;
