"use server";

import { revalidatePath } from "next/cache";
import { sessionActor } from "@/lib/audit/session-actor";
import { requireSessionUser } from "@/lib/auth/current-user";
import { createRevision } from "@/lib/history/revisions";
import { AppError } from "@/lib/errors";
import { parseForm, type FormState } from "@/lib/validations/form";
import { saveVersionSchema } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

export async function saveVersionAction(pageId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireSessionUser();
  const parsed = parseForm(saveVersionSchema, formData);
  if (!parsed.ok) return { error: parsed.error };
  try {
    requirePageAccess(user.id, pageId, "page.save-version");
    const { ip } = await sessionActor(user);
    const revision = createRevision(pageId, { kind: "named", name: parsed.data.name, note: parsed.data.note || null, createdBy: user.id, ip });
    revalidatePath("/w", "layout");
    return { success: `Saved as version ${revision?.number}.` };
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
}
