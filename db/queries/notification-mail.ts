import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { getDb } from "../client";
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
  isThreadNotificationKind,
  type NotificationMailMode,
  type ThreadNotificationKind,
} from "../schema";
import { isSuggestionNotificationKind, type SuggestionNotificationKind } from "./suggestion-notifications";

type Kind = (typeof NOTIFICATION_KINDS)[number];

/** A notification not yet handled by e-mail, with what its mail needs. */
export type UnmailedNotification = {
  id: string;
  userId: string;
  kind: Kind;
  createdAt: Date;
  /** The person's choice for this kind; null means the default, "immediately". */
  mode: NotificationMailMode | null;
  /** False once the person has left the wiki, or the page is in the trash: nothing is mailed. */
  visible: boolean;
  pageId: string;
  pageTitle: string;
  pageSlug: string;
  wikiSlug: string;
  wikiName: string;
  /** Who commented, suggested or decided. */
  authorName: string | null;
} & (
  | { kind: ThreadNotificationKind; body: string; commentDeleted: boolean; suggestionId: null }
  | { kind: SuggestionNotificationKind; body: null; commentDeleted: false; suggestionId: string }
);

/** Every notification the mailer has not handled yet, oldest first. */
export function listUnmailedNotifications(): UnmailedNotification[] {
  const byAge = (a: UnmailedNotification, b: UnmailedNotification) => a.createdAt.getTime() - b.createdAt.getTime();
  return [...unmailedCommentNotifications(), ...unmailedSuggestionNotifications()].sort(byAge);
}

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

function unmailedCommentNotifications(): UnmailedNotification[] {
  return (
    getDb()
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
      .all()
      // The inner joins on the thread and the comment already keep only these kinds; this says so to
      // the type checker.
      .filter((row): row is typeof row & { kind: ThreadNotificationKind } => isThreadNotificationKind(row.kind))
      .map(({ role, pageDeletedAt, commentDeletedAt, ...row }) => ({
        ...row,
        visible: !!role && !pageDeletedAt,
        commentDeleted: !!commentDeletedAt,
        suggestionId: null,
      }))
  );
}

function unmailedSuggestionNotifications(): UnmailedNotification[] {
  return getDb()
    .select({ ...common, kind: notifications.kind, suggestionId: notifications.suggestionId })
    .from(notifications)
    .innerJoin(pages, eq(pages.id, notifications.pageId))
    .innerJoin(wikis, eq(wikis.id, pages.wikiId))
    .leftJoin(users, eq(users.id, notifications.actorId))
    .leftJoin(wikiMembers, memberOfPageWiki)
    .leftJoin(notificationSettings, settingOfKind)
    .where(and(isNull(notifications.mailedAt), inArray(notifications.kind, ["suggestion", "decision"])))
    .orderBy(asc(notifications.createdAt))
    .all()
    .filter(
      (row): row is typeof row & { kind: SuggestionNotificationKind; suggestionId: string } =>
        isSuggestionNotificationKind(row.kind) && !!row.suggestionId,
    )
    .map(({ role, pageDeletedAt, ...row }) => ({ ...row, visible: !!role && !pageDeletedAt, body: null, commentDeleted: false as const }));
}

export function markNotificationsMailed(ids: string[], at: Date): void {
  if (ids.length) getDb().update(notifications).set({ mailedAt: at }).where(inArray(notifications.id, ids)).run();
}

/** Each kind's e-mail choice for a person (defaults filled in). */
export function readNotificationSettings(userId: string): Record<Kind, NotificationMailMode> {
  const rows = getDb().select().from(notificationSettings).where(eq(notificationSettings.userId, userId)).all();
  const settings = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, "immediately"])) as Record<Kind, NotificationMailMode>;
  for (const row of rows) settings[row.kind] = row.mode;
  return settings;
}

export function writeNotificationSetting(userId: string, kind: Kind, mode: NotificationMailMode): void {
  getDb()
    .insert(notificationSettings)
    .values({ userId, kind, mode })
    .onConflictDoUpdate({ target: [notificationSettings.userId, notificationSettings.kind], set: { mode } })
    .run();
}
