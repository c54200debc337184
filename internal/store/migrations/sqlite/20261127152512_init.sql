-- Create "availabilities" table
CREATE TABLE `availabilities` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `hours_per_week` integer NOT NULL, `available_from` datetime NOT NULL, `available_until` datetime NULL, `note` text NULL, `person_id` integer NOT NULL, CONSTRAINT `availabilities_persons_availabilities` FOREIGN KEY (`person_id`) REFERENCES `persons` (`id`) ON DELETE NO ACTION, CONSTRAINT `availability_hours_range` CHECK (hours_per_week BETWEEN 1 AND 168), CONSTRAINT `availability_period_ordered` CHECK (available_until IS NULL OR available_until >= available_from));
-- Create index "availability_person_id_available_from" to table: "availabilities"
CREATE INDEX `availability_person_id_available_from` ON `availabilities` (`person_id`, `available_from`);
-- Create "budget_shares" table
CREATE TABLE `budget_shares` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `amount_cents` integer NOT NULL, `hourly_rate_cents` integer NOT NULL, `planned_minutes` integer NOT NULL DEFAULT (0), `currency` text NOT NULL, `description` text NULL, `coop_id` integer NULL, `person_id` integer NULL, `project_id` integer NOT NULL, CONSTRAINT `budget_shares_coops_budget_shares` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE SET NULL, CONSTRAINT `budget_shares_persons_budget_shares` FOREIGN KEY (`person_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `budget_shares_projects_budget_shares` FOREIGN KEY (`project_id`) REFERENCES `projects` (`id`) ON DELETE NO ACTION, CONSTRAINT `share_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency), CONSTRAINT `share_holder_exactly_one` CHECK ((coop_id IS NULL) <> (person_id IS NULL)), CONSTRAINT `share_money_non_negative` CHECK (amount_cents >= 0 AND hourly_rate_cents >= 0 AND planned_minutes >= 0));
-- Set sequence for "budget_shares" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("budget_shares", 4294967296);
-- Create index "budgetshare_project_id" to table: "budget_shares"
CREATE INDEX `budgetshare_project_id` ON `budget_shares` (`project_id`);
-- Create "coops" table
CREATE TABLE `coops` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `slug` text NOT NULL, `legal_form` text NULL, `city` text NULL, `website` text NULL, `description` text NULL, `candidacy_days` integer NOT NULL DEFAULT (180), `freelancer_right_to_join_days` integer NOT NULL DEFAULT (365), `admission_rule` text NOT NULL DEFAULT ('CONSENSUS'), `quorum_percent` integer NOT NULL DEFAULT (50), `buy_in_cents` integer NOT NULL DEFAULT (0), `surplus_share_percent` integer NOT NULL DEFAULT (75), `budget_change_threshold_cents` integer NOT NULL DEFAULT (0), `currency` text NOT NULL DEFAULT ('EUR'), CONSTRAINT `coop_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency), CONSTRAINT `coop_days_non_negative` CHECK (candidacy_days >= 0 AND freelancer_right_to_join_days >= 0), CONSTRAINT `coop_money_non_negative` CHECK (buy_in_cents >= 0 AND budget_change_threshold_cents >= 0), CONSTRAINT `coop_percent_range` CHECK (quorum_percent BETWEEN 0 AND 100 AND surplus_share_percent BETWEEN 0 AND 100));
-- Set sequence for "coops" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("coops", 8589934592);
-- Create index "coops_slug_key" to table: "coops"
CREATE UNIQUE INDEX `coops_slug_key` ON `coops` (`slug`);
-- Create "groups" table
CREATE TABLE `groups` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `name` text NOT NULL, `slug` text NOT NULL DEFAULT (''), `description` text NULL, `city` text NULL, `network_id` integer NOT NULL, CONSTRAINT `groups_networks_groups` FOREIGN KEY (`network_id`) REFERENCES `networks` (`id`) ON DELETE NO ACTION);
-- Set sequence for "groups" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("groups", 12884901888);
-- Create index "group_network_id_slug" to table: "groups"
CREATE UNIQUE INDEX `group_network_id_slug` ON `groups` (`network_id`, `slug`);
-- Create "memberships" table
CREATE TABLE `memberships` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `state` text NOT NULL DEFAULT ('INTERESTED'), `state_since` datetime NOT NULL, `joined_at` datetime NOT NULL, `buy_in_recorded_at` datetime NULL, `buy_in_paid_cents` integer NULL, `coop_id` integer NOT NULL, `person_id` integer NOT NULL, `buddy_id` integer NULL, CONSTRAINT `memberships_coops_memberships` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `memberships_persons_memberships` FOREIGN KEY (`person_id`) REFERENCES `persons` (`id`) ON DELETE NO ACTION, CONSTRAINT `memberships_persons_buddy_of` FOREIGN KEY (`buddy_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `membership_buy_in_non_negative` CHECK (buy_in_paid_cents IS NULL OR buy_in_paid_cents >= 0));
-- Set sequence for "memberships" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("memberships", 17179869184);
-- Create index "membership_person_id_coop_id" to table: "memberships"
CREATE UNIQUE INDEX `membership_person_id_coop_id` ON `memberships` (`person_id`, `coop_id`);
-- Create index "membership_coop_id_state" to table: "memberships"
CREATE INDEX `membership_coop_id_state` ON `memberships` (`coop_id`, `state`);
-- Create "milestone_progresses" table
CREATE TABLE `milestone_progresses` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `completed_at` datetime NULL, `verified_at` datetime NULL, `note` text NULL, `membership_id` integer NOT NULL, `verified_by_id` integer NULL, `template_id` integer NOT NULL, CONSTRAINT `milestone_progresses_memberships_milestones` FOREIGN KEY (`membership_id`) REFERENCES `memberships` (`id`) ON DELETE NO ACTION, CONSTRAINT `milestone_progresses_persons_verified_by` FOREIGN KEY (`verified_by_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `milestone_progresses_milestone_templates_progress` FOREIGN KEY (`template_id`) REFERENCES `milestone_templates` (`id`) ON DELETE NO ACTION);
-- Set sequence for "milestone_progresses" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("milestone_progresses", 21474836480);
-- Create index "milestoneprogress_membership_id_template_id" to table: "milestone_progresses"
CREATE UNIQUE INDEX `milestoneprogress_membership_id_template_id` ON `milestone_progresses` (`membership_id`, `template_id`);
-- Create "milestone_templates" table
CREATE TABLE `milestone_templates` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `description` text NULL, `required` bool NOT NULL DEFAULT (true), `position` integer NOT NULL DEFAULT (0), `coop_id` integer NOT NULL, CONSTRAINT `milestone_templates_coops_milestone_templates` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION);
-- Set sequence for "milestone_templates" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("milestone_templates", 25769803776);
-- Create index "milestonetemplate_coop_id_name" to table: "milestone_templates"
CREATE UNIQUE INDEX `milestonetemplate_coop_id_name` ON `milestone_templates` (`coop_id`, `name`);
-- Create "networks" table
CREATE TABLE `networks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `slug` text NOT NULL, `description` text NULL, `etiquette` text NULL, `self_sign_up` bool NOT NULL DEFAULT (false));
-- Set sequence for "networks" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("networks", 30064771072);
-- Create index "networks_slug_key" to table: "networks"
CREATE UNIQUE INDEX `networks_slug_key` ON `networks` (`slug`);
-- Create "network_memberships" table
CREATE TABLE `network_memberships` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `role` text NOT NULL DEFAULT ('PARTICIPANT'), `joined_at` datetime NOT NULL, `network_id` integer NOT NULL, `person_id` integer NOT NULL, CONSTRAINT `network_memberships_networks_network` FOREIGN KEY (`network_id`) REFERENCES `networks` (`id`) ON DELETE NO ACTION, CONSTRAINT `network_memberships_persons_person` FOREIGN KEY (`person_id`) REFERENCES `persons` (`id`) ON DELETE NO ACTION);
-- Set sequence for "network_memberships" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("network_memberships", 34359738368);
-- Create index "networkmembership_network_id_person_id" to table: "network_memberships"
CREATE UNIQUE INDEX `networkmembership_network_id_person_id` ON `network_memberships` (`network_id`, `person_id`);
-- Create "pathway_events" table
CREATE TABLE `pathway_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `from_state` text NULL, `to_state` text NOT NULL, `at` datetime NOT NULL, `reason` text NULL, `membership_id` integer NOT NULL, `actor_id` integer NULL, `proposal_id` integer NULL, CONSTRAINT `pathway_events_memberships_events` FOREIGN KEY (`membership_id`) REFERENCES `memberships` (`id`) ON DELETE NO ACTION, CONSTRAINT `pathway_events_persons_actor` FOREIGN KEY (`actor_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `pathway_events_proposals_proposal` FOREIGN KEY (`proposal_id`) REFERENCES `proposals` (`id`) ON DELETE SET NULL);
-- Set sequence for "pathway_events" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("pathway_events", 38654705664);
-- Create index "pathwayevent_membership_id_at" to table: "pathway_events"
CREATE INDEX `pathwayevent_membership_id_at` ON `pathway_events` (`membership_id`, `at`);
-- Create "persons" table
CREATE TABLE `persons` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `email` text NOT NULL, `subject` text NULL, `bio` text NULL, `city` text NULL, `phone` text NULL, `hourly_rate_cents` integer NULL, `rate_currency` text NOT NULL DEFAULT ('EUR'), CONSTRAINT `person_rate_currency_iso` CHECK (length(rate_currency) = 3 AND upper(rate_currency) = rate_currency), CONSTRAINT `person_rate_non_negative` CHECK (hourly_rate_cents IS NULL OR hourly_rate_cents >= 0));
-- Set sequence for "persons" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("persons", 42949672960);
-- Create index "persons_email_key" to table: "persons"
CREATE UNIQUE INDEX `persons_email_key` ON `persons` (`email`);
-- Create index "persons_subject_key" to table: "persons"
CREATE UNIQUE INDEX `persons_subject_key` ON `persons` (`subject`);
-- Create "person_skills" table
CREATE TABLE `person_skills` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `level` integer NOT NULL, `years` integer NOT NULL DEFAULT (0), `wants_to_learn` bool NOT NULL DEFAULT (false), `last_used` datetime NULL, `person_id` integer NOT NULL, `skill_id` integer NOT NULL, CONSTRAINT `person_skills_persons_person` FOREIGN KEY (`person_id`) REFERENCES `persons` (`id`) ON DELETE NO ACTION, CONSTRAINT `person_skills_skills_skill` FOREIGN KEY (`skill_id`) REFERENCES `skills` (`id`) ON DELETE NO ACTION, CONSTRAINT `person_skill_level_range` CHECK (level BETWEEN 1 AND 5), CONSTRAINT `person_skill_years_non_negative` CHECK (years >= 0));
-- Set sequence for "person_skills" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("person_skills", 47244640256);
-- Create index "personskill_person_id_skill_id" to table: "person_skills"
CREATE UNIQUE INDEX `personskill_person_id_skill_id` ON `person_skills` (`person_id`, `skill_id`);
-- Create index "personskill_skill_id_level" to table: "person_skills"
CREATE INDEX `personskill_skill_id_level` ON `person_skills` (`skill_id`, `level`);
-- Create "projects" table
CREATE TABLE `projects` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `client_name` text NOT NULL, `description` text NULL, `status` text NOT NULL DEFAULT ('PROPOSED'), `total_budget_cents` integer NOT NULL, `currency` text NOT NULL DEFAULT ('EUR'), `pm_charge_percent` integer NOT NULL DEFAULT (0), `starts_on` datetime NULL, `ends_on` datetime NULL, `lead_coop_id` integer NOT NULL, `network_id` integer NULL, CONSTRAINT `projects_coops_led_projects` FOREIGN KEY (`lead_coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `projects_networks_projects` FOREIGN KEY (`network_id`) REFERENCES `networks` (`id`) ON DELETE SET NULL, CONSTRAINT `project_budget_non_negative` CHECK (total_budget_cents >= 0), CONSTRAINT `project_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency), CONSTRAINT `project_dates_ordered` CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on), CONSTRAINT `project_pm_charge_range` CHECK (pm_charge_percent BETWEEN 0 AND 100));
-- Set sequence for "projects" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("projects", 51539607552);
-- Create index "project_lead_coop_id_status" to table: "projects"
CREATE INDEX `project_lead_coop_id_status` ON `projects` (`lead_coop_id`, `status`);
-- Create "project_skill_needs" table
CREATE TABLE `project_skill_needs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `min_level` integer NOT NULL DEFAULT (3), `hours_per_week` integer NOT NULL DEFAULT (20), `headcount` integer NOT NULL DEFAULT (1), `project_id` integer NOT NULL, `skill_id` integer NOT NULL, CONSTRAINT `project_skill_needs_projects_skill_needs` FOREIGN KEY (`project_id`) REFERENCES `projects` (`id`) ON DELETE NO ACTION, CONSTRAINT `project_skill_needs_skills_project_needs` FOREIGN KEY (`skill_id`) REFERENCES `skills` (`id`) ON DELETE NO ACTION, CONSTRAINT `need_hours_range` CHECK (hours_per_week BETWEEN 1 AND 168), CONSTRAINT `need_level_range` CHECK (min_level BETWEEN 1 AND 5));
-- Set sequence for "project_skill_needs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("project_skill_needs", 55834574848);
-- Create index "projectskillneed_project_id_skill_id" to table: "project_skill_needs"
CREATE UNIQUE INDEX `projectskillneed_project_id_skill_id` ON `project_skill_needs` (`project_id`, `skill_id`);
-- Create "proposals" table
CREATE TABLE `proposals` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `title` text NOT NULL, `body` text NULL, `status` text NOT NULL DEFAULT ('OPEN'), `rule` text NOT NULL, `quorum_percent` integer NOT NULL, `opened_at` datetime NOT NULL, `closes_at` datetime NOT NULL, `closed_at` datetime NULL, `coop_id` integer NOT NULL, `membership_id` integer NULL, `project_id` integer NULL, `author_id` integer NULL, CONSTRAINT `proposals_coops_proposals` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `proposals_memberships_admission_proposals` FOREIGN KEY (`membership_id`) REFERENCES `memberships` (`id`) ON DELETE SET NULL, CONSTRAINT `proposals_projects_proposals` FOREIGN KEY (`project_id`) REFERENCES `projects` (`id`) ON DELETE SET NULL, CONSTRAINT `proposals_persons_author` FOREIGN KEY (`author_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `proposal_quorum_range` CHECK (quorum_percent BETWEEN 0 AND 100));
-- Set sequence for "proposals" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("proposals", 60129542144);
-- Create index "proposal_coop_id_status" to table: "proposals"
CREATE INDEX `proposal_coop_id_status` ON `proposals` (`coop_id`, `status`);
-- Create "skills" table
CREATE TABLE `skills` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `slug` text NOT NULL DEFAULT (''), `competence_area` text NOT NULL, `aliases` json NULL, `description` text NULL, `network_id` integer NOT NULL, `parent_id` integer NULL, CONSTRAINT `skills_networks_skills` FOREIGN KEY (`network_id`) REFERENCES `networks` (`id`) ON DELETE NO ACTION, CONSTRAINT `skills_skills_children` FOREIGN KEY (`parent_id`) REFERENCES `skills` (`id`) ON DELETE SET NULL);
-- Set sequence for "skills" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("skills", 64424509440);
-- Create index "skill_network_id_slug" to table: "skills"
CREATE UNIQUE INDEX `skill_network_id_slug` ON `skills` (`network_id`, `slug`);
-- Create index "skill_network_id_competence_area" to table: "skills"
CREATE INDEX `skill_network_id_competence_area` ON `skills` (`network_id`, `competence_area`);
-- Create "time_entries" table
CREATE TABLE `time_entries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `date` datetime NOT NULL, `minutes` integer NOT NULL, `note` text NULL, `share_id` integer NOT NULL, `person_id` integer NOT NULL, `project_id` integer NOT NULL, CONSTRAINT `time_entries_budget_shares_time_entries` FOREIGN KEY (`share_id`) REFERENCES `budget_shares` (`id`) ON DELETE NO ACTION, CONSTRAINT `time_entries_persons_time_entries` FOREIGN KEY (`person_id`) REFERENCES `persons` (`id`) ON DELETE NO ACTION, CONSTRAINT `time_entries_projects_time_entries` FOREIGN KEY (`project_id`) REFERENCES `projects` (`id`) ON DELETE NO ACTION, CONSTRAINT `time_entry_minutes_range` CHECK (minutes BETWEEN 1 AND 1440));
-- Set sequence for "time_entries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("time_entries", 68719476736);
-- Create index "timeentry_share_id_date" to table: "time_entries"
CREATE INDEX `timeentry_share_id_date` ON `time_entries` (`share_id`, `date`);
-- Create index "timeentry_person_id_date" to table: "time_entries"
CREATE INDEX `timeentry_person_id_date` ON `time_entries` (`person_id`, `date`);
-- Create index "timeentry_project_id_date" to table: "time_entries"
CREATE INDEX `timeentry_project_id_date` ON `time_entries` (`project_id`, `date`);
-- Create "votes" table
CREATE TABLE `votes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `choice` text NOT NULL, `reason` text NULL, `cast_at` datetime NOT NULL, `voter_id` integer NOT NULL, `proposal_id` integer NOT NULL, CONSTRAINT `votes_persons_votes` FOREIGN KEY (`voter_id`) REFERENCES `persons` (`id`) ON DELETE NO ACTION, CONSTRAINT `votes_proposals_votes` FOREIGN KEY (`proposal_id`) REFERENCES `proposals` (`id`) ON DELETE NO ACTION);
-- Set sequence for "votes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("votes", 73014444032);
-- Create index "vote_proposal_id_voter_id" to table: "votes"
CREATE UNIQUE INDEX `vote_proposal_id_voter_id` ON `votes` (`proposal_id`, `voter_id`);
-- Create "group_members" table
CREATE TABLE `group_members` (`group_id` integer NOT NULL, `person_id` integer NOT NULL, PRIMARY KEY (`group_id`, `person_id`), CONSTRAINT `group_members_group_id` FOREIGN KEY (`group_id`) REFERENCES `groups` (`id`) ON DELETE CASCADE, CONSTRAINT `group_members_person_id` FOREIGN KEY (`person_id`) REFERENCES `persons` (`id`) ON DELETE CASCADE);
-- Create "group_coops" table
CREATE TABLE `group_coops` (`group_id` integer NOT NULL, `coop_id` integer NOT NULL, PRIMARY KEY (`group_id`, `coop_id`), CONSTRAINT `group_coops_group_id` FOREIGN KEY (`group_id`) REFERENCES `groups` (`id`) ON DELETE CASCADE, CONSTRAINT `group_coops_coop_id` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE CASCADE);
-- Create "network_coops" table
CREATE TABLE `network_coops` (`network_id` integer NOT NULL, `coop_id` integer NOT NULL, PRIMARY KEY (`network_id`, `coop_id`), CONSTRAINT `network_coops_network_id` FOREIGN KEY (`network_id`) REFERENCES `networks` (`id`) ON DELETE CASCADE, CONSTRAINT `network_coops_coop_id` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE CASCADE);
