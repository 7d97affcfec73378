import { index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { ROLES } from "../../schema/wikis";
import { timestampMs } from "./columns";
import { users } from "./users";

/** Twin of db/schema/wikis.ts; the comments there explain the columns. */
export const wikis = pgTable("wikis", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  thesis: text("thesis").notNull().default(""),
  citationStyle: text("citation_style").notNull().default("oscola"),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestampMs("created_at").notNull().defaultNow(),
});

export const wikiMembers = pgTable(
  "wiki_members",
  {
    wikiId: text("wiki_id")
      .notNull()
      .references(() => wikis.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: timestampMs("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.wikiId, t.userId] }), index("wiki_members_user_idx").on(t.userId)],
);

export const invites = pgTable("invites", {
  id: text("id").primaryKey(),
  tokenHash: text("token_hash").notNull().unique(),
  wikiId: text("wiki_id")
    .notNull()
    .references(() => wikis.id, { onDelete: "cascade" }),
  email: text("email").notNull(),
  role: text("role", { enum: ROLES }).notNull(),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestampMs("created_at").notNull().defaultNow(),
  expiresAt: timestampMs("expires_at").notNull(),
  usedAt: timestampMs("used_at"),
  revokedAt: timestampMs("revoked_at"),
});
