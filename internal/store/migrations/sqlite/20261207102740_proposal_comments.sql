-- Create "proposal_comments" table
CREATE TABLE `proposal_comments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `body` text NOT NULL, `edited_at` datetime NULL, `proposal_id` integer NOT NULL, `author_id` integer NULL, `parent_id` integer NULL, CONSTRAINT `proposal_comments_proposals_proposal` FOREIGN KEY (`proposal_id`) REFERENCES `proposals` (`id`) ON DELETE NO ACTION, CONSTRAINT `proposal_comments_persons_author` FOREIGN KEY (`author_id`) REFERENCES `persons` (`id`) ON DELETE SET NULL, CONSTRAINT `proposal_comments_proposal_comments_replies` FOREIGN KEY (`parent_id`) REFERENCES `proposal_comments` (`id`) ON DELETE SET NULL, CONSTRAINT `proposal_comment_has_author` CHECK (author_id IS NOT NULL));
-- Set sequence for "proposal_comments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("proposal_comments", 103079215104);
-- Create index "proposalcomment_proposal_id_created_at" to table: "proposal_comments"
CREATE INDEX `proposalcomment_proposal_id_created_at` ON `proposal_comments` (`proposal_id`, `created_at`);
-- Create index "proposalcomment_parent_id" to table: "proposal_comments"
CREATE INDEX `proposalcomment_parent_id` ON `proposal_comments` (`parent_id`);
