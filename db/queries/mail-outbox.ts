import { and, asc, desc, eq, lte, min, or, sql } from "drizzle-orm";
import { getDb } from "../client";
import { mailOutbox, type OutboxMail } from "../schema";

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

export function insertOutboxMail(mail: NewOutboxMail): OutboxMail {
  return getDb()
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
export function claimNextOutboxMail(now: Date, staleBefore: Date): OutboxMail | undefined {
  const db = getDb();
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
}

/** Delivered: the bodies (which may hold one-time links) are no longer needed. */
export function markOutboxMailSent(id: string, at: Date): void {
  getDb()
    .update(mailOutbox)
    .set({ status: "sent", sentAt: at, claimedAt: null, lastError: null, textBody: null, htmlBody: null })
    .where(eq(mailOutbox.id, id))
    .run();
}

export function scheduleOutboxRetry(id: string, at: Date, error: string): void {
  getDb()
    .update(mailOutbox)
    .set({ status: "pending", nextAttemptAt: at, claimedAt: null, lastError: error })
    .where(eq(mailOutbox.id, id))
    .run();
}

/** Given up: kept with its error, so owners can see what did not arrive. */
export function markOutboxMailFailed(id: string, at: Date, error: string): void {
  getDb()
    .update(mailOutbox)
    .set({ status: "failed", failedAt: at, claimedAt: null, lastError: error, textBody: null, htmlBody: null })
    .where(eq(mailOutbox.id, id))
    .run();
}

/** When the earliest pending mail is due, or null when nothing waits. */
export function nextOutboxAttemptAt(): Date | null {
  const row = getDb()
    .select({ at: min(mailOutbox.nextAttemptAt) })
    .from(mailOutbox)
    .where(eq(mailOutbox.status, "pending"))
    .get();
  return row?.at ?? null;
}

export function findOutboxMail(id: string): OutboxMail | undefined {
  return getDb().select().from(mailOutbox).where(eq(mailOutbox.id, id)).get();
}

/** Mail about a wiki that could not be delivered, newest first. */
export function listFailedOutboxMail(wikiId: string, limit = 20): OutboxMail[] {
  return getDb()
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.wikiId, wikiId), eq(mailOutbox.status, "failed")))
    .orderBy(desc(mailOutbox.failedAt))
    .limit(limit)
    .all();
}
