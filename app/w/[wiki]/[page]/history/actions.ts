"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions/form-action";
import { saveVersion } from "@/lib/commands/revisions";
import type { FormState } from "@/lib/validations/form";
import { saveVersionSchema } from "@/lib/validations/schemas";
import { requirePageAccess } from "@/lib/wikis/access";

export async function saveVersionAction(pageId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return sessionAction({ schema: saveVersionSchema, formData }, async ({ user, actor, input }) => {
    await requirePageAccess(user.id, pageId, "page.save-version");
    const revision = await saveVersion({ pageId, name: input.name, note: input.note }, actor);
    revalidatePath("/w", "layout");
    return { success: `Saved as version ${revision.number}.` };
  });
}
