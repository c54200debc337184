-- Written by hand: Atlas rebuilt networks to add the column, which inside
-- the migration's transaction (where PRAGMA foreign_keys = off does nothing)
-- fails as soon as any row refers to a network. ADD COLUMN needs no rebuild.
-- Add column "taxonomy_version" to table: "networks"
ALTER TABLE `networks` ADD COLUMN `taxonomy_version` integer NOT NULL DEFAULT (1);
