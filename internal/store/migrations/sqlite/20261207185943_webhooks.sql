-- Create "outbox_events" table
CREATE TABLE `outbox_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `type` text NOT NULL, `change` text NULL, `topic_kind` text NOT NULL, `topic_id` integer NOT NULL, `object_id` integer NULL, `coop_id` integer NULL, `network_id` integer NULL, `project_id` integer NULL, `occurred_at` datetime NOT NULL);
-- Set sequence for "outbox_events" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("outbox_events", 184683593728);
-- Create index "outboxevent_topic_kind_topic_id" to table: "outbox_events"
CREATE INDEX `outboxevent_topic_kind_topic_id` ON `outbox_events` (`topic_kind`, `topic_id`);
-- Create index "outboxevent_occurred_at" to table: "outbox_events"
CREATE INDEX `outboxevent_occurred_at` ON `outbox_events` (`occurred_at`);
-- Create "webhook_deliveries" table
CREATE TABLE `webhook_deliveries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `event_id` integer NOT NULL, `event_type` text NOT NULL, `occurred_at` datetime NOT NULL, `state` text NOT NULL DEFAULT ('PENDING'), `attempts` integer NOT NULL DEFAULT (0), `next_attempt_at` datetime NULL, `last_status` integer NULL, `last_error` text NULL, `last_attempt_at` datetime NULL, `delivered_at` datetime NULL, `created_at` datetime NOT NULL, `endpoint_id` integer NOT NULL, CONSTRAINT `webhook_deliveries_webhook_endpoints_deliveries` FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints` (`id`) ON DELETE NO ACTION);
-- Set sequence for "webhook_deliveries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("webhook_deliveries", 188978561024);
-- Create index "webhookdelivery_endpoint_id_event_id" to table: "webhook_deliveries"
CREATE UNIQUE INDEX `webhookdelivery_endpoint_id_event_id` ON `webhook_deliveries` (`endpoint_id`, `event_id`);
-- Create index "webhookdelivery_state_next_attempt_at" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_state_next_attempt_at` ON `webhook_deliveries` (`state`, `next_attempt_at`);
-- Create index "webhookdelivery_event_id" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_event_id` ON `webhook_deliveries` (`event_id`);
-- Create "webhook_endpoints" table
CREATE TABLE `webhook_endpoints` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `coop_id` integer NULL, `network_id` integer NULL, `url` text NOT NULL, `event_types` json NOT NULL, `description` text NULL, `active` bool NOT NULL DEFAULT (true), `secret` text NOT NULL, `created_at` datetime NOT NULL, `created_by` integer NULL, `secret_rotated_at` datetime NULL, CONSTRAINT `webhook_endpoint_has_one_owner` CHECK (coop_id IS NOT NULL AND network_id IS NULL OR coop_id IS NULL AND network_id IS NOT NULL));
-- Set sequence for "webhook_endpoints" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("webhook_endpoints", 193273528320);
-- Create index "webhookendpoint_coop_id" to table: "webhook_endpoints"
CREATE INDEX `webhookendpoint_coop_id` ON `webhook_endpoints` (`coop_id`);
-- Create index "webhookendpoint_network_id" to table: "webhook_endpoints"
CREATE INDEX `webhookendpoint_network_id` ON `webhook_endpoints` (`network_id`);
