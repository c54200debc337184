-- Modify "coops" table
ALTER TABLE "coops" ADD COLUMN "surplus_includes_former_members" boolean NOT NULL DEFAULT true;
-- Modify "proposals" table
ALTER TABLE "proposals" ADD COLUMN "fiscal_year" bigint NULL, ADD COLUMN "surplus_cents" bigint NULL, ADD COLUMN "surplus_currency" character varying NULL, ADD COLUMN "distributed_percent" bigint NULL;
-- Create index "proposals_open_surplus_per_year" to table: "proposals"
CREATE UNIQUE INDEX "proposals_open_surplus_per_year" ON "proposals" ("coop_id", "fiscal_year") WHERE ((fiscal_year IS NOT NULL) AND (closed_at IS NULL));
-- Modify "surplus_distributions" table
ALTER TABLE "surplus_distributions" ADD COLUMN "proposal_id" bigint NULL, ADD CONSTRAINT "surplus_distributions_proposals_proposal" FOREIGN KEY ("proposal_id") REFERENCES "proposals" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
