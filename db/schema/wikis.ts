import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users";

export const ROLES = ["owner", "editor", "reviewer", "commenter", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const wikis = sqliteTable("wikis", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  /** The research question's thesis, against which each strand states its stance. */
  thesis: text("thesis").notNull().default(""),
  /** Footnote style for citations (lib/citations/styles); OSCOLA unless an owner picks another. */
  citationStyle: text("citation_style").notNull().default("oscola"),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});

export const wikiMembers = sqliteTable(
  "wiki_members",
  {
    wikiId: text("wiki_id")
      .notNull()
      .references(() => wikis.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (t) => [primaryKey({ columns: [t.wikiId, t.userId] }), index("wiki_members_user_idx").on(t.userId)],
);

/**
 * One-time invitation for someone without an account. The owner copies the link; opening it lets
 * the invitee choose a name and password, which creates the account and the membership at once.
 */
export const invites = sqliteTable("invites", {
  id: text("id").primaryKey(),
  tokenHash: text("token_hash").notNull().unique(),
  wikiId: text("wiki_id")
    .notNull()
    .references(() => wikis.id, { onDelete: "cascade" }),
  email: text("email").notNull(),
  role: text("role", { enum: ROLES }).notNull(),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  usedAt: integer("used_at", { mode: "timestamp_ms" }),
  /** An owner took the invitation back (who did is in the audit log): the link answers "revoked". */
  revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
});

export type Wiki = typeof wikis.$inferSelect;
export type WikiMember = typeof wikiMembers.$inferSelect;
export type Invite = typeof invites.$inferSelect;
