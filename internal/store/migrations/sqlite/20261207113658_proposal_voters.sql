-- Add column "voters" to table: "proposals"
ALTER TABLE `proposals` ADD COLUMN `voters` json NULL;
