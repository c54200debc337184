-- Create index "proposals_open_per_membership" to table: "proposals"
CREATE UNIQUE INDEX "proposals_open_per_membership" ON "proposals" ("membership_id") WHERE ((membership_id IS NOT NULL) AND (closed_at IS NULL));
