-- Create "bylaws_versions" table
CREATE TABLE `bylaws_versions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `version` integer NOT NULL, `values` json NOT NULL, `text` text NULL, `currency` text NULL, `decided_at` datetime NOT NULL, `coop_id` integer NULL, `network_id` integer NULL, `proposal_id` integer NULL, CONSTRAINT `bylaws_versions_coops_coop` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE SET NULL, CONSTRAINT `bylaws_versions_networks_network` FOREIGN KEY (`network_id`) REFERENCES `networks` (`id`) ON DELETE SET NULL, CONSTRAINT `bylaws_versions_proposals_proposal` FOREIGN KEY (`proposal_id`) REFERENCES `proposals` (`id`) ON DELETE SET NULL, CONSTRAINT `bylaws_version_owner` CHECK (coop_id IS NULL AND network_id IS NOT NULL OR coop_id IS NOT NULL AND network_id IS NULL));
-- Set sequence for "bylaws_versions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("bylaws_versions", 107374182400);
-- Create index "bylawsversion_coop_id_version" to table: "bylaws_versions"
CREATE UNIQUE INDEX `bylawsversion_coop_id_version` ON `bylaws_versions` (`coop_id`, `version`);
-- Create index "bylawsversion_network_id_version" to table: "bylaws_versions"
CREATE UNIQUE INDEX `bylawsversion_network_id_version` ON `bylaws_versions` (`network_id`, `version`);
