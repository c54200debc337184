-- Modify "memberships" table
ALTER TABLE "memberships" ADD COLUMN "left_reason" character varying NULL, ADD COLUMN "buy_in_refund_owed_cents" bigint NULL;
-- Modify "projects" table
ALTER TABLE "projects" ADD COLUMN "deciders" character varying NOT NULL DEFAULT 'LEAD_COOP';
-- Modify "coops" table
ALTER TABLE "coops" ADD COLUMN "decision_rules" jsonb NULL, ADD COLUMN "bylaws_text" character varying NULL, ADD COLUMN "bylaws_version" bigint NOT NULL DEFAULT 1, ADD COLUMN "network_votes" character varying NOT NULL DEFAULT 'INTERNAL_PROPOSAL', ADD COLUMN "network_delegate_id" bigint NULL, ADD CONSTRAINT "coops_persons_network_delegate" FOREIGN KEY ("network_delegate_id") REFERENCES "persons" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- Modify "networks" table
ALTER TABLE "networks" ADD COLUMN "default_rule" character varying NOT NULL DEFAULT 'TWO_THIRDS', ADD COLUMN "quorum_percent" bigint NOT NULL DEFAULT 50, ADD COLUMN "decision_rules" jsonb NULL, ADD COLUMN "participant_voice" character varying NOT NULL DEFAULT 'ADVISORY', ADD COLUMN "bylaws_text" character varying NULL, ADD COLUMN "bylaws_version" bigint NOT NULL DEFAULT 1;
-- Modify "proposals" table
ALTER TABLE "proposals" DROP CONSTRAINT "proposals_coops_proposals", ADD CONSTRAINT "proposal_decided_by" CHECK ((coop_id IS NOT NULL) OR (network_id IS NOT NULL)), ALTER COLUMN "coop_id" DROP NOT NULL, ADD COLUMN "electorate" character varying NOT NULL DEFAULT 'MEMBERS', ADD COLUMN "threshold_percent" bigint NULL, ADD COLUMN "block_threshold" bigint NULL, ADD COLUMN "stand_asides" character varying NULL, ADD COLUMN "min_voting_days" bigint NOT NULL DEFAULT 0, ADD COLUMN "bylaws_change" jsonb NULL, ADD COLUMN "network_id" bigint NULL, ADD COLUMN "subject_coop_id" bigint NULL, ADD COLUMN "parent_id" bigint NULL, ADD CONSTRAINT "proposals_coops_proposals" FOREIGN KEY ("coop_id") REFERENCES "coops" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, ADD CONSTRAINT "proposals_coops_subject_coop" FOREIGN KEY ("subject_coop_id") REFERENCES "coops" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, ADD CONSTRAINT "proposals_networks_proposals" FOREIGN KEY ("network_id") REFERENCES "networks" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, ADD CONSTRAINT "proposals_proposals_coop_votes" FOREIGN KEY ("parent_id") REFERENCES "proposals" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- Create index "proposal_network_id_status" to table: "proposals"
CREATE INDEX "proposal_network_id_status" ON "proposals" ("network_id", "status");
-- Create index "proposal_status_closes_at" to table: "proposals"
CREATE INDEX "proposal_status_closes_at" ON "proposals" ("status", "closes_at");
-- Create index "proposals_open_coop_vote" to table: "proposals"
CREATE UNIQUE INDEX "proposals_open_coop_vote" ON "proposals" ("parent_id", "coop_id") WHERE ((parent_id IS NOT NULL) AND (closed_at IS NULL));
-- Drop index "vote_proposal_id_voter_id" from table: "votes"
DROP INDEX "vote_proposal_id_voter_id";
-- Modify "votes" table
ALTER TABLE "votes" DROP CONSTRAINT "votes_persons_votes", ADD CONSTRAINT "vote_has_voter" CHECK ((voter_id IS NOT NULL) OR (voter_coop_id IS NOT NULL)), ALTER COLUMN "voter_id" DROP NOT NULL, ADD COLUMN "voter_coop_id" bigint NULL, ADD COLUMN "decided_by_id" bigint NULL, ADD CONSTRAINT "votes_persons_votes" FOREIGN KEY ("voter_id") REFERENCES "persons" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, ADD CONSTRAINT "votes_coops_voter_coop" FOREIGN KEY ("voter_coop_id") REFERENCES "coops" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, ADD CONSTRAINT "votes_proposals_decided_by" FOREIGN KEY ("decided_by_id") REFERENCES "proposals" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- Create index "votes_one_per_coop" to table: "votes"
CREATE UNIQUE INDEX "votes_one_per_coop" ON "votes" ("proposal_id", "voter_coop_id") WHERE (voter_coop_id IS NOT NULL);
-- Create index "votes_one_per_person" to table: "votes"
CREATE UNIQUE INDEX "votes_one_per_person" ON "votes" ("proposal_id", "voter_id") WHERE (voter_coop_id IS NULL);
