"use server";

import { findUserById } from "@/db/queries/users";
import { publicAction } from "@/lib/actions/form-action";
import { unsubscribeFromNotificationMail } from "@/lib/commands/notification-settings";
import { verifyUnsubscribeToken } from "@/lib/mail/unsubscribe";
import type { FormState } from "@/lib/validations/form";

/** Public: the token from the mail is the credential; it can only turn notification e-mail off. */
export async function unsubscribeAction(token: string, _prev: FormState): Promise<FormState> {
  return publicAction(null, async () => {
    const userId = verifyUnsubscribeToken(token);
    if (!userId || !findUserById(userId)) return { error: "This unsubscribe link is not valid." };
    unsubscribeFromNotificationMail(userId);
    return {
      success:
        "Done: you will get no more notification e-mails. Your Inbox still shows mentions and replies; Settings turns e-mails back on.",
    };
  });
}
