-- Page titles get an index of their own. "Title hits first" asks, for every search, which pages'
-- titles match the whole query; on the full index that is a second match over every body's
-- doclists (a phrase such as "effective control" checked in every page that has both words),
-- as costly as the search itself. Titles alone are a few tokens per page: tiny doclists.
-- Same rowids as the pages' entries in search_index, same tokenizer and prefixes.
CREATE VIRTUAL TABLE `search_titles` USING fts5(
  `page_id` UNINDEXED,
  `wiki_id` UNINDEXED,
  `title`,
  `scope`,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4 5 6'
);
--> statement-breakpoint
INSERT INTO `search_titles` (`rowid`, `page_id`, `wiki_id`, `title`, `scope`)
  SELECT `rowid`, `ref_id`, `wiki_id`, `title`, `scope` FROM `search_index` WHERE `kind` = 'page';
