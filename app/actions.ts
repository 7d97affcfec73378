"use server";

import { redirect } from "next/navigation";
import { signOut } from "@/lib/auth/auth";
import { sessionActor } from "@/lib/audit/session-actor";
import { requireSessionUser } from "@/lib/auth/current-user";
import { createWiki } from "@/lib/commands/wikis";
import { parseForm, type FormState } from "@/lib/validations/form";
import { createWikiSchema } from "@/lib/validations/schemas";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}

export async function createWikiAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireSessionUser();
  const parsed = parseForm(createWikiSchema, formData);
  if (!parsed.ok) return { error: parsed.error };
  const wiki = createWiki(parsed.data, await sessionActor(user));
  redirect(`/w/${wiki.slug}`);
}
