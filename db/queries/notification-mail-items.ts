import { NOTIFICATION_KINDS, isThreadNotificationKind, type NotificationMailMode, type ThreadNotificationKind } from "../schema";
import { isSuggestionNotificationKind, type SuggestionNotificationKind } from "./suggestion-notifications";

/** What db/queries/notification-mail.ts's two dialects share: the rows they select, made into items. */

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

export function unmailedInOrder(comments: UnmailedNotification[], suggestions: UnmailedNotification[]): UnmailedNotification[] {
  const byAge = (a: UnmailedNotification, b: UnmailedNotification) => a.createdAt.getTime() - b.createdAt.getTime();
  return [...comments, ...suggestions].sort(byAge);
}

/** What both dialects' queries select, before it becomes an UnmailedNotification. */
type CommonRow = {
  id: string;
  userId: string;
  createdAt: Date;
  mode: NotificationMailMode | null;
  role: string | null;
  pageDeletedAt: Date | null;
  pageId: string;
  pageTitle: string;
  pageSlug: string;
  wikiSlug: string;
  wikiName: string;
  authorName: string | null;
};
export type CommentRow = CommonRow & { kind: Kind; body: string; commentDeletedAt: Date | null };
export type SuggestionRow = CommonRow & { kind: Kind; suggestionId: string | null };

export function commentItems(rows: CommentRow[]): UnmailedNotification[] {
  return (
    rows
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

export function suggestionItems(rows: SuggestionRow[]): UnmailedNotification[] {
  return rows
    .filter(
      (row): row is typeof row & { kind: SuggestionNotificationKind; suggestionId: string } =>
        isSuggestionNotificationKind(row.kind) && !!row.suggestionId,
    )
    .map(({ role, pageDeletedAt, ...row }) => ({ ...row, visible: !!role && !pageDeletedAt, body: null, commentDeleted: false as const }));
}

export function withDefaults(rows: { kind: Kind; mode: NotificationMailMode }[]): Record<Kind, NotificationMailMode> {
  const settings = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, "immediately"])) as Record<Kind, NotificationMailMode>;
  for (const row of rows) settings[row.kind] = row.mode;
  return settings;
}
