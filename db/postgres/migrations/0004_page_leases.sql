CREATE TABLE "page_leases" (
	"page_id" text PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"epoch" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "page_leases" ADD CONSTRAINT "page_leases_page_id_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."pages"("id") ON DELETE cascade ON UPDATE no action;