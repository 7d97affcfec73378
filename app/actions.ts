"use server";

import { redirect } from "next/navigation";
import { sessionAction } from "@/lib/actions/form-action";
import { signOut } from "@/lib/auth/auth";
import { createWiki } from "@/lib/commands/wikis";
import type { FormState } from "@/lib/validations/form";
import { createWikiSchema } from "@/lib/validations/schemas";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}

export async function createWikiAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return sessionAction({ schema: createWikiSchema, formData }, async ({ actor, input }) => {
    const wiki = await createWiki(input, actor);
    redirect(`/w/${wiki.slug}`);
  });
}
