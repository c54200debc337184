-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_time_entries" table
CREATE TABLE `new_time_entries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `date` datetime NOT NULL, `minutes` integer NOT NULL, `note` text NULL, `share_id` integer NOT NULL, `person_id` integer NOT NULL, `project_id` integer NOT NULL, `invoice_line_id` integer NULL, CONSTRAINT `time_entries_budget_shares_time_entries` FOREIGN KEY (`share_id`) REFERENCES `budget_shares` (`id`) ON DELETE NO ACTION, CONSTRAINT `time_entries_persons_time_entries` FOREIGN KEY (`person_id`) REFERENCES `persons` (`id`) ON DELETE NO ACTION, CONSTRAINT `time_entries_projects_time_entries` FOREIGN KEY (`project_id`) REFERENCES `projects` (`id`) ON DELETE NO ACTION, CONSTRAINT `time_entries_invoice_lines_invoice_line` FOREIGN KEY (`invoice_line_id`) REFERENCES `invoice_lines` (`id`) ON DELETE SET NULL, CONSTRAINT `time_entry_minutes_range` CHECK (minutes BETWEEN 1 AND 1440));
-- Set sequence for "new_time_entries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_time_entries", 68719476736);
-- Copy rows from old table "time_entries" to new temporary table "new_time_entries"
INSERT INTO `new_time_entries` (`id`, `created_at`, `updated_at`, `date`, `minutes`, `note`, `share_id`, `person_id`, `project_id`) SELECT `id`, `created_at`, `updated_at`, `date`, `minutes`, `note`, `share_id`, `person_id`, `project_id` FROM `time_entries`;
-- Drop "time_entries" table after copying rows
DROP TABLE `time_entries`;
-- Rename temporary table "new_time_entries" to "time_entries"
ALTER TABLE `new_time_entries` RENAME TO `time_entries`;
-- Create index "timeentry_share_id_date" to table: "time_entries"
CREATE INDEX `timeentry_share_id_date` ON `time_entries` (`share_id`, `date`);
-- Create index "timeentry_person_id_date" to table: "time_entries"
CREATE INDEX `timeentry_person_id_date` ON `time_entries` (`person_id`, `date`);
-- Create index "timeentry_project_id_date" to table: "time_entries"
CREATE INDEX `timeentry_project_id_date` ON `time_entries` (`project_id`, `date`);
-- Create index "timeentry_invoice_line_id" to table: "time_entries"
CREATE INDEX `timeentry_invoice_line_id` ON `time_entries` (`invoice_line_id`);
-- Add column "buy_in_waived_at" to table: "memberships"
ALTER TABLE `memberships` ADD COLUMN `buy_in_waived_at` datetime NULL;
-- Add column "buy_in_waiver_proposal_id" to table: "memberships"
ALTER TABLE `memberships` ADD COLUMN `buy_in_waiver_proposal_id` integer NULL;
-- Add column "buy_in_refund_paid_cents" to table: "memberships"
ALTER TABLE `memberships` ADD COLUMN `buy_in_refund_paid_cents` integer NULL;
-- Create "new_surplus_distributions" table
CREATE TABLE `new_surplus_distributions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `fiscal_year` integer NOT NULL, `surplus_cents` integer NOT NULL, `distributed_percent` integer NOT NULL, `distributed_cents` integer NOT NULL, `retained_cents` integer NOT NULL, `currency` text NOT NULL, `recorded_at` datetime NOT NULL, `source` text NOT NULL DEFAULT ('OVERRIDE'), `override_reason` text NULL, `books_result_cents` integer NULL, `coop_id` integer NOT NULL, `recorded_by_id` integer NULL, `proposal_id` integer NULL, CONSTRAINT `surplus_distributions_coops_coop` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `surplus_distributions_persons_recorded_by` FOREIGN KEY (`recorded_by_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `surplus_distributions_proposals_proposal` FOREIGN KEY (`proposal_id`) REFERENCES `proposals` (`id`) ON DELETE SET NULL, CONSTRAINT `surplus_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency), CONSTRAINT `surplus_sums` CHECK (distributed_cents + retained_cents = surplus_cents));
-- Set sequence for "new_surplus_distributions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_surplus_distributions", 81604378624);
-- Copy rows from old table "surplus_distributions" to new temporary table "new_surplus_distributions"
INSERT INTO `new_surplus_distributions` (`id`, `fiscal_year`, `surplus_cents`, `distributed_percent`, `distributed_cents`, `retained_cents`, `currency`, `recorded_at`, `coop_id`, `recorded_by_id`, `proposal_id`) SELECT `id`, `fiscal_year`, `surplus_cents`, `distributed_percent`, `distributed_cents`, `retained_cents`, `currency`, `recorded_at`, `coop_id`, `recorded_by_id`, `proposal_id` FROM `surplus_distributions`;
-- Drop "surplus_distributions" table after copying rows
DROP TABLE `surplus_distributions`;
-- Rename temporary table "new_surplus_distributions" to "surplus_distributions"
ALTER TABLE `new_surplus_distributions` RENAME TO `surplus_distributions`;
-- Create index "surplusdistribution_coop_id_fiscal_year" to table: "surplus_distributions"
CREATE UNIQUE INDEX `surplusdistribution_coop_id_fiscal_year` ON `surplus_distributions` (`coop_id`, `fiscal_year`);
-- Create "new_projects" table
CREATE TABLE `new_projects` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `name` text NOT NULL, `client_name` text NOT NULL, `description` text NULL, `status` text NOT NULL DEFAULT ('PROPOSED'), `total_budget_cents` integer NOT NULL, `currency` text NOT NULL DEFAULT ('EUR'), `pm_charge_percent` integer NOT NULL DEFAULT (0), `deciders` text NOT NULL DEFAULT ('LEAD_COOP'), `starts_on` datetime NULL, `ends_on` datetime NULL, `lead_coop_id` integer NOT NULL, `network_id` integer NULL, `client_id` integer NULL, `client_contact_id` integer NULL, `pm_person_id` integer NULL, `pm_coop_id` integer NULL, CONSTRAINT `projects_coops_led_projects` FOREIGN KEY (`lead_coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `projects_networks_projects` FOREIGN KEY (`network_id`) REFERENCES `networks` (`id`) ON DELETE SET NULL, CONSTRAINT `projects_client_organisations_client` FOREIGN KEY (`client_id`) REFERENCES `client_organisations` (`id`) ON DELETE SET NULL, CONSTRAINT `projects_persons_client_contact` FOREIGN KEY (`client_contact_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `projects_persons_pm_person` FOREIGN KEY (`pm_person_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `projects_coops_pm_coop` FOREIGN KEY (`pm_coop_id`) REFERENCES `coops` (`id`) ON DELETE SET NULL, CONSTRAINT `project_budget_non_negative` CHECK (total_budget_cents >= 0), CONSTRAINT `project_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency), CONSTRAINT `project_dates_ordered` CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on), CONSTRAINT `project_pm_charge_range` CHECK (pm_charge_percent BETWEEN 0 AND 100), CONSTRAINT `project_pm_one` CHECK (pm_person_id IS NULL OR pm_coop_id IS NULL));
-- Set sequence for "new_projects" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_projects", 51539607552);
-- Copy rows from old table "projects" to new temporary table "new_projects"
INSERT INTO `new_projects` (`id`, `created_at`, `updated_at`, `archived_at`, `name`, `client_name`, `description`, `status`, `total_budget_cents`, `currency`, `pm_charge_percent`, `deciders`, `starts_on`, `ends_on`, `lead_coop_id`, `network_id`) SELECT `id`, `created_at`, `updated_at`, `archived_at`, `name`, `client_name`, `description`, `status`, `total_budget_cents`, `currency`, `pm_charge_percent`, `deciders`, `starts_on`, `ends_on`, `lead_coop_id`, `network_id` FROM `projects`;
-- Drop "projects" table after copying rows
DROP TABLE `projects`;
-- Rename temporary table "new_projects" to "projects"
ALTER TABLE `new_projects` RENAME TO `projects`;
-- Create index "project_lead_coop_id_status" to table: "projects"
CREATE INDEX `project_lead_coop_id_status` ON `projects` (`lead_coop_id`, `status`);
-- Create "new_coops" table
CREATE TABLE `new_coops` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `name` text NOT NULL, `slug` text NOT NULL, `legal_form` text NULL, `city` text NULL, `website` text NULL, `description` text NULL, `candidacy_days` integer NOT NULL DEFAULT (180), `freelancer_right_to_join_days` integer NOT NULL DEFAULT (365), `admission_rule` text NOT NULL DEFAULT ('CONSENSUS'), `quorum_percent` integer NOT NULL DEFAULT (50), `buy_in_cents` integer NOT NULL DEFAULT (0), `surplus_share_percent` integer NOT NULL DEFAULT (75), `budget_change_threshold_cents` integer NOT NULL DEFAULT (0), `currency` text NOT NULL DEFAULT ('EUR'), `share_reduction_consent` text NOT NULL DEFAULT ('PROPOSAL'), `decision_rules` json NULL, `bylaws_text` text NULL, `bylaws_version` integer NOT NULL DEFAULT (1), `network_votes` text NOT NULL DEFAULT ('INTERNAL_PROPOSAL'), `surplus_includes_former_members` bool NOT NULL DEFAULT (true), `monthly_dues_cents` integer NOT NULL DEFAULT (0), `overhead_levy_basis_points` integer NOT NULL DEFAULT (0), `surplus_basis` text NOT NULL DEFAULT ('BILLABLE_ONLY'), `books_closed_by` text NOT NULL DEFAULT ('DECISION'), `network_delegate_id` integer NULL, CONSTRAINT `coops_persons_network_delegate` FOREIGN KEY (`network_delegate_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `coop_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency), CONSTRAINT `coop_days_non_negative` CHECK (candidacy_days >= 0 AND freelancer_right_to_join_days >= 0), CONSTRAINT `coop_money_non_negative` CHECK (buy_in_cents >= 0 AND budget_change_threshold_cents >= 0), CONSTRAINT `coop_percent_range` CHECK (quorum_percent BETWEEN 0 AND 100 AND surplus_share_percent BETWEEN 0 AND 100));
-- Set sequence for "new_coops" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_coops", 8589934592);
-- Copy rows from old table "coops" to new temporary table "new_coops"
INSERT INTO `new_coops` (`id`, `created_at`, `updated_at`, `archived_at`, `name`, `slug`, `legal_form`, `city`, `website`, `description`, `candidacy_days`, `freelancer_right_to_join_days`, `admission_rule`, `quorum_percent`, `buy_in_cents`, `surplus_share_percent`, `budget_change_threshold_cents`, `currency`, `share_reduction_consent`, `decision_rules`, `bylaws_text`, `bylaws_version`, `network_votes`, `surplus_includes_former_members`, `network_delegate_id`) SELECT `id`, `created_at`, `updated_at`, `archived_at`, `name`, `slug`, `legal_form`, `city`, `website`, `description`, `candidacy_days`, `freelancer_right_to_join_days`, `admission_rule`, `quorum_percent`, `buy_in_cents`, `surplus_share_percent`, `budget_change_threshold_cents`, `currency`, `share_reduction_consent`, `decision_rules`, `bylaws_text`, `bylaws_version`, `network_votes`, `surplus_includes_former_members`, `network_delegate_id` FROM `coops`;
-- Drop "coops" table after copying rows
DROP TABLE `coops`;
-- Rename temporary table "new_coops" to "coops"
ALTER TABLE `new_coops` RENAME TO `coops`;
-- Create index "coops_slug_key" to table: "coops"
CREATE UNIQUE INDEX `coops_slug_key` ON `coops` (`slug`);
-- Add column "waiver_membership_id" to table: "proposals"
ALTER TABLE `proposals` ADD COLUMN `waiver_membership_id` integer NULL;
-- Add column "books_period_start" to table: "proposals"
ALTER TABLE `proposals` ADD COLUMN `books_period_start` datetime NULL;
-- Add column "books_period_end" to table: "proposals"
ALTER TABLE `proposals` ADD COLUMN `books_period_end` datetime NULL;
-- Add column "surplus_override_reason" to table: "proposals"
ALTER TABLE `proposals` ADD COLUMN `surplus_override_reason` text NULL;
-- Create "books_closures" table
CREATE TABLE `books_closures` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `period_start` datetime NOT NULL, `period_end` datetime NOT NULL, `reason` text NOT NULL, `closed_at` datetime NOT NULL, `coop_id` integer NOT NULL, `closed_by_id` integer NULL, `proposal_id` integer NULL, CONSTRAINT `books_closures_coops_coop` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `books_closures_persons_closed_by` FOREIGN KEY (`closed_by_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `books_closures_proposals_proposal` FOREIGN KEY (`proposal_id`) REFERENCES `proposals` (`id`) ON DELETE SET NULL, CONSTRAINT `books_closure_ordered` CHECK (period_end >= period_start));
-- Set sequence for "books_closures" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("books_closures", 133143986176);
-- Create index "booksclosure_coop_id_period_start_period_end" to table: "books_closures"
CREATE UNIQUE INDEX `booksclosure_coop_id_period_start_period_end` ON `books_closures` (`coop_id`, `period_start`, `period_end`);
-- Create "client_organisations" table
CREATE TABLE `client_organisations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `archived_at` datetime NULL, `name` text NOT NULL, `street` text NULL, `postal_code` text NULL, `city` text NULL, `country` text NOT NULL DEFAULT ('DE'), `vat_id` text NULL, `email` text NULL, `coop_id` integer NOT NULL, CONSTRAINT `client_organisations_coops_coop` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `client_country_iso` CHECK (length(country) = 2 AND upper(country) = country));
-- Set sequence for "client_organisations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("client_organisations", 137438953472);
-- Create index "clientorganisation_coop_id_name" to table: "client_organisations"
CREATE INDEX `clientorganisation_coop_id_name` ON `client_organisations` (`coop_id`, `name`);
-- Create "coop_time_entries" table
CREATE TABLE `coop_time_entries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `date` datetime NOT NULL, `minutes` integer NOT NULL, `note` text NULL, `coop_id` integer NOT NULL, `person_id` integer NOT NULL, CONSTRAINT `coop_time_entries_coops_coop` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `coop_time_entries_persons_person` FOREIGN KEY (`person_id`) REFERENCES `persons` (`id`) ON DELETE NO ACTION, CONSTRAINT `coop_time_minutes_range` CHECK (minutes BETWEEN 1 AND 1440));
-- Set sequence for "coop_time_entries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("coop_time_entries", 141733920768);
-- Create index "cooptimeentry_coop_id_date" to table: "coop_time_entries"
CREATE INDEX `cooptimeentry_coop_id_date` ON `coop_time_entries` (`coop_id`, `date`);
-- Create index "cooptimeentry_person_id_date" to table: "coop_time_entries"
CREATE INDEX `cooptimeentry_person_id_date` ON `coop_time_entries` (`person_id`, `date`);
-- Create "dues_charges" table
CREATE TABLE `dues_charges` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `month` datetime NOT NULL, `amount_cents` integer NOT NULL, `currency` text NOT NULL, `basis_cents` integer NULL, `paid_cents` integer NOT NULL DEFAULT (0), `coop_id` integer NOT NULL, `person_id` integer NOT NULL, CONSTRAINT `dues_charges_coops_coop` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `dues_charges_persons_person` FOREIGN KEY (`person_id`) REFERENCES `persons` (`id`) ON DELETE NO ACTION, CONSTRAINT `dues_charge_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency), CONSTRAINT `dues_charge_paid_at_most` CHECK (paid_cents <= amount_cents));
-- Set sequence for "dues_charges" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("dues_charges", 146028888064);
-- Create index "duescharge_coop_id_person_id_kind_month" to table: "dues_charges"
CREATE UNIQUE INDEX `duescharge_coop_id_person_id_kind_month` ON `dues_charges` (`coop_id`, `person_id`, `kind`, `month`);
-- Create "invoices" table
CREATE TABLE `invoices` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL DEFAULT ('INVOICE'), `status` text NOT NULL DEFAULT ('DRAFT'), `fiscal_year` integer NULL, `sequence` integer NULL, `number` text NULL, `issued_on` datetime NULL, `due_on` datetime NULL, `currency` text NOT NULL, `net_cents` integer NOT NULL DEFAULT (0), `vat_cents` integer NOT NULL DEFAULT (0), `gross_cents` integer NOT NULL DEFAULT (0), `paid_cents` integer NOT NULL DEFAULT (0), `note` text NULL, `coop_id` integer NOT NULL, `project_id` integer NOT NULL, `client_id` integer NOT NULL, `credit_note_for_id` integer NULL, `created_by_id` integer NULL, CONSTRAINT `invoices_coops_coop` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `invoices_projects_project` FOREIGN KEY (`project_id`) REFERENCES `projects` (`id`) ON DELETE NO ACTION, CONSTRAINT `invoices_client_organisations_client` FOREIGN KEY (`client_id`) REFERENCES `client_organisations` (`id`) ON DELETE NO ACTION, CONSTRAINT `invoices_invoices_credit_note` FOREIGN KEY (`credit_note_for_id`) REFERENCES `invoices` (`id`) ON DELETE SET NULL, CONSTRAINT `invoices_persons_created_by` FOREIGN KEY (`created_by_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `invoice_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency), CONSTRAINT `invoice_numbered_when_issued` CHECK (status = 'DRAFT' OR (sequence IS NOT NULL AND number IS NOT NULL AND issued_on IS NOT NULL)), CONSTRAINT `invoice_sums` CHECK (gross_cents = net_cents + vat_cents));
-- Set sequence for "invoices" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("invoices", 150323855360);
-- Create index "invoices_number_per_coop_year" to table: "invoices"
CREATE UNIQUE INDEX `invoices_number_per_coop_year` ON `invoices` (`coop_id`, `fiscal_year`, `sequence`) WHERE (sequence IS NOT NULL);
-- Create index "invoice_project_id" to table: "invoices"
CREATE INDEX `invoice_project_id` ON `invoices` (`project_id`);
-- Create index "invoice_client_id" to table: "invoices"
CREATE INDEX `invoice_client_id` ON `invoices` (`client_id`);
-- Create "invoice_lines" table
CREATE TABLE `invoice_lines` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `position` integer NOT NULL, `kind` text NOT NULL, `description` text NOT NULL, `minutes` integer NULL, `quantity_milli` integer NOT NULL DEFAULT (1000), `unit_price_cents` integer NOT NULL, `net_cents` integer NOT NULL, `vat_rate_basis_points` integer NOT NULL, `vat_cents` integer NOT NULL, `invoice_id` integer NOT NULL, `share_id` integer NULL, CONSTRAINT `invoice_lines_invoices_lines` FOREIGN KEY (`invoice_id`) REFERENCES `invoices` (`id`) ON DELETE NO ACTION, CONSTRAINT `invoice_lines_budget_shares_share` FOREIGN KEY (`share_id`) REFERENCES `budget_shares` (`id`) ON DELETE SET NULL);
-- Set sequence for "invoice_lines" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("invoice_lines", 154618822656);
-- Create index "invoiceline_invoice_id_position" to table: "invoice_lines"
CREATE INDEX `invoiceline_invoice_id_position` ON `invoice_lines` (`invoice_id`, `position`);
-- Create index "invoiceline_share_id" to table: "invoice_lines"
CREATE INDEX `invoiceline_share_id` ON `invoice_lines` (`share_id`);
-- Create "ledger_accounts" table
CREATE TABLE `ledger_accounts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `currency` text NOT NULL, `key` text NOT NULL, `coop_id` integer NOT NULL, `client_id` integer NULL, `counterparty_coop_id` integer NULL, `counterparty_person_id` integer NULL, CONSTRAINT `ledger_accounts_coops_coop` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `ledger_accounts_client_organisations_client` FOREIGN KEY (`client_id`) REFERENCES `client_organisations` (`id`) ON DELETE SET NULL, CONSTRAINT `ledger_accounts_coops_counterparty_coop` FOREIGN KEY (`counterparty_coop_id`) REFERENCES `coops` (`id`) ON DELETE SET NULL, CONSTRAINT `ledger_accounts_persons_counterparty_person` FOREIGN KEY (`counterparty_person_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `ledger_account_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency), CONSTRAINT `ledger_account_one_counterparty` CHECK ((CASE WHEN client_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN counterparty_coop_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN counterparty_person_id IS NULL THEN 0 ELSE 1 END) <= 1));
-- Set sequence for "ledger_accounts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("ledger_accounts", 158913789952);
-- Create index "ledgeraccount_coop_id_key" to table: "ledger_accounts"
CREATE UNIQUE INDEX `ledgeraccount_coop_id_key` ON `ledger_accounts` (`coop_id`, `key`);
-- Create index "ledgeraccount_counterparty_coop_id" to table: "ledger_accounts"
CREATE INDEX `ledgeraccount_counterparty_coop_id` ON `ledger_accounts` (`counterparty_coop_id`);
-- Create index "ledgeraccount_counterparty_person_id" to table: "ledger_accounts"
CREATE INDEX `ledgeraccount_counterparty_person_id` ON `ledger_accounts` (`counterparty_person_id`);
-- Create "ledger_entries" table
CREATE TABLE `ledger_entries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `booked_on` datetime NOT NULL, `currency` text NOT NULL, `description` text NOT NULL, `coop_id` integer NOT NULL, `recorded_by_id` integer NULL, `invoice_id` integer NULL, `payment_id` integer NULL, `payout_id` integer NULL, `settlement_id` integer NULL, `surplus_distribution_id` integer NULL, `dues_charge_id` integer NULL, `membership_id` integer NULL, `project_id` integer NULL, `reverses_id` integer NULL, CONSTRAINT `ledger_entries_coops_coop` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `ledger_entries_persons_recorded_by` FOREIGN KEY (`recorded_by_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `ledger_entries_invoices_invoice` FOREIGN KEY (`invoice_id`) REFERENCES `invoices` (`id`) ON DELETE SET NULL, CONSTRAINT `ledger_entries_payments_payment` FOREIGN KEY (`payment_id`) REFERENCES `payments` (`id`) ON DELETE SET NULL, CONSTRAINT `ledger_entries_payouts_payout` FOREIGN KEY (`payout_id`) REFERENCES `payouts` (`id`) ON DELETE SET NULL, CONSTRAINT `ledger_entries_settlements_settlement` FOREIGN KEY (`settlement_id`) REFERENCES `settlements` (`id`) ON DELETE SET NULL, CONSTRAINT `ledger_entries_surplus_distributions_surplus_distribution` FOREIGN KEY (`surplus_distribution_id`) REFERENCES `surplus_distributions` (`id`) ON DELETE SET NULL, CONSTRAINT `ledger_entries_dues_charges_dues_charge` FOREIGN KEY (`dues_charge_id`) REFERENCES `dues_charges` (`id`) ON DELETE SET NULL, CONSTRAINT `ledger_entries_memberships_membership` FOREIGN KEY (`membership_id`) REFERENCES `memberships` (`id`) ON DELETE SET NULL, CONSTRAINT `ledger_entries_projects_project` FOREIGN KEY (`project_id`) REFERENCES `projects` (`id`) ON DELETE SET NULL, CONSTRAINT `ledger_entries_ledger_entries_reversal` FOREIGN KEY (`reverses_id`) REFERENCES `ledger_entries` (`id`) ON DELETE SET NULL, CONSTRAINT `ledger_entry_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency));
-- Set sequence for "ledger_entries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("ledger_entries", 163208757248);
-- Create index "ledgerentry_coop_id_booked_on" to table: "ledger_entries"
CREATE INDEX `ledgerentry_coop_id_booked_on` ON `ledger_entries` (`coop_id`, `booked_on`);
-- Create index "ledgerentry_invoice_id" to table: "ledger_entries"
CREATE INDEX `ledgerentry_invoice_id` ON `ledger_entries` (`invoice_id`);
-- Create index "ledgerentry_payment_id" to table: "ledger_entries"
CREATE INDEX `ledgerentry_payment_id` ON `ledger_entries` (`payment_id`);
-- Create index "ledgerentry_payout_id" to table: "ledger_entries"
CREATE INDEX `ledgerentry_payout_id` ON `ledger_entries` (`payout_id`);
-- Create index "ledgerentry_settlement_id" to table: "ledger_entries"
CREATE INDEX `ledgerentry_settlement_id` ON `ledger_entries` (`settlement_id`);
-- Create "ledger_lines" table
CREATE TABLE `ledger_lines` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `coop_id` integer NOT NULL, `debit_cents` integer NOT NULL, `credit_cents` integer NOT NULL, `entry_id` integer NOT NULL, `account_id` integer NOT NULL, CONSTRAINT `ledger_lines_ledger_entries_lines` FOREIGN KEY (`entry_id`) REFERENCES `ledger_entries` (`id`) ON DELETE NO ACTION, CONSTRAINT `ledger_lines_ledger_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `ledger_accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `ledger_line_one_side` CHECK ((debit_cents = 0) <> (credit_cents = 0) AND debit_cents >= 0 AND credit_cents >= 0));
-- Set sequence for "ledger_lines" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("ledger_lines", 167503724544);
-- Create index "ledgerline_entry_id" to table: "ledger_lines"
CREATE INDEX `ledgerline_entry_id` ON `ledger_lines` (`entry_id`);
-- Create index "ledgerline_account_id" to table: "ledger_lines"
CREATE INDEX `ledgerline_account_id` ON `ledger_lines` (`account_id`);
-- Create index "ledgerline_coop_id" to table: "ledger_lines"
CREATE INDEX `ledgerline_coop_id` ON `ledger_lines` (`coop_id`);
-- Create "payments" table
CREATE TABLE `payments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `amount_cents` integer NOT NULL, `currency` text NOT NULL, `received_on` datetime NOT NULL, `reference` text NULL, `invoice_id` integer NOT NULL, `coop_id` integer NOT NULL, `recorded_by_id` integer NULL, CONSTRAINT `payments_invoices_payments` FOREIGN KEY (`invoice_id`) REFERENCES `invoices` (`id`) ON DELETE NO ACTION, CONSTRAINT `payments_coops_coop` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `payments_persons_recorded_by` FOREIGN KEY (`recorded_by_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `payment_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency));
-- Set sequence for "payments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("payments", 171798691840);
-- Create index "payment_invoice_id" to table: "payments"
CREATE INDEX `payment_invoice_id` ON `payments` (`invoice_id`);
-- Create "payouts" table
CREATE TABLE `payouts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `amount_cents` integer NOT NULL, `currency` text NOT NULL, `paid_on` datetime NOT NULL, `advance` bool NOT NULL DEFAULT (false), `reference` text NULL, `coop_id` integer NOT NULL, `to_coop_id` integer NULL, `to_person_id` integer NULL, `project_id` integer NULL, `recorded_by_id` integer NULL, CONSTRAINT `payouts_coops_coop` FOREIGN KEY (`coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `payouts_coops_to_coop` FOREIGN KEY (`to_coop_id`) REFERENCES `coops` (`id`) ON DELETE SET NULL, CONSTRAINT `payouts_persons_to_person` FOREIGN KEY (`to_person_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `payouts_projects_project` FOREIGN KEY (`project_id`) REFERENCES `projects` (`id`) ON DELETE SET NULL, CONSTRAINT `payouts_persons_recorded_by` FOREIGN KEY (`recorded_by_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `payout_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency), CONSTRAINT `payout_one_payee` CHECK ((to_coop_id IS NULL) <> (to_person_id IS NULL)));
-- Set sequence for "payouts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("payouts", 176093659136);
-- Create index "payout_coop_id_paid_on" to table: "payouts"
CREATE INDEX `payout_coop_id_paid_on` ON `payouts` (`coop_id`, `paid_on`);
-- Create index "payout_to_coop_id" to table: "payouts"
CREATE INDEX `payout_to_coop_id` ON `payouts` (`to_coop_id`);
-- Create index "payout_to_person_id" to table: "payouts"
CREATE INDEX `payout_to_person_id` ON `payouts` (`to_person_id`);
-- Create "settlements" table
CREATE TABLE `settlements` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `up_to` datetime NOT NULL, `currency` text NOT NULL, `payer_owed_cents` integer NOT NULL, `payee_owed_cents` integer NOT NULL, `net_cents` integer NOT NULL, `status` text NOT NULL DEFAULT ('PROPOSED'), `confirmed_at` datetime NULL, `paid_on` datetime NULL, `network_id` integer NOT NULL, `payer_coop_id` integer NOT NULL, `payee_coop_id` integer NOT NULL, `proposed_by_id` integer NULL, `proposed_by_coop_id` integer NOT NULL, `confirmed_by_id` integer NULL, CONSTRAINT `settlements_networks_network` FOREIGN KEY (`network_id`) REFERENCES `networks` (`id`) ON DELETE NO ACTION, CONSTRAINT `settlements_coops_payer_coop` FOREIGN KEY (`payer_coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `settlements_coops_payee_coop` FOREIGN KEY (`payee_coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `settlements_persons_proposed_by` FOREIGN KEY (`proposed_by_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `settlements_coops_proposed_by_coop` FOREIGN KEY (`proposed_by_coop_id`) REFERENCES `coops` (`id`) ON DELETE NO ACTION, CONSTRAINT `settlements_persons_confirmed_by` FOREIGN KEY (`confirmed_by_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `settlement_currency_iso` CHECK (length(currency) = 3 AND upper(currency) = currency), CONSTRAINT `settlement_net` CHECK (net_cents = payer_owed_cents - payee_owed_cents), CONSTRAINT `settlement_two_coops` CHECK (payer_coop_id <> payee_coop_id));
-- Set sequence for "settlements" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("settlements", 180388626432);
-- Create index "settlement_payer_coop_id_payee_coop_id_up_to" to table: "settlements"
CREATE INDEX `settlement_payer_coop_id_payee_coop_id_up_to` ON `settlements` (`payer_coop_id`, `payee_coop_id`, `up_to`);
-- Create index "settlement_network_id" to table: "settlements"
CREATE INDEX `settlement_network_id` ON `settlements` (`network_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
