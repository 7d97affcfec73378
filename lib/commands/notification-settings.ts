import { transaction } from "@/db/executor";
import { writeNotificationSetting } from "@/db/queries/notification-mail";
import { NOTIFICATION_KINDS, type NotificationMailMode } from "@/db/schema";

type Kind = (typeof NOTIFICATION_KINDS)[number];

/** Sets how a person gets each kind of notification by e-mail (kinds not given stay as they are). */
export async function saveNotificationSettings(userId: string, settings: Partial<Record<Kind, NotificationMailMode>>): Promise<void> {
  await transaction(async () => {
    for (const kind of NOTIFICATION_KINDS) {
      const mode = settings[kind];
      if (mode) await writeNotificationSetting(userId, kind, mode);
    }
  });
}

/**
 * Unsubscribe: no more notification e-mail of `kind`, or of any kind when null (the Inbox is
 * unchanged).
 */
export async function unsubscribeFromNotificationMail(userId: string, kind: Kind | null = null): Promise<void> {
  const kinds = kind ? [kind] : NOTIFICATION_KINDS;
  await saveNotificationSettings(userId, Object.fromEntries(kinds.map((k) => [k, "never"])));
}
