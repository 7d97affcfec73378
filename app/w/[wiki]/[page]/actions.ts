"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { sessionAction } from "@/lib/actions/form-action";
import { createPage, movePage, renamePage, restorePage, trashPage } from "@/lib/commands/pages";
import type { FormState } from "@/lib/validations/form";
import { createPageSchema, titleSchema } from "@/lib/validations/schemas";
import { pageUrl, requirePageAccess, requireWikiAccess } from "@/lib/wikis/access";

// Server actions are public endpoints: each one asks the policy itself; sessionAction checks the session.

/** The sidebar's tree lives in the wiki's layout, which a redirect alone would keep as it was. */
function refreshTreeAndGo(target: string): never {
  revalidatePath("/w", "layout");
  redirect(target);
}

export async function createPageAction(wikiId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return sessionAction({ schema: createPageSchema, formData, blankIsAbsent: ["parentId"] }, async ({ user, actor, input }) => {
    const { wiki } = await requireWikiAccess(user.id, wikiId, "page.create");
    const page = await createPage({ wikiId, title: input.title, parentId: input.parentId ?? null }, actor);
    refreshTreeAndGo(pageUrl(wiki.slug, page.slug));
  });
}

export async function renamePageAction(pageId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return sessionAction({ schema: z.object({ title: titleSchema }), formData }, async ({ user, actor, input }) => {
    const { wiki } = await requirePageAccess(user.id, pageId, "page.rename");
    const page = await renamePage(pageId, input.title, actor);
    refreshTreeAndGo(pageUrl(wiki.slug, page.slug));
  });
}

export async function movePageAction(pageId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return sessionAction(null, async ({ user, actor }) => {
    const parentId = String(formData.get("parentId") ?? "") || null;
    await requirePageAccess(user.id, pageId, "page.move");
    await movePage(pageId, parentId, actor);
    revalidatePath("/w", "layout");
    return { success: "Moved." };
  });
}

export async function trashPageAction(pageId: string, _prev: FormState): Promise<FormState> {
  return sessionAction(null, async ({ user, actor }) => {
    const { wiki } = await requirePageAccess(user.id, pageId, "page.delete");
    await trashPage(pageId, actor);
    refreshTreeAndGo(`/w/${wiki.slug}`);
  });
}

export async function restorePageAction(pageId: string, _prev: FormState): Promise<FormState> {
  return sessionAction(null, async ({ user, actor }) => {
    const { wiki } = await requirePageAccess(user.id, pageId, "page.restore-from-trash", true);
    const page = await restorePage(pageId, actor);
    refreshTreeAndGo(pageUrl(wiki.slug, page.slug));
  });
}
