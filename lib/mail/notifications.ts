import { transaction } from "@/db/executor";
import { listUnmailedNotifications, markNotificationsMailed, type UnmailedNotification } from "@/db/queries/notification-mail";
import { findUserById } from "@/db/queries/users";
import { logger } from "@/lib/logger";
import { serverOrigin } from "@/lib/server/request-origin";
import { describeNoticedSuggestions } from "@/lib/suggestions/notifications";
import { enqueueMailAsync } from "./outbox";
import { digestMail, notificationMail, type NotificationItem } from "./templates";
import { unsubscribeUrls } from "./unsubscribe";

/** A page's new items are gathered until it has been quiet this long: a burst becomes one mail… */
export const BURST_QUIET_MS = 2 * 60_000;
/** …but no item waits longer than this for the burst to end. */
export const BURST_MAX_WAIT_MS = 15 * 60_000;
/** A digest goes out once its oldest item is this old: at most one a day. */
export const DIGEST_AFTER_MS = 24 * 60 * 60_000;
/** Items older than this are not mailed at all (e-mail was off when they came, say). */
const TOO_OLD_MS = 3 * DIGEST_AFTER_MS;
const COLLECT_EVERY_MS = 30_000;

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function pageUrlOf(row: UnmailedNotification, origin: string): string {
  // The page's address as lib/wikis/access.ts pageUrl builds it (that module needs Next).
  return `${origin}/w/${encodeURIComponent(row.wikiSlug)}/${encodeURIComponent(row.pageSlug)}`;
}

/**
 * The items of rows about to be mailed. A suggestion is read as it stands now (it may have grown
 * since it was noticed); one its author withdrew or took back is left out, as it no longer asks
 * anything of anyone.
 */
async function asItems(rows: UnmailedNotification[], origin: string): Promise<NotificationItem[]> {
  const suggestions = await describeNoticedSuggestions(
    rows.flatMap((r) => (r.suggestionId ? [{ pageId: r.pageId, suggestionId: r.suggestionId }] : [])),
  );
  return rows.flatMap((row): NotificationItem[] => {
    const place = { authorName: row.authorName, pageTitle: row.pageTitle, pageUrl: pageUrlOf(row, origin), wikiName: row.wikiName };
    if (row.suggestionId === null) return [{ ...place, kind: row.kind, body: row.body, deleted: row.commentDeleted }];
    const now = suggestions.get(row.suggestionId);
    if (!now || now.status === "gone" || now.status === "withdrawn") return [];
    return [{ ...place, kind: row.kind, body: now.text, deleted: false, status: now.status }];
  });
}

/**
 * Turns new Inbox items into mail, as each person chose per kind: "immediately" (one mail per
 * page once the page has been quiet for BURST_QUIET_MS), "daily" (one digest once its oldest
 * item is a day old) or "never". Items of pages in the trash, of wikis the person left, or too
 * old are passed over, and so are suggestions taken back before their mail went. Every item is
 * handled once: mail and marks share one transaction. Returns how many mails went into the outbox.
 */
export async function collectNotificationMail(now: Date, origin: string = serverOrigin()): Promise<number> {
  return transaction(async () => {
    const rows = await listUnmailedNotifications();
    const done: string[] = [];
    let mails = 0;
    const age = (row: UnmailedNotification) => now.getTime() - row.createdAt.getTime();
    for (const [userId, own] of groupBy(rows, (r) => r.userId)) {
      const user = await findUserById(userId);
      const links = unsubscribeUrls(origin, userId);
      const unsubscribe = { all: links.page, kind: links.kindPage };
      const wanted = own.filter((r) => {
        const skip = !user || !r.visible || (r.mode ?? "immediately") === "never" || age(r) > TOO_OLD_MS;
        if (skip) done.push(r.id);
        return !skip;
      });
      for (const group of groupBy(
        wanted.filter((r) => (r.mode ?? "immediately") === "immediately"),
        (r) => r.pageId,
      ).values()) {
        const quiet = age(group[group.length - 1]) >= BURST_QUIET_MS;
        if (!quiet && age(group[0]) < BURST_MAX_WAIT_MS) continue;
        done.push(...group.map((r) => r.id));
        const items = await asItems(group, origin);
        if (items.length === 0) continue;
        await enqueueMailAsync({
          kind: "notification",
          to: user!.email,
          unsubscribeUrl: links.oneClick,
          ...notificationMail(items, unsubscribe),
        });
        mails++;
      }
      const daily = wanted.filter((r) => r.mode === "daily");
      if (daily.length && age(daily[0]) >= DIGEST_AFTER_MS) {
        done.push(...daily.map((r) => r.id));
        const items = await asItems(daily, origin);
        if (items.length === 0) continue;
        await enqueueMailAsync({
          kind: "digest",
          to: user!.email,
          unsubscribeUrl: links.oneClick,
          ...digestMail(items, unsubscribe, `${origin}/settings`),
        });
        mails++;
      }
    }
    await markNotificationsMailed(done, now);
    return mails;
  });
}

/** Collects notification mail every half minute while the server runs (e-mail on only). */
export function startNotificationMailer(): { stop(): void } {
  const timer = setInterval(() => {
    collectNotificationMail(new Date()).catch((error: unknown) => logger.error({ err: error }, "could not collect notification mail"));
  }, COLLECT_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
