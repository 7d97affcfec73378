import Link from "next/link";
import { AppHeader } from "@/components/app-header";
import { listWikisForUser } from "@/db/queries/wikis";
import { requireSessionUser } from "@/lib/auth/current-user";
import { presentSearchResults } from "@/lib/search/present";
import { search } from "@/lib/search/search";
import { searchParamsSchema } from "@/lib/validations/schemas";

export const dynamic = "force-dynamic";
export const metadata = { title: "Search" };

export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const user = await requireSessionUser("/search");
  // Same parameters as the REST endpoint; a hand-edited address falls back to "everything".
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;
  const parsed = searchParamsSchema.safeParse({
    q: single(raw.q)?.slice(0, 500),
    wiki: single(raw.wiki),
    kind: single(raw.kind),
    type: single(raw.type),
  });
  const params = parsed.success ? parsed.data : { q: single(raw.q)?.slice(0, 500).trim() ?? "", wikiId: undefined, kind: undefined };
  const q = params.q;
  const wikis = await listWikisForUser(user.id);
  const wikiId = wikis.some((w) => w.id === params.wikiId) ? params.wikiId : undefined;
  const kind = params.kind;
  const hits = q ? await presentSearchResults(await search(user.id, q, { wikiId, kind, limit: 100 })) : [];
  return (
    <>
      <AppHeader user={user}>Search</AppHeader>
      <main className="mx-auto max-w-3xl space-y-6 px-4 py-6 sm:px-8 sm:py-8">
        <form className="flex flex-wrap gap-2">
          <input
            name="q"
            defaultValue={q}
            autoFocus
            aria-label="Search"
            className="min-w-64 flex-1 rounded-md border border-stone-300 px-3 py-2"
            placeholder='e.g. "due diligence" A/70/174 13(c)'
          />
          <select name="wiki" defaultValue={wikiId ?? "all"} aria-label="Wiki" className="rounded-md border border-stone-300 px-2">
            <option value="all">All my wikis</option>
            {wikis.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
          <select
            name="kind"
            defaultValue={kind ? `${kind}s` : "all"}
            aria-label="Kind"
            className="rounded-md border border-stone-300 px-2"
          >
            <option value="all">Pages and comments</option>
            <option value="pages">Pages</option>
            <option value="comments">Comments</option>
          </select>
          <button type="submit" className="rounded-md bg-orange-900 px-4 py-2 text-sm font-medium text-white">
            Search
          </button>
        </form>
        <p className="text-xs text-stone-500">
          Words match from their start; &quot;quotes&quot; search a phrase; references like A/70/174 or Art. 2(4) are found as written.
        </p>
        {q && hits.length === 0 ? <p className="text-stone-600">Nothing found.</p> : null}
        <ul className="space-y-3" data-testid="search-results">
          {hits.map((hit) => (
            <li key={`${hit.kind}:${hit.id}`} className="rounded-lg border border-stone-200 bg-white p-3">
              <Link
                href={hit.url}
                className="font-serif text-lg font-medium text-orange-950 hover:underline [&_mark]:bg-amber-200"
                dangerouslySetInnerHTML={{ __html: hit.titleHtml }}
              />
              <span className="ml-2 text-xs uppercase tracking-wide text-stone-500">
                {hit.kind === "comment" ? "comment on" : "page in"} {hit.wikiName}
              </span>
              <p className="mt-1 text-sm text-stone-700 [&_mark]:bg-amber-200" dangerouslySetInnerHTML={{ __html: hit.snippetHtml }} />
            </li>
          ))}
        </ul>
      </main>
    </>
  );
}
