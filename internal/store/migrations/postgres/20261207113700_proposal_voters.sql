-- Modify "proposals" table
ALTER TABLE "proposals" ADD COLUMN "voters" jsonb NULL;
