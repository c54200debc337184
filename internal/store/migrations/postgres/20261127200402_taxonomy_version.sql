-- Modify "networks" table
ALTER TABLE "networks" ADD COLUMN "taxonomy_version" bigint NOT NULL DEFAULT 1;
