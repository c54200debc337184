-- Modify "memberships" table
ALTER TABLE "memberships" ADD COLUMN "pathway" bigint NOT NULL DEFAULT 1, ADD COLUMN "buddy_pathway" bigint NOT NULL DEFAULT 1, ADD COLUMN "buy_in_pathway" bigint NOT NULL DEFAULT 1;
-- Drop index "milestoneprogress_membership_id_template_id" from table: "milestone_progresses"
DROP INDEX "milestoneprogress_membership_id_template_id";
-- Modify "milestone_progresses" table
ALTER TABLE "milestone_progresses" ADD COLUMN "pathway" bigint NOT NULL DEFAULT 1;
-- Create index "milestoneprogress_membership_id_template_id_pathway" to table: "milestone_progresses"
CREATE UNIQUE INDEX "milestoneprogress_membership_id_template_id_pathway" ON "milestone_progresses" ("membership_id", "template_id", "pathway");
-- Modify "proposals" table
ALTER TABLE "proposals" ADD COLUMN "close_reason" character varying NULL;
-- Backfill: a membership's pathway counts its REJOINs; what earlier pathways recorded (buddy, buy-in, milestones, all pathway 1) no longer counts for a rejoined one
UPDATE "memberships" SET "pathway" = 1 + (SELECT COUNT(*) FROM "pathway_events" WHERE "pathway_events"."membership_id" = "memberships"."id" AND "pathway_events"."from_state" = 'LEFT');
