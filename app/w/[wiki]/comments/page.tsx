import Link from "next/link";
import { Avatar } from "@/components/avatar";
import { RelativeTime } from "@/components/comments/relative-time";
import { Select } from "@/components/ui/form";
import { listOpenThreadsForWiki } from "@/db/queries/comments";
import { requireSessionUser } from "@/lib/auth/current-user";
import { CommentBody } from "@/lib/comments/format";
import { presentThreads } from "@/lib/comments/present";
import { loadWikiForRender, pageUrl } from "@/lib/wikis/access";

export const dynamic = "force-dynamic";
export const metadata = { title: "Open comments" };

/** Every unresolved thread in the wiki, newest first, each linking to its passage. */
export default async function OpenCommentsPage({
  params,
  searchParams,
}: {
  params: Promise<{ wiki: string }>;
  searchParams: Promise<{ page?: string }>;
}) {
  const { wiki: wikiSlug } = await params;
  const filter = await searchParams;
  const user = await requireSessionUser(`/w/${wikiSlug}/comments`);
  const { wiki } = await loadWikiForRender(wikiSlug, user, "page.read");
  const rows = await listOpenThreadsForWiki(wiki.id);
  const views = await presentThreads(rows);
  const pages = [...new Map(rows.map((r) => [r.pageId, r.pageTitle])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const items = views.map((thread, i) => ({ thread, page: rows[i] })).filter(({ page }) => !filter.page || page.pageId === filter.page);

  return (
    <main className="mx-auto max-w-4xl space-y-6 px-4 py-6 sm:px-8 sm:py-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="font-serif text-2xl font-semibold">Open comments</h1>
          <p className="mt-1 text-sm text-stone-600">
            {rows.length === 0
              ? "Nothing waiting: every thread in this wiki is resolved."
              : `${rows.length} unresolved ${rows.length === 1 ? "thread" : "threads"} across ${pages.length} ${pages.length === 1 ? "page" : "pages"}.`}
          </p>
        </div>
        {pages.length > 1 ? (
          <form className="flex items-end gap-2 text-sm">
            <Select name="page" defaultValue={filter.page ?? ""} aria-label="Filter by page">
              <option value="">All pages</option>
              {pages.map(([id, title]) => (
                <option key={id} value={id}>
                  {title}
                </option>
              ))}
            </Select>
            <button type="submit" className="rounded-md border border-stone-300 bg-white px-3 py-2 hover:bg-stone-50">
              Filter
            </button>
          </form>
        ) : null}
      </div>
      {items.length > 0 ? (
        <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white" data-testid="open-threads">
          {items.map(({ thread, page }) => {
            const first = thread.comments[0];
            const replies = thread.comments.length - 1;
            const href = `${pageUrl(wiki.slug, page.pageSlug)}?thread=${encodeURIComponent(thread.id)}`;
            return (
              <li key={thread.id} className="px-4 py-3" data-testid="open-thread" data-thread-id={thread.id}>
                <div className="flex flex-wrap items-baseline gap-x-2 text-sm">
                  <Link href={pageUrl(wiki.slug, page.pageSlug)} className="font-medium hover:underline">
                    {page.pageTitle}
                  </Link>
                  {thread.anchor.kind === "block" ? <span className="text-xs uppercase tracking-wide text-stone-500">section</span> : null}
                  {thread.anchor.kind === "page" ? (
                    <span className="text-xs uppercase tracking-wide text-stone-500">whole page</span>
                  ) : null}
                  {thread.detached ? <span className="rounded bg-red-50 px-1 text-xs text-red-800">text removed</span> : null}
                  <Link href={href} className="ml-auto text-sm font-medium text-orange-900 hover:underline">
                    {thread.anchor.kind === "page" ? "Open thread →" : "Go to passage →"}
                  </Link>
                </div>
                {thread.quote ? (
                  <Link
                    href={href}
                    className={`mt-1.5 block border-l-2 pl-3 font-serif italic ${thread.detached ? "border-stone-300 text-stone-500 line-through" : "border-amber-400 text-stone-700 hover:text-stone-950"}`}
                  >
                    <span className="line-clamp-2">{thread.quote}</span>
                  </Link>
                ) : null}
                <div className="mt-2 flex items-start gap-2 text-sm">
                  <Avatar userId={thread.createdBy?.id ?? "former"} name={thread.createdBy?.name ?? "Former member"} size={22} />
                  <div className="min-w-0 flex-1">
                    <span className="font-medium text-stone-800">{thread.createdBy?.name ?? "Former member"}</span>{" "}
                    <RelativeTime iso={thread.createdAt} className="text-xs text-stone-500" />
                    {replies > 0 ? (
                      <span className="text-xs text-stone-500"> · {replies === 1 ? "1 reply" : `${replies} replies`}</span>
                    ) : null}
                    {first && !first.deleted && first.body ? (
                      <div className="line-clamp-3 text-stone-700">
                        <CommentBody body={first.body} />
                      </div>
                    ) : (
                      <p className="text-xs italic text-stone-500">Comment deleted</p>
                    )}
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
    </main>
  );
}
