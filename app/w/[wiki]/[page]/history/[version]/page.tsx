import Link from "next/link";
import { notFound } from "next/navigation";
import { Avatar } from "@/components/avatar";
import { RestoreVersionButton } from "@/components/history/version-forms";
import { BlockTarget } from "@/components/editor/block-links";
import { TextWithFootnotes } from "@/components/citations/version-footnotes";
import { LocalTime } from "@/components/ui/local-time";
import { listPages } from "@/db/queries/pages";
import { findRevision } from "@/db/queries/revisions";
import { requireSessionUser } from "@/lib/auth/current-user";
import { renderDocumentHTML } from "@/lib/editor/render-html";
import { summariseRevisions } from "@/lib/history/present";
import { revisionJSON } from "@/lib/history/revisions";
import { createPageDirectory } from "@/lib/links/directory";
import { abilities } from "@/lib/policies";
import { pageFootnotes } from "@/lib/sources/present";
import { contentWithoutSuggestions } from "@/lib/suggestions/settled";
import { loadWikiForRender, lookupPage, pageUrl } from "@/lib/wikis/access";

export const dynamic = "force-dynamic";

export default async function VersionPage({ params }: { params: Promise<{ wiki: string; page: string; version: string }> }) {
  const { wiki: wikiSlug, page: pageSlug, version } = await params;
  const user = await requireSessionUser(`/w/${wikiSlug}/${pageSlug}/history/${version}`);
  const { wiki, role } = await loadWikiForRender(wikiSlug, user, "page.read-history");
  const found = await lookupPage(wiki.id, decodeURIComponent(pageSlug));
  if (found.kind !== "page") notFound();
  const { page } = found;
  const number = Number(version);
  const revision = Number.isInteger(number) && number > 0 ? await findRevision(page.id, number) : undefined;
  if (!revision) notFound();
  const [summary] = await summariseRevisions([revision]);
  const base = pageUrl(wiki.slug, page.slug);
  const json = contentWithoutSuggestions(await revisionJSON(page.id, revision.number));
  const directory = createPageDirectory(wiki.slug, await listPages(wiki.id));
  const notes = await pageFootnotes(json, wiki);
  return (
    <main className="mx-auto max-w-4xl space-y-6 px-4 py-6 sm:px-8 sm:py-8">
      <div className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm" role="note" data-testid="version-banner">
        You are reading <strong>version {revision.number}</strong>
        {revision.name ? <> “{revision.name}”</> : null} of this page, as it was on <LocalTime date={revision.createdAt} />.{" "}
        <Link href={base} className="underline">
          Go to the current page
        </Link>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="font-serif text-3xl font-semibold">{page.title}</h1>
        <span className="flex -space-x-1">
          {summary.contributors.map((c) => (
            <Avatar key={c.id} userId={c.id} name={c.name} size={24} />
          ))}
        </span>
      </div>
      <div className="flex flex-wrap gap-3 text-sm">
        <Link className="underline" href={`${base}/history`}>
          All versions
        </Link>
        {revision.number > 1 ? (
          <Link className="underline" href={`${base}/compare?from=${revision.number - 1}&to=${revision.number}`}>
            Compare with version {revision.number - 1}
          </Link>
        ) : null}
        <Link className="underline" href={`${base}/compare?from=${revision.number}&to=current`}>
          Compare with the current page
        </Link>
      </div>
      {abilities(role).restoreVersions ? <RestoreVersionButton pageHref={base} version={revision.number} /> : null}
      {/* The notes as the version cites its sources, worded from the registry as it is now. */}
      <TextWithFootnotes notes={notes} styleId={wiki.citationStyle}>
        <article
          className="prose-legal document-text"
          data-testid="version-content"
          dangerouslySetInnerHTML={{ __html: renderDocumentHTML(json, directory) }}
        />
      </TextWithFootnotes>
      <BlockTarget />
    </main>
  );
}
