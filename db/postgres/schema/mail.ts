import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { MAIL_STATUSES } from "../../schema/mail";
import { timestampMs } from "./columns";
import { wikis } from "./wikis";

/** Twin of db/schema/mail.ts; the comments there explain the columns. */
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: text("id").primaryKey(),
    messageId: text("message_id").notNull().unique(),
    kind: text("kind").notNull(),
    wikiId: text("wiki_id").references(() => wikis.id, { onDelete: "set null" }),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body"),
    htmlBody: text("html_body"),
    /** JSON object of headers, kept as text like on SQLite (handed to the mailer whole). */
    headers: text("headers").notNull().default("{}"),
    status: text("status", { enum: MAIL_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    createdAt: timestampMs("created_at").notNull().defaultNow(),
    nextAttemptAt: timestampMs("next_attempt_at").notNull().defaultNow(),
    claimedAt: timestampMs("claimed_at"),
    sentAt: timestampMs("sent_at"),
    failedAt: timestampMs("failed_at"),
    lastError: text("last_error"),
  },
  (t) => [index("mail_outbox_due_idx").on(t.status, t.nextAttemptAt), index("mail_outbox_wiki_idx").on(t.wikiId, t.status)],
);
