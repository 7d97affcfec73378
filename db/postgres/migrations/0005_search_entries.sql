CREATE TABLE "search_entries" (
	"kind" text NOT NULL,
	"ref_id" text NOT NULL,
	"wiki_id" text NOT NULL,
	"page_id" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"title_terms" text NOT NULL,
	"body_terms" text NOT NULL,
	"title_document" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', title_terms)) STORED NOT NULL,
	"document" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', title_terms), 'A') || setweight(to_tsvector('simple', body_terms), 'B')) STORED NOT NULL,
	CONSTRAINT "search_entries_kind_ref_id_pk" PRIMARY KEY("kind","ref_id")
);
--> statement-breakpoint
CREATE INDEX "search_entries_document_idx" ON "search_entries" USING gin ("document");--> statement-breakpoint
CREATE INDEX "search_entries_title_document_idx" ON "search_entries" USING gin ("title_document");--> statement-breakpoint
CREATE INDEX "search_entries_page_idx" ON "search_entries" USING btree ("page_id");--> statement-breakpoint
CREATE INDEX "search_entries_wiki_idx" ON "search_entries" USING btree ("wiki_id");