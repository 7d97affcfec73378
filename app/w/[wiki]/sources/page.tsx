import Link from "next/link";
import { CitationStyleSetting } from "@/components/citations/citation-style-setting";
import { SourceForm } from "@/components/sources/source-form";
import { Input, Select } from "@/components/ui/form";
import { listSources } from "@/db/queries/sources";
import { requireSessionUser } from "@/lib/auth/current-user";
import { abilities } from "@/lib/policies";
import { KIND_FIELDS, KIND_ORDER } from "@/lib/sources/kind-fields";
import { presentSource } from "@/lib/sources/present";
import { listSourcesParamsSchema } from "@/lib/validations/schemas";
import { loadWikiForRender } from "@/lib/wikis/access";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sources" };

export default async function SourcesPage({
  params,
  searchParams,
}: {
  params: Promise<{ wiki: string }>;
  searchParams: Promise<Record<string, string>>;
}) {
  const { wiki: wikiSlug } = await params;
  const parsed = listSourcesParamsSchema.safeParse(await searchParams);
  const filter = parsed.success ? parsed.data : {};
  const user = await requireSessionUser(`/w/${wikiSlug}/sources`);
  const { wiki, role } = await loadWikiForRender(wikiSlug, user, "source.read");
  const sources = (await listSources(wiki.id, filter)).map((s) => presentSource(s, wiki));
  const base = `/w/${encodeURIComponent(wiki.slug)}/sources`;
  const can = abilities(role);
  return (
    <main className="mx-auto max-w-4xl space-y-6 px-4 py-6 sm:px-8 sm:py-8">
      <div className="space-y-2">
        <h1 className="font-serif text-2xl font-semibold">Sources</h1>
        <p className="text-sm text-stone-600">
          The authorities this wiki cites. Editing a source here changes every footnote that cites it.
        </p>
      </div>
      <div className="rounded-md border border-stone-200 bg-stone-50 px-4 py-3">
        <CitationStyleSetting wikiId={wiki.id} current={wiki.citationStyle} canChange={can.changeSettings} />
      </div>
      <form className="flex flex-wrap items-end gap-2 text-sm">
        <Input name="q" defaultValue={filter.q ?? ""} placeholder="Title, symbol, author…" aria-label="Search sources" />
        <Select name="kind" defaultValue={filter.kind ?? ""} aria-label="Kind">
          <option value="">All kinds</option>
          {KIND_ORDER.map((k) => (
            <option key={k} value={k}>
              {KIND_FIELDS[k].label}
            </option>
          ))}
        </Select>
        <button className="rounded-md border border-stone-300 px-3 py-1.5">Filter</button>
      </form>
      <ul className="divide-y divide-stone-200 rounded-md border border-stone-200" data-testid="source-list">
        {sources.map((s) => (
          <li key={s.id} className="px-4 py-3">
            <Link href={`${base}/${s.id}`} className="font-medium text-stone-900 hover:underline">
              {s.shortTitle || s.title}
            </Link>
            <span className="ml-2 text-xs uppercase tracking-wide text-stone-500">{KIND_FIELDS[s.kind].label}</span>
            <p className="mt-1 text-sm text-stone-600">{s.citation}</p>
          </li>
        ))}
        {sources.length === 0 ? (
          <li className="px-4 py-3 text-sm text-stone-500">No sources{filter.q || filter.kind ? " match" : " yet"}.</li>
        ) : null}
      </ul>
      {can.editSources ? (
        <section className="space-y-3 rounded-md border border-stone-200 p-4">
          <h2 className="font-semibold">Add a source</h2>
          <SourceForm wikiId={wiki.id} wikiSlug={wiki.slug} />
        </section>
      ) : null}
    </main>
  );
}
