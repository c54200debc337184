-- Create index "networkcoop_coop_id" to table: "network_coops"
CREATE INDEX "networkcoop_coop_id" ON "network_coops" ("coop_id");
