-- Full-text search over page titles, page text and comments (SQLite FTS5, bm25 ranking).
-- The unicode61 tokenizer splits "A/70/174" and "13(c)" into adjacent tokens; queries quote every
-- term as a phrase, so such legal references are found as written.
CREATE VIRTUAL TABLE `search_index` USING fts5(
  `kind` UNINDEXED,
  `ref_id` UNINDEXED,
  `wiki_id` UNINDEXED,
  `page_id` UNINDEXED,
  `title`,
  `body`,
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `search_index` (`kind`, `ref_id`, `wiki_id`, `page_id`, `title`, `body`)
  SELECT 'page', p.`id`, p.`wiki_id`, p.`id`, p.`title`, coalesce(c.`text`, '')
  FROM `pages` p LEFT JOIN `page_contents` c ON c.`page_id` = p.`id`
  WHERE p.`deleted_at` IS NULL;
--> statement-breakpoint
INSERT INTO `search_index` (`kind`, `ref_id`, `wiki_id`, `page_id`, `title`, `body`)
  SELECT 'comment', cm.`id`, p.`wiki_id`, p.`id`, p.`title`, cm.`body`
  FROM `comments` cm
  JOIN `comment_threads` t ON t.`id` = cm.`thread_id`
  JOIN `pages` p ON p.`id` = t.`page_id`
  WHERE cm.`deleted_at` IS NULL;
