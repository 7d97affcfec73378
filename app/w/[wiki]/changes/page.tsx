import Link from "next/link";
import { Avatar } from "@/components/avatar";
import { Select } from "@/components/ui/form";
import { LocalTime } from "@/components/ui/local-time";
import { listPages } from "@/db/queries/pages";
import { listRecentRevisions } from "@/db/queries/revisions";
import { listMembers } from "@/db/queries/wikis";
import { requireSessionUser } from "@/lib/auth/current-user";
import { summariseRevisions } from "@/lib/history/present";
import { loadWikiForRender, pageUrl } from "@/lib/wikis/access";

export const dynamic = "force-dynamic";
export const metadata = { title: "Recent changes" };

export default async function RecentChangesPage({
  params,
  searchParams,
}: {
  params: Promise<{ wiki: string }>;
  searchParams: Promise<{ person?: string; page?: string }>;
}) {
  const { wiki: wikiSlug } = await params;
  const filter = await searchParams;
  const user = await requireSessionUser(`/w/${wikiSlug}/changes`);
  const { wiki } = await loadWikiForRender(wikiSlug, user, "page.read-history");
  const rows = await listRecentRevisions(wiki.id, { userId: filter.person || undefined, pageId: filter.page || undefined, limit: 200 });
  const summaries = await summariseRevisions(rows);
  const members = await listMembers(wiki.id);
  const pages = await listPages(wiki.id);
  return (
    <main className="mx-auto max-w-4xl space-y-6 px-4 py-6 sm:px-8 sm:py-8">
      <h1 className="font-serif text-2xl font-semibold">Recent changes</h1>
      <form className="flex flex-wrap items-end gap-2 text-sm">
        <Select name="person" defaultValue={filter.person ?? ""} aria-label="Filter by person">
          <option value="">Everyone</option>
          {members.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </Select>
        <Select name="page" defaultValue={filter.page ?? ""} aria-label="Filter by page">
          <option value="">All pages</option>
          {pages.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </Select>
        <button type="submit" className="rounded-md border border-stone-300 bg-white px-3 py-2 hover:bg-stone-50">
          Filter
        </button>
      </form>
      {rows.length === 0 ? <p className="text-stone-600">No versions recorded yet.</p> : null}
      <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
        {rows.map((row, i) => {
          const v = summaries[i];
          const base = pageUrl(wiki.slug, row.pageSlug);
          return (
            <li key={row.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm" data-testid="change-row">
              <span className="flex -space-x-1">
                {v.contributors.map((c) => (
                  <Avatar key={c.id} userId={c.id} name={c.name} size={22} />
                ))}
              </span>
              <span className="min-w-0 flex-1">
                <Link href={base} className="font-medium hover:underline">
                  {row.pageTitle}
                </Link>{" "}
                <Link
                  href={`${base}/history/${row.number}`}
                  className="inline-block min-w-6 py-0.5 text-center text-stone-600 hover:underline"
                >
                  v{row.number}
                </Link>
                {row.name ? <span className="ml-1 text-stone-700">“{row.name}”</span> : null}
                <span className="block text-xs text-stone-500">
                  <LocalTime date={row.createdAt} /> · {v.contributors.map((c) => c.name).join(", ") || "unknown"}
                </span>
              </span>
              <span>
                <span className="text-green-700">+{row.wordsAdded}</span> <span className="text-red-700">−{row.wordsRemoved}</span>
              </span>
              {row.number > 1 ? (
                <Link href={`${base}/compare?from=${row.number - 1}&to=${row.number}`} className="text-orange-900 underline">
                  diff
                </Link>
              ) : null}
            </li>
          );
        })}
      </ul>
    </main>
  );
}
