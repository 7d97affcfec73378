import Link from "next/link";
import { AppHeader } from "@/components/app-header";
import { Avatar } from "@/components/avatar";
import { MarkInboxRead } from "@/components/comments/mark-inbox-read";
import { RelativeTime } from "@/components/comments/relative-time";
import { listWikisForUser } from "@/db/queries/wikis";
import { requireSessionUser } from "@/lib/auth/current-user";
import { CommentBody } from "@/lib/comments/format";
import { isCommentItem, listInboxItems, type InboxItem } from "@/lib/inbox/items";
import { pageUrl } from "@/lib/wikis/access";

export const dynamic = "force-dynamic";
export const metadata = { title: "Inbox" };

/**
 * Mentions of the signed-in user, replies to their threads, suggestions on their pages and
 * decisions on their suggestions, newest first (as GET /api/v1/me/inbox).
 */
export default async function InboxPage() {
  const user = await requireSessionUser("/inbox");
  // Only items from wikis the user still belongs to.
  const wikis = new Map((await listWikisForUser(user.id)).map((w) => [w.id, w]));
  const items = await listInboxItems(user.id, (wikiId) => wikis.has(wikiId));
  const unread = items.filter((n) => !n.readAt).length;

  return (
    <>
      <AppHeader user={user}>Inbox</AppHeader>
      <main className="mx-auto max-w-3xl space-y-6 px-6 py-10">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="font-serif text-2xl font-semibold">Inbox</h1>
            <p className="mt-1 text-sm text-stone-600">
              Mentions of you, replies to threads you took part in, suggested changes to your pages and decisions on your suggestions.{" "}
              {unread > 0 ? (
                <strong className="font-medium text-stone-800">{unread} unread.</strong>
              ) : items.length > 0 ? (
                "All read."
              ) : null}
            </p>
          </div>
          {unread > 0 ? <MarkInboxRead /> : null}
        </div>
        {items.length === 0 ? (
          <p className="rounded-lg border border-dashed border-stone-300 px-4 py-8 text-center text-stone-600">
            Nothing yet. When someone writes @{user.name.replace(/[^\p{L}\p{N}._-]/gu, "")} in a comment, replies in a thread of yours, or
            suggests a change to a page of yours, it shows here.
          </p>
        ) : (
          <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white" data-testid="inbox">
            {items.map((item) => {
              const wiki = wikis.get(item.wikiId)!;
              const page = pageUrl(wiki.slug, item.pageSlug);
              const href = isCommentItem(item) ? `${page}?thread=${encodeURIComponent(item.threadId)}` : page;
              const author = item.authorName ?? "Former member";
              return (
                <li
                  key={item.id}
                  data-testid="inbox-item"
                  data-kind={item.kind}
                  data-read={item.readAt ? "true" : "false"}
                  className={item.readAt ? "" : "bg-amber-50/50"}
                >
                  <div className="flex gap-3 px-4 py-3">
                    <span className="relative">
                      {/* Neutral colour: an inbox item carries the author's name but not the id the colour derives from. */}
                      <Avatar userId="" name={author} size={28} color="#78716c" />
                      {item.readAt ? null : (
                        <span className="absolute -right-0.5 -top-0.5 h-2.5 w-2.5 rounded-full bg-orange-700 ring-2 ring-white">
                          <span className="sr-only">unread</span>
                        </span>
                      )}
                    </span>
                    <div className="min-w-0 flex-1 text-sm">
                      {/* The body may hold links of its own, so only the heading line is the link to the thread. */}
                      <Link href={href} className="block hover:underline">
                        <span className="font-medium text-stone-900">{author}</span> {WHAT_HAPPENED[item.kind](item)} on{" "}
                        <span className="font-medium text-stone-900">{item.pageTitle}</span>
                        <span className="text-stone-500"> · {wiki.name} · </span>
                        <RelativeTime iso={item.createdAt.toISOString()} className="text-stone-500" />
                      </Link>
                      <InboxItemBody item={item} />
                    </div>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </main>
    </>
  );
}

const WHAT_HAPPENED: Record<InboxItem["kind"], (item: InboxItem) => string> = {
  mention: () => "mentioned you",
  reply: () => "replied",
  suggestion: () => "suggested a change",
  decision: (item) =>
    item.kind === "decision" && item.suggestion.status === "rejected" ? "rejected your suggestion" : "accepted your suggestion",
};

const LATER_STATUS: Record<string, string> = {
  accepted: "Since accepted",
  rejected: "Since rejected",
  withdrawn: "Since withdrawn",
  gone: "Taken back by its author",
};

/** The comment, or what the suggestion does ("Replace 'binding' with 'emerging'") and where it stands. */
function InboxItemBody({ item }: { item: InboxItem }) {
  if (isCommentItem(item)) {
    return item.deleted ? (
      <p className="mt-0.5 text-xs italic text-stone-500">Comment deleted</p>
    ) : (
      <div className="mt-0.5 line-clamp-3 text-stone-700">
        <CommentBody body={item.body} />
      </div>
    );
  }
  const { status, text } = item.suggestion;
  const later = item.kind === "suggestion" && status !== "pending" ? LATER_STATUS[status] : null;
  return (
    <p className="mt-0.5 line-clamp-3 text-stone-700" data-testid="inbox-suggestion">
      {text ?? <span className="italic text-stone-500">No longer on the page</span>}
      {later && text ? <span className="text-xs text-stone-500"> · {later}</span> : null}
    </p>
  );
}
