import { writeTransaction } from "@/db/client";
import { writeNotificationSetting } from "@/db/queries/notification-mail";
import { NOTIFICATION_KINDS, type NotificationMailMode } from "@/db/schema";

type Kind = (typeof NOTIFICATION_KINDS)[number];

/** Sets how a person gets each kind of notification by e-mail (kinds not given stay as they are). */
export function saveNotificationSettings(userId: string, settings: Partial<Record<Kind, NotificationMailMode>>): void {
  writeTransaction(() => {
    for (const kind of NOTIFICATION_KINDS) {
      const mode = settings[kind];
      if (mode) writeNotificationSetting(userId, kind, mode);
    }
  });
}

/**
 * Unsubscribe: no more notification e-mail of `kind`, or of any kind when null (the Inbox is
 * unchanged).
 */
export function unsubscribeFromNotificationMail(userId: string, kind: Kind | null = null): void {
  const kinds = kind ? [kind] : NOTIFICATION_KINDS;
  saveNotificationSettings(userId, Object.fromEntries(kinds.map((k) => [k, "never"])));
}
