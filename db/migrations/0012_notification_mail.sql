CREATE TABLE `notification_settings` (
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`mode` text NOT NULL,
	PRIMARY KEY(`user_id`, `kind`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `notifications` ADD `mailed_at` integer;--> statement-breakpoint
CREATE INDEX `notifications_unmailed_idx` ON `notifications` (`mailed_at`);--> statement-breakpoint
-- Items from before e-mail existed are not mailed when e-mail is first turned on.
UPDATE `notifications` SET `mailed_at` = `created_at`;