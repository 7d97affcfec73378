CREATE TABLE `page_revisions` (
	`id` text PRIMARY KEY NOT NULL,
	`page_id` text NOT NULL,
	`number` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text,
	`note` text,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`contributors` text DEFAULT '[]' NOT NULL,
	`through_update_id` integer DEFAULT 0 NOT NULL,
	`state_vector` blob NOT NULL,
	`delta` blob NOT NULL,
	`checkpoint` blob,
	`words_added` integer DEFAULT 0 NOT NULL,
	`words_removed` integer DEFAULT 0 NOT NULL,
	`word_count` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`page_id`) REFERENCES `pages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `page_revisions_page_number_idx` ON `page_revisions` (`page_id`,`number`);--> statement-breakpoint
CREATE INDEX `page_revisions_created_idx` ON `page_revisions` (`created_at`);