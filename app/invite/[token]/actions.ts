"use server";

import { headers } from "next/headers";
import { publicAction } from "@/lib/actions/form-action";
import { clientIp } from "@/lib/audit/client-ip";
import { signIn } from "@/lib/auth/auth";
import { acceptInvite } from "@/lib/commands/invites";
import type { FormState } from "@/lib/validations/form";
import { acceptInviteSchema } from "@/lib/validations/schemas";

export async function acceptInviteAction(secret: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return publicAction({ schema: acceptInviteSchema, formData }, async ({ input }) => {
    const { user, wiki } = await acceptInvite(secret, input, { ip: clientIp(await headers()) });
    await signIn("credentials", { email: user.email, password: input.password, redirectTo: `/w/${wiki.slug}` });
    return undefined;
  });
}
