import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { wikis } from "./wikis";

export const MAIL_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/**
 * The outbox: every e-mail Opinio sends is first a row here, written in the same transaction as
 * the change that causes it (an invitation, a reset request), and sent later by the background
 * sender (lib/mail/sender.ts). A row is `pending`, then `sending` while one attempt is under way
 * (claimed), then `sent`, or `failed` once given up. The bodies can hold one-time links, so they
 * are erased once the row is done with; recipient, subject and outcome stay for the record.
 */
export const mailOutbox = sqliteTable(
  "mail_outbox",
  {
    id: text("id").primaryKey(),
    /** The Message-ID header, fixed when the mail is written: a retry resends the same message. */
    messageId: text("message_id").notNull().unique(),
    /** What the mail is about ("invitation", "password-reset"), for logs and the failure list. */
    kind: text("kind").notNull(),
    /** The wiki it concerns, if any: its owners see it there when it could not be delivered. */
    wikiId: text("wiki_id").references(() => wikis.id, { onDelete: "set null" }),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body"),
    htmlBody: text("html_body"),
    /** JSON object of further headers (Reply-To, List-Unsubscribe, …). */
    headers: text("headers").notNull().default("{}"),
    status: text("status", { enum: MAIL_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
    /** When a pending row may next be tried. */
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
    claimedAt: integer("claimed_at", { mode: "timestamp_ms" }),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    failedAt: integer("failed_at", { mode: "timestamp_ms" }),
    /** The last attempt's error, as the mail server or the network put it. */
    lastError: text("last_error"),
  },
  (t) => [index("mail_outbox_due_idx").on(t.status, t.nextAttemptAt), index("mail_outbox_wiki_idx").on(t.wikiId, t.status)],
);

export type OutboxMail = typeof mailOutbox.$inferSelect;
