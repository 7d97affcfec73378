-- The search index gains a `scope` column (one token per wiki) and prefix indexes.
-- Scope: a search names the reader's wikis inside the MATCH (scope : ("w…" OR "w…")), so FTS5
-- intersects doclists and ranks only entries the reader may see, instead of scoring every match
-- in every wiki with bm25 and filtering afterwards. The membership filter in SQL stays as well.
-- Prefixes: as-you-type queries end in a prefix ("State" is "State"*), which FTS5 otherwise
-- answers by merging the doclists of every term that starts with it; prefix indexes for 2 to 6
-- characters answer those from one doclist. The index grows about fourfold for that.
-- `scope` is the last column so highlight()/snippet() column numbers (title 4, body 5) stay.
-- FTS5 tables cannot gain columns or options: build the new one, copy, and swap.
CREATE VIRTUAL TABLE `search_index_next` USING fts5(
  `kind` UNINDEXED,
  `ref_id` UNINDEXED,
  `wiki_id` UNINDEXED,
  `page_id` UNINDEXED,
  `title`,
  `body`,
  `scope`,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4 5 6'
);
--> statement-breakpoint
INSERT INTO `search_index_next` (`rowid`, `kind`, `ref_id`, `wiki_id`, `page_id`, `title`, `body`, `scope`)
  SELECT `rowid`, `kind`, `ref_id`, `wiki_id`, `page_id`, `title`, `body`, 'w' || lower(hex(`wiki_id`)) FROM `search_index`;
--> statement-breakpoint
DROP TABLE `search_index`;
--> statement-breakpoint
ALTER TABLE `search_index_next` RENAME TO `search_index`;
