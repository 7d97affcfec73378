import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { NOTIFICATION_KINDS, NotificationMailMode } from "../../schema";
import {
  commentItems,
  suggestionItems,
  unmailedInOrder,
  withDefaults,
  type UnmailedNotification,
} from "../../queries/notification-mail-items";
import type { PgExecutor } from "../client";
import { commentThreads, comments, notificationSettings, notifications, pages, users, wikiMembers, wikis } from "../schema";

/** PostgreSQL side of db/queries/notification-mail.ts (the comments there say what each does). */

type Kind = (typeof NOTIFICATION_KINDS)[number];

const common = {
  id: notifications.id,
  userId: notifications.userId,
  createdAt: notifications.createdAt,
  mode: notificationSettings.mode,
  role: wikiMembers.role,
  pageDeletedAt: pages.deletedAt,
  pageId: pages.id,
  pageTitle: pages.title,
  pageSlug: pages.slug,
  wikiSlug: wikis.slug,
  wikiName: wikis.name,
  authorName: users.name,
};
const memberOfPageWiki = and(eq(wikiMembers.wikiId, pages.wikiId), eq(wikiMembers.userId, notifications.userId));
const settingOfKind = and(eq(notificationSettings.userId, notifications.userId), eq(notificationSettings.kind, notifications.kind));

export async function listUnmailedNotifications(db: PgExecutor): Promise<UnmailedNotification[]> {
  const commentRows = await db
    .select({ ...common, kind: notifications.kind, body: comments.body, commentDeletedAt: comments.deletedAt })
    .from(notifications)
    .innerJoin(comments, eq(comments.id, notifications.commentId))
    .innerJoin(commentThreads, eq(commentThreads.id, notifications.threadId))
    .innerJoin(pages, eq(pages.id, commentThreads.pageId))
    .innerJoin(wikis, eq(wikis.id, pages.wikiId))
    .leftJoin(users, eq(users.id, comments.authorId))
    .leftJoin(wikiMembers, memberOfPageWiki)
    .leftJoin(notificationSettings, settingOfKind)
    .where(isNull(notifications.mailedAt))
    .orderBy(asc(notifications.createdAt));
  const suggestionRows = await db
    .select({ ...common, kind: notifications.kind, suggestionId: notifications.suggestionId })
    .from(notifications)
    .innerJoin(pages, eq(pages.id, notifications.pageId))
    .innerJoin(wikis, eq(wikis.id, pages.wikiId))
    .leftJoin(users, eq(users.id, notifications.actorId))
    .leftJoin(wikiMembers, memberOfPageWiki)
    .leftJoin(notificationSettings, settingOfKind)
    .where(and(isNull(notifications.mailedAt), inArray(notifications.kind, ["suggestion", "decision"])))
    .orderBy(asc(notifications.createdAt));
  return unmailedInOrder(commentItems(commentRows), suggestionItems(suggestionRows));
}

export async function markNotificationsMailed(db: PgExecutor, ids: string[], at: Date): Promise<void> {
  if (ids.length) await db.update(notifications).set({ mailedAt: at }).where(inArray(notifications.id, ids));
}

export async function readNotificationSettings(db: PgExecutor, userId: string): Promise<Record<Kind, NotificationMailMode>> {
  return withDefaults(await db.select().from(notificationSettings).where(eq(notificationSettings.userId, userId)));
}

export async function writeNotificationSetting(db: PgExecutor, userId: string, kind: Kind, mode: NotificationMailMode): Promise<void> {
  await db
    .insert(notificationSettings)
    .values({ userId, kind, mode })
    .onConflictDoUpdate({ target: [notificationSettings.userId, notificationSettings.kind], set: { mode } });
}
