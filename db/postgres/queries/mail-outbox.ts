import { and, asc, desc, eq, lte, min, or, sql } from "drizzle-orm";
import type { OutboxMail } from "../../schema";
import type { NewOutboxMail } from "../../queries/mail-outbox";
import type { PgExecutor } from "../client";
import { mailOutbox } from "../schema";

/** PostgreSQL side of db/queries/mail-outbox.ts (the comments there say what each does). */

export async function insertOutboxMail(db: PgExecutor, mail: NewOutboxMail): Promise<OutboxMail> {
  const [row] = await db
    .insert(mailOutbox)
    .values({ ...mail, headers: JSON.stringify(mail.headers) })
    .returning();
  return row;
}

export async function claimNextOutboxMail(db: PgExecutor, now: Date, staleBefore: Date): Promise<OutboxMail | undefined> {
  const due = or(
    and(eq(mailOutbox.status, "pending"), lte(mailOutbox.nextAttemptAt, now)),
    and(eq(mailOutbox.status, "sending"), lte(mailOutbox.claimedAt, staleBefore)),
  );
  // Unlike SQLite (one writer at a time), two senders' statements run at once here: the row is
  // locked as it is picked, and a row another sender holds is skipped, so no mail is claimed twice.
  const next = db
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(due)
    .orderBy(asc(mailOutbox.nextAttemptAt))
    .limit(1)
    .for("update", { skipLocked: true });
  const [row] = await db
    .update(mailOutbox)
    .set({ status: "sending", claimedAt: now, attempts: sql`${mailOutbox.attempts} + 1` })
    .where(and(eq(mailOutbox.id, sql`(${next})`), due))
    .returning();
  return row;
}

export async function markOutboxMailSent(db: PgExecutor, id: string, at: Date): Promise<void> {
  await db
    .update(mailOutbox)
    .set({ status: "sent", sentAt: at, claimedAt: null, lastError: null, textBody: null, htmlBody: null })
    .where(eq(mailOutbox.id, id));
}

export async function scheduleOutboxRetry(db: PgExecutor, id: string, at: Date, error: string): Promise<void> {
  await db.update(mailOutbox).set({ status: "pending", nextAttemptAt: at, claimedAt: null, lastError: error }).where(eq(mailOutbox.id, id));
}

export async function markOutboxMailFailed(db: PgExecutor, id: string, at: Date, error: string): Promise<void> {
  await db
    .update(mailOutbox)
    .set({ status: "failed", failedAt: at, claimedAt: null, lastError: error, textBody: null, htmlBody: null })
    .where(eq(mailOutbox.id, id));
}

export async function nextOutboxAttemptAt(db: PgExecutor): Promise<Date | null> {
  const [row] = await db
    .select({ at: min(mailOutbox.nextAttemptAt) })
    .from(mailOutbox)
    .where(eq(mailOutbox.status, "pending"));
  return row?.at ?? null;
}

export async function findOutboxMail(db: PgExecutor, id: string): Promise<OutboxMail | undefined> {
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
  return row;
}

export async function listFailedOutboxMail(db: PgExecutor, wikiId: string, limit = 20): Promise<OutboxMail[]> {
  return db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.wikiId, wikiId), eq(mailOutbox.status, "failed")))
    .orderBy(desc(mailOutbox.failedAt))
    .limit(limit);
}
