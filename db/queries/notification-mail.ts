import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { perDialect } from "../executor";
import * as postgres from "../postgres/queries/notification-mail";
import {
  NOTIFICATION_KINDS,
  commentThreads,
  comments,
  notificationSettings,
  notifications,
  pages,
  users,
  wikiMembers,
  wikis,
  type NotificationMailMode,
} from "../schema";
import { commentItems, suggestionItems, unmailedInOrder, withDefaults, type UnmailedNotification } from "./notification-mail-items";

export type { UnmailedNotification };

// Converted to the async data layer (docs/architecture.md, "Data layer"): each export is declared
// once from its SQLite implementation here and its PostgreSQL twin in db/postgres/queries; both
// turn rows into items with ./notification-mail-items.ts.

type Kind = (typeof NOTIFICATION_KINDS)[number];

/** Every notification the mailer has not handled yet, oldest first. */
export const listUnmailedNotifications = perDialect(
  (db: Db): UnmailedNotification[] => unmailedInOrder(unmailedCommentNotifications(db), unmailedSuggestionNotifications(db)),
  postgres.listUnmailedNotifications,
);

/** The columns both kinds of item share, and the joins that give the wiki, membership and setting. */
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

function unmailedCommentNotifications(db: Db): UnmailedNotification[] {
  return commentItems(
    db
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
      .orderBy(asc(notifications.createdAt))
      .all(),
  );
}

function unmailedSuggestionNotifications(db: Db): UnmailedNotification[] {
  return suggestionItems(
    db
      .select({ ...common, kind: notifications.kind, suggestionId: notifications.suggestionId })
      .from(notifications)
      .innerJoin(pages, eq(pages.id, notifications.pageId))
      .innerJoin(wikis, eq(wikis.id, pages.wikiId))
      .leftJoin(users, eq(users.id, notifications.actorId))
      .leftJoin(wikiMembers, memberOfPageWiki)
      .leftJoin(notificationSettings, settingOfKind)
      .where(and(isNull(notifications.mailedAt), inArray(notifications.kind, ["suggestion", "decision"])))
      .orderBy(asc(notifications.createdAt))
      .all(),
  );
}

export const markNotificationsMailed = perDialect((db: Db, ids: string[], at: Date): void => {
  if (ids.length) db.update(notifications).set({ mailedAt: at }).where(inArray(notifications.id, ids)).run();
}, postgres.markNotificationsMailed);

/** Each kind's e-mail choice for a person (defaults filled in). */
export const readNotificationSettings = perDialect(
  (db: Db, userId: string): Record<Kind, NotificationMailMode> =>
    withDefaults(db.select().from(notificationSettings).where(eq(notificationSettings.userId, userId)).all()),
  postgres.readNotificationSettings,
);

export const writeNotificationSetting = perDialect(
  (db: Db, userId: string, kind: Kind, mode: NotificationMailMode): void =>
    void db
      .insert(notificationSettings)
      .values({ userId, kind, mode })
      .onConflictDoUpdate({ target: [notificationSettings.userId, notificationSettings.kind], set: { mode } })
      .run(),
  postgres.writeNotificationSetting,
);
