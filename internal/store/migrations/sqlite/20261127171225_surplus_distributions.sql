-- Create "surplus_distributions" table
CREATE TABLE `surplus_distributions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `fiscal_year` integer NOT NULL, `surplus_cents` integer NOT NULL, `distributed_percent` integer NOT NULL, `distributed_cents` integer NOT NULL, `retained_cents` integer NOT NULL, `currency` text NOT NULL, `recorded_at` datetime NOT NULL, `coop_id` integer NOT NULL, `recorded_by_id` integer NULL, CONSTRAINT `surplus_distributions_coops_coop` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `surplus_distributions_persons_recorded_by` FOREIGN KEY (`recorded_by_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `surplus_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency), CONSTRAINT `surplus_sums` CHECK (distributed_cents + retained_cents = surplus_cents));
-- Set sequence for "surplus_distributions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("surplus_distributions", 81604378624);
-- Create index "surplusdistribution_coop_id_fiscal_year" to table: "surplus_distributions"
CREATE UNIQUE INDEX `surplusdistribution_coop_id_fiscal_year` ON `surplus_distributions` (`coop_id`, `fiscal_year`);
-- Create "surplus_parts" table
CREATE TABLE `surplus_parts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `minutes` integer NOT NULL, `amount_cents` integer NOT NULL, `distribution_id` integer NOT NULL, `person_id` integer NOT NULL, CONSTRAINT `surplus_parts_surplus_distributions_parts` FOREIGN KEY (`distribution_id`) REFERENCES `surplus_distributions` (`id`) ON DELETE NO ACTION, CONSTRAINT `surplus_parts_persons_person` FOREIGN KEY (`person_id`) REFERENCES `persons` (`id`) ON DELETE NO ACTION);
-- Set sequence for "surplus_parts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("surplus_parts", 85899345920);
-- Create index "surpluspart_distribution_id_person_id" to table: "surplus_parts"
CREATE UNIQUE INDEX `surpluspart_distribution_id_person_id` ON `surplus_parts` (`distribution_id`, `person_id`);
