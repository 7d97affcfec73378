import Link from "next/link";
import { notFound } from "next/navigation";
import { MergeSourceForm, SourceForm } from "@/components/sources/source-form";
import { findSource, listCitingPlaces, listMergedInto, listSources } from "@/db/queries/sources";
import { requireSessionUser } from "@/lib/auth/current-user";
import { citationStyle } from "@/lib/citations/styles";
import { abilities } from "@/lib/policies";
import { KIND_FIELDS } from "@/lib/sources/kind-fields";
import { parseFields, toCitable } from "@/lib/sources/registry";
import { loadWikiForRender, pageUrl } from "@/lib/wikis/access";

export const dynamic = "force-dynamic";
export const metadata = { title: "Source" };

export default async function SourcePage({ params }: { params: Promise<{ wiki: string; sourceId: string }> }) {
  const { wiki: wikiSlug, sourceId } = await params;
  const user = await requireSessionUser(`/w/${wikiSlug}/sources/${sourceId}`);
  const { wiki, role } = await loadWikiForRender(wikiSlug, user, "source.read");
  const source = await findSource(sourceId);
  if (!source || source.wikiId !== wiki.id) notFound();
  // A merged duplicate's address leads to the source that replaced it.
  if (source.mergedInto) {
    const survivor = await findSource(source.mergedInto);
    if (survivor) return <MergedNotice wikiSlug={wiki.slug} survivor={survivor} />;
    notFound();
  }
  const fields = parseFields(source.fields);
  const runs = citationStyle(wiki.citationStyle).full(toCitable(source), "");
  const places = await listCitingPlaces([source.id, ...(await listMergedInto(source.id))]);
  const canEdit = abilities(role).editSources;
  const others = canEdit ? (await listSources(wiki.id)).filter((s) => s.id !== source.id) : [];
  const spec = KIND_FIELDS[source.kind];
  return (
    <main className="mx-auto max-w-4xl space-y-6 px-4 py-6 sm:px-8 sm:py-8">
      <p className="text-sm">
        <Link href={`/w/${encodeURIComponent(wiki.slug)}/sources`} className="text-stone-600 hover:underline">
          ← Sources
        </Link>
      </p>
      <h1 className="font-serif text-2xl font-semibold">{source.shortTitle || source.title}</h1>
      <p className="rounded-md bg-stone-50 px-4 py-3 font-serif" data-testid="source-citation">
        {runs.map((run, i) => (run.italic ? <em key={i}>{run.text}</em> : <span key={i}>{run.text}</span>))}
      </p>
      <dl className="grid grid-cols-[12rem_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-stone-500">Kind</dt>
        <dd>{spec.label}</dd>
        {spec.fields
          .filter((f) => fields[f.key])
          .map((f) => (
            <div key={f.key} className="contents">
              <dt className="text-stone-500">{f.label}</dt>
              <dd>{fields[f.key]}</dd>
            </div>
          ))}
        {source.url ? (
          <>
            <dt className="text-stone-500">URL</dt>
            <dd>
              <a href={source.url} rel="noopener noreferrer nofollow" className="break-all text-orange-900 underline">
                {source.url}
              </a>
            </dd>
          </>
        ) : null}
        {source.notes ? (
          <>
            <dt className="text-stone-500">Notes</dt>
            <dd className="whitespace-pre-wrap">{source.notes}</dd>
          </>
        ) : null}
      </dl>
      <section className="space-y-2">
        <h2 className="font-semibold">Cited in</h2>
        {places.length === 0 ? <p className="text-sm text-stone-500">No page cites this source yet.</p> : null}
        <ul className="space-y-2 text-sm" data-testid="cited-in">
          {places.map((p) => (
            <li key={`${p.pageId}:${p.ordinal}`}>
              <Link
                href={`${pageUrl(wiki.slug, p.pageSlug)}${p.blockId ? `#block-${p.blockId}` : ""}`}
                className="font-medium hover:underline"
              >
                {p.pageTitle}
              </Link>
              {p.pinpoint ? <span className="ml-2 text-stone-500">{p.pinpoint}</span> : null}
              {p.context ? <p className="text-stone-600">“{p.context}”</p> : null}
            </li>
          ))}
        </ul>
      </section>
      {canEdit ? (
        <section className="space-y-3 rounded-md border border-stone-200 p-4">
          <h2 className="font-semibold">Edit</h2>
          <SourceForm
            wikiId={wiki.id}
            wikiSlug={wiki.slug}
            initial={{
              id: source.id,
              kind: source.kind,
              title: source.title,
              shortTitle: source.shortTitle,
              fields,
              url: source.url,
              notes: source.notes,
            }}
          />
          <MergeSourceForm
            sourceId={source.id}
            wikiSlug={wiki.slug}
            others={others.map((s) => ({ id: s.id, title: s.shortTitle || s.title }))}
          />
        </section>
      ) : null}
    </main>
  );
}

function MergedNotice({ wikiSlug, survivor }: { wikiSlug: string; survivor: { id: string; title: string } }) {
  return (
    <main className="mx-auto max-w-4xl px-4 py-6 sm:px-8 sm:py-8 text-sm">
      This source was merged into{" "}
      <Link href={`/w/${encodeURIComponent(wikiSlug)}/sources/${survivor.id}`} className="underline">
        {survivor.title}
      </Link>
      .
    </main>
  );
}
