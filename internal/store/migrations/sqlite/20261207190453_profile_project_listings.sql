-- Create "profile_project_listings" table
CREATE TABLE `profile_project_listings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `listed_at` datetime NOT NULL, `withdrawn_at` datetime NULL, `person_id` integer NOT NULL, `project_id` integer NOT NULL, CONSTRAINT `profile_project_listings_persons_person` FOREIGN KEY (`person_id`) REFERENCES `persons` (`id`) ON DELETE NO ACTION, CONSTRAINT `profile_project_listings_projects_project` FOREIGN KEY (`project_id`) REFERENCES `projects` (`id`) ON DELETE NO ACTION);
-- Set sequence for "profile_project_listings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("profile_project_listings", 197568495616);
-- Create index "profileprojectlisting_person_id_project_id" to table: "profile_project_listings"
CREATE INDEX `profileprojectlisting_person_id_project_id` ON `profile_project_listings` (`person_id`, `project_id`);
-- Create index "profileprojectlisting_project_id" to table: "profile_project_listings"
CREATE INDEX `profileprojectlisting_project_id` ON `profile_project_listings` (`project_id`);
