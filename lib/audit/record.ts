import { insertAuditEvent, type NewAuditEvent } from "@/db/queries/audit";
import { findUserById } from "@/db/queries/users";
import { logger } from "@/lib/logger";
import type { AuditAction } from "./actions";

/** Who did something, and from where when a request was at hand. */
export type Actor = { userId: string; ip?: string | null };

/**
 * How commands are told who acts: a bare user id when no request is at hand (CLI, seeding,
 * tests), or an Actor carrying the caller's address from a route handler or server action.
 */
export type ActorRef = string | Actor;

export function actorId(ref: ActorRef): string {
  return typeof ref === "string" ? ref : ref.userId;
}

export type AuditDetails = Record<string, string | number | boolean | null>;

export type AuditInput = {
  action: AuditAction;
  /** null for what nobody in particular did (e.g. a named version saved by a script without a user). */
  by: ActorRef | null;
  /** null for account-level events (sign-ins, tokens). */
  wikiId: string | null;
  target?: { type: string; id: string } | null;
  details?: AuditDetails;
};

function serialise(details: AuditDetails | undefined): string {
  // Details are plain scalars by type, but a stray value must not be able to make the action fail.
  try {
    return JSON.stringify(details ?? {}) ?? "{}";
  } catch {
    return "{}";
  }
}

// The actor's name is looked up by the caller: awaited on the async layer, synchronously on the old one.
function toEvent(input: AuditInput, actorName: string | null): NewAuditEvent {
  const userId = input.by === null ? null : actorId(input.by);
  const ip = input.by !== null && typeof input.by === "object" ? (input.by.ip ?? null) : null;
  return {
    at: new Date(),
    wikiId: input.wikiId,
    actorId: userId,
    actorName,
    action: input.action,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    details: serialise(input.details),
    ip,
  };
}

/**
 * Appends an audit event. Call it inside the command's own transaction (db/executor.ts): the
 * event and the change it describes are then committed together or not at all. A database error
 * propagates on purpose (rolling back the action), since an action that cannot be recorded must
 * not happen. The actor's name is copied so the entry stays readable after the account is gone.
 */
export async function recordAuditAsync(input: AuditInput): Promise<void> {
  const userId = input.by === null ? null : actorId(input.by);
  const actorName = userId ? ((await findUserById(userId))?.name ?? null) : null;
  await insertAuditEvent(toEvent(input, actorName));
}

/**
 * For actions with no transaction of their own that have already happened (a sign-in, a
 * download): a failure to record is logged, and the action goes ahead.
 */
export async function recordAuditBestEffort(input: AuditInput): Promise<void> {
  try {
    await recordAuditAsync(input);
  } catch (error) {
    logger.error({ err: error, action: input.action }, "could not record an audit event");
  }
}
