import { and, asc, desc, eq, lte, min, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { perDialect } from "../executor";
import * as postgres from "../postgres/queries/mail-outbox";
import { mailOutbox, type OutboxMail } from "../schema";

// Converted to the async data layer (docs/architecture.md, "Data layer"): each export is declared
// once from its SQLite implementation here and its PostgreSQL twin in db/postgres/queries.

export type NewOutboxMail = {
  id: string;
  messageId: string;
  kind: string;
  wikiId: string | null;
  recipient: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  /** Serialised as JSON (lib/mail/outbox.ts says what it holds). */
  headers: object;
};

export const insertOutboxMail = perDialect(sqliteInsertOutboxMail, postgres.insertOutboxMail);

function sqliteInsertOutboxMail(db: Db, mail: NewOutboxMail): OutboxMail {
  return db
    .insert(mailOutbox)
    .values({ ...mail, headers: JSON.stringify(mail.headers) })
    .returning()
    .get();
}

/**
 * Claims the next mail that is due: a pending one whose time has come, or one whose claim is
 * older than `staleBefore` (its sender died mid-attempt). The claim is one UPDATE, so two
 * senders can never hold the same row.
 */
export const claimNextOutboxMail = perDialect((db: Db, now: Date, staleBefore: Date): OutboxMail | undefined => {
  const next = db
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(
      or(
        and(eq(mailOutbox.status, "pending"), lte(mailOutbox.nextAttemptAt, now)),
        and(eq(mailOutbox.status, "sending"), lte(mailOutbox.claimedAt, staleBefore)),
      ),
    )
    .orderBy(asc(mailOutbox.nextAttemptAt))
    .limit(1);
  return db
    .update(mailOutbox)
    .set({ status: "sending", claimedAt: now, attempts: sql`${mailOutbox.attempts} + 1` })
    .where(eq(mailOutbox.id, sql`(${next})`))
    .returning()
    .get();
}, postgres.claimNextOutboxMail);

/** Delivered: the bodies (which may hold one-time links) are no longer needed. */
export const markOutboxMailSent = perDialect((db: Db, id: string, at: Date): void => {
  db.update(mailOutbox)
    .set({ status: "sent", sentAt: at, claimedAt: null, lastError: null, textBody: null, htmlBody: null })
    .where(eq(mailOutbox.id, id))
    .run();
}, postgres.markOutboxMailSent);

export const scheduleOutboxRetry = perDialect((db: Db, id: string, at: Date, error: string): void => {
  db.update(mailOutbox).set({ status: "pending", nextAttemptAt: at, claimedAt: null, lastError: error }).where(eq(mailOutbox.id, id)).run();
}, postgres.scheduleOutboxRetry);

/** Given up: kept with its error, so owners can see what did not arrive. */
export const markOutboxMailFailed = perDialect((db: Db, id: string, at: Date, error: string): void => {
  db.update(mailOutbox)
    .set({ status: "failed", failedAt: at, claimedAt: null, lastError: error, textBody: null, htmlBody: null })
    .where(eq(mailOutbox.id, id))
    .run();
}, postgres.markOutboxMailFailed);

/** When the earliest pending mail is due, or null when nothing waits. */
export const nextOutboxAttemptAt = perDialect((db: Db): Date | null => {
  const row = db
    .select({ at: min(mailOutbox.nextAttemptAt) })
    .from(mailOutbox)
    .where(eq(mailOutbox.status, "pending"))
    .get();
  return row?.at ?? null;
}, postgres.nextOutboxAttemptAt);

export const findOutboxMail = perDialect(
  (db: Db, id: string): OutboxMail | undefined => db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get(),
  postgres.findOutboxMail,
);

/** Mail about a wiki that could not be delivered, newest first. */
export const listFailedOutboxMail = perDialect(
  (db: Db, wikiId: string, limit = 20): OutboxMail[] =>
    db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.wikiId, wikiId), eq(mailOutbox.status, "failed")))
      .orderBy(desc(mailOutbox.failedAt))
      .limit(limit)
      .all(),
  postgres.listFailedOutboxMail,
);
