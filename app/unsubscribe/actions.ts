"use server";

import { findUserById } from "@/db/queries/users";
import { publicAction } from "@/lib/actions/form-action";
import { unsubscribeFromNotificationMail } from "@/lib/commands/notification-settings";
import { NOTIFICATION_KIND_WORDS } from "@/lib/mail/templates";
import { verifyUnsubscribeToken } from "@/lib/mail/unsubscribe";
import type { FormState } from "@/lib/validations/form";

/** Public: the token from the mail is the credential; it can only turn notification e-mail off (one kind, or all). */
export async function unsubscribeAction(token: string, _prev: FormState): Promise<FormState> {
  return publicAction(null, async () => {
    const verified = verifyUnsubscribeToken(token);
    if (!verified || !(await findUserById(verified.userId))) return { error: "This unsubscribe link is not valid." };
    await unsubscribeFromNotificationMail(verified.userId, verified.kind);
    return {
      success: verified.kind
        ? `Done: you will get no more e-mails about ${NOTIFICATION_KIND_WORDS[verified.kind]}. They still show in your Inbox; Settings turns the e-mails back on.`
        : "Done: you will get no more notification e-mails. Your Inbox still shows everything; Settings turns e-mails back on.",
    };
  });
}
