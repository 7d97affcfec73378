CREATE TABLE `page_citations` (
	`page_id` text NOT NULL,
	`ordinal` integer NOT NULL,
	`wiki_id` text NOT NULL,
	`source_id` text NOT NULL,
	`pinpoint` text DEFAULT '' NOT NULL,
	`block_id` text,
	`context` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`page_id`, `ordinal`),
	FOREIGN KEY (`page_id`) REFERENCES `pages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`wiki_id`) REFERENCES `wikis`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `page_citations_source_idx` ON `page_citations` (`source_id`);--> statement-breakpoint
CREATE TABLE `sources` (
	`id` text PRIMARY KEY NOT NULL,
	`wiki_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`short_title` text DEFAULT '' NOT NULL,
	`fields` text DEFAULT '{}' NOT NULL,
	`url` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`dedupe_key` text,
	`merged_into` text,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`wiki_id`) REFERENCES `wikis`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `sources_wiki_idx` ON `sources` (`wiki_id`,`title`);--> statement-breakpoint
CREATE INDEX `sources_dedupe_idx` ON `sources` (`wiki_id`,`dedupe_key`);--> statement-breakpoint
CREATE TABLE `strand_fields` (
	`page_id` text PRIMARY KEY NOT NULL,
	`claim` text DEFAULT '' NOT NULL,
	`stance` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`updated_by` text,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`page_id`) REFERENCES `pages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `strand_relations` (
	`id` text PRIMARY KEY NOT NULL,
	`wiki_id` text NOT NULL,
	`from_page_id` text NOT NULL,
	`to_page_id` text NOT NULL,
	`kind` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`wiki_id`) REFERENCES `wikis`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`from_page_id`) REFERENCES `pages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`to_page_id`) REFERENCES `pages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `strand_relations_unique_idx` ON `strand_relations` (`from_page_id`,`to_page_id`,`kind`);--> statement-breakpoint
CREATE INDEX `strand_relations_to_idx` ON `strand_relations` (`to_page_id`);--> statement-breakpoint
CREATE INDEX `strand_relations_wiki_idx` ON `strand_relations` (`wiki_id`);--> statement-breakpoint
ALTER TABLE `wikis` ADD `thesis` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `wikis` ADD `citation_style` text DEFAULT 'oscola' NOT NULL;