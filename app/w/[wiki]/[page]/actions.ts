"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { sessionActor } from "@/lib/audit/session-actor";
import { requireSessionUser } from "@/lib/auth/current-user";
import { createPage, movePage, renamePage, restorePage, trashPage } from "@/lib/commands/pages";
import { AppError } from "@/lib/errors";
import { parseForm, type FormState } from "@/lib/validations/form";
import { createPageSchema, titleSchema } from "@/lib/validations/schemas";
import { pageUrl, requirePageAccess, requireWikiAccess } from "@/lib/wikis/access";

// Server actions are public endpoints: each one checks the session and asks the policy itself.

async function run(work: () => void | Promise<void>): Promise<FormState> {
  try {
    await work();
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
  return undefined;
}

export async function createPageAction(wikiId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireSessionUser();
  const parsed = parseForm(createPageSchema, formData, { blankIsAbsent: ["parentId"] });
  if (!parsed.ok) return { error: parsed.error };
  const actor = await sessionActor(user);
  let target = "";
  const result = await run(() => {
    const { wiki } = requireWikiAccess(user.id, wikiId, "page.create");
    const page = createPage({ wikiId, title: parsed.data.title, parentId: parsed.data.parentId ?? null }, actor);
    target = pageUrl(wiki.slug, page.slug);
  });
  if (result?.error) return result;
  // The sidebar's tree lives in the wiki's layout, which a redirect alone would keep as it was.
  revalidatePath("/w", "layout");
  redirect(target);
}

export async function renamePageAction(pageId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireSessionUser();
  const parsed = parseForm(z.object({ title: titleSchema }), formData);
  if (!parsed.ok) return { error: parsed.error };
  const actor = await sessionActor(user);
  let target = "";
  const result = await run(() => {
    const { wiki } = requirePageAccess(user.id, pageId, "page.rename");
    const page = renamePage(pageId, parsed.data.title, actor);
    target = pageUrl(wiki.slug, page.slug);
  });
  if (result?.error) return result;
  revalidatePath("/w", "layout");
  redirect(target);
}

export async function movePageAction(pageId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireSessionUser();
  const parentId = String(formData.get("parentId") ?? "") || null;
  const actor = await sessionActor(user);
  const result = await run(() => {
    requirePageAccess(user.id, pageId, "page.move");
    movePage(pageId, parentId, actor);
  });
  if (result?.error) return result;
  revalidatePath("/w", "layout");
  return { success: "Moved." };
}

export async function trashPageAction(pageId: string, _prev: FormState): Promise<FormState> {
  const user = await requireSessionUser();
  const actor = await sessionActor(user);
  let target = "";
  const result = await run(() => {
    const { wiki } = requirePageAccess(user.id, pageId, "page.delete");
    trashPage(pageId, actor);
    target = `/w/${wiki.slug}`;
  });
  if (result?.error) return result;
  revalidatePath("/w", "layout");
  redirect(target);
}

export async function restorePageAction(pageId: string, _prev: FormState): Promise<FormState> {
  const user = await requireSessionUser();
  const actor = await sessionActor(user);
  let target = "";
  const result = await run(() => {
    const { wiki } = requirePageAccess(user.id, pageId, "page.restore-from-trash", true);
    const page = restorePage(pageId, actor);
    target = pageUrl(wiki.slug, page.slug);
  });
  if (result?.error) return result;
  revalidatePath("/w", "layout");
  redirect(target);
}
