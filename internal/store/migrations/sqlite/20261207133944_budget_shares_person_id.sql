-- Create index "budgetshare_person_id" to table: "budget_shares"
CREATE INDEX `budgetshare_person_id` ON `budget_shares` (`person_id`);
