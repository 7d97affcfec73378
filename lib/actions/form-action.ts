import { unstable_rethrow } from "next/navigation";
import type { ZodType } from "zod";
import type { User } from "@/db/schema";
import type { Actor } from "@/lib/audit/record";
import { sessionActor } from "@/lib/audit/session-actor";
import { requireSessionUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { parseForm } from "@/lib/validations/form";

/**
 * The one wrapper every server action runs in, as `apiRoute` is for REST. Server actions are
 * public endpoints: the action still asks the policy itself (requireWikiAccess and friends), but
 * the session, the form's validation and the error handling are done here, the same way for all:
 *
 * - `sessionAction` needs a signed-in user (redirects to /signin otherwise);
 * - the form, when a schema is given, is parsed with `parseForm`; its first problem is the answer;
 * - an AppError thrown by the work becomes `{ error: message }` for the form;
 * - Next's own control flow (redirect, notFound) passes through; anything else is logged and rethrown.
 */

type FormInput<T> = { schema: ZodType<T>; formData: FormData; blankIsAbsent?: string[] };
type Failure = { error: string };

export type SessionActionContext<T> = { user: User; actor: Actor; input: T };

export async function sessionAction<R, T = undefined>(
  form: FormInput<T> | null,
  work: (ctx: SessionActionContext<T>) => Promise<R>,
): Promise<R | Failure> {
  const user = await requireSessionUser();
  const parsed = parsedForm(form);
  if (!parsed.ok) return { error: parsed.error };
  const actor = await sessionActor(user);
  return guarded(() => work({ user, actor, input: parsed.data }));
}

/** For the actions of people not signed in yet (setup, sign-in, accepting an invite). */
export async function publicAction<R, T = undefined>(
  form: FormInput<T> | null,
  work: (ctx: { input: T }) => Promise<R>,
): Promise<R | Failure> {
  const parsed = parsedForm(form);
  if (!parsed.ok) return { error: parsed.error };
  return guarded(() => work({ input: parsed.data }));
}

function parsedForm<T>(form: FormInput<T> | null): { ok: true; data: T } | { ok: false; error: string } {
  if (!form) return { ok: true, data: undefined as T };
  return parseForm(form.schema, form.formData, { blankIsAbsent: form.blankIsAbsent });
}

async function guarded<R>(work: () => Promise<R>): Promise<R | Failure> {
  try {
    return await work();
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof AppError) return { error: error.message };
    logger.error({ err: error }, "Server action failed");
    throw error;
  }
}
