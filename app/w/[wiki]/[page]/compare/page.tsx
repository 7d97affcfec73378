import Link from "next/link";
import { notFound } from "next/navigation";
import { requireSessionUser } from "@/lib/auth/current-user";
import { citationTextFor } from "@/lib/history/citation-text";
import { comparePageVersions, labelOf, parseVersionRef, type VersionRef } from "@/lib/history/compare";
import type { DocumentDiff } from "@/lib/history/diff";
import { renderRedline } from "@/lib/history/redline-html";
import { AppError } from "@/lib/errors";
import { loadWikiForRender, lookupPage, pageUrl } from "@/lib/wikis/access";

export const dynamic = "force-dynamic";
export const metadata = { title: "Compare versions" };

export default async function ComparePage({
  params,
  searchParams,
}: {
  params: Promise<{ wiki: string; page: string }>;
  searchParams: Promise<{ from?: string; to?: string; toCurrent?: string }>;
}) {
  const { wiki: wikiSlug, page: pageSlug } = await params;
  const query = await searchParams;
  const user = await requireSessionUser(`/w/${wikiSlug}/${pageSlug}/history`);
  const { wiki } = await loadWikiForRender(wikiSlug, user, "page.read-history");
  const found = await lookupPage(wiki.id, decodeURIComponent(pageSlug));
  if (found.kind !== "page") notFound();
  const { page } = found;
  const base = pageUrl(wiki.slug, page.slug);
  let from: VersionRef | undefined;
  let to: VersionRef | undefined;
  let diff: DocumentDiff | undefined;
  let problem: string | undefined;
  try {
    // History's "Compare with the current page" button sends toCurrent beside the "to" radio.
    to = query.toCurrent ? "current" : parseVersionRef(query.to, "current");
    from = parseVersionRef(query.from);
    diff = await comparePageVersions(page.id, from, to);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problem = error.message;
  }
  // Only a diff words citations.
  const citationText = diff ? await citationTextFor(wiki) : undefined;
  return (
    <main className="mx-auto max-w-4xl space-y-5 px-4 py-6 sm:px-8 sm:py-8">
      <div>
        <Link href={`${base}/history`} className="text-sm text-stone-600 hover:underline">
          ← History of {page.title}
        </Link>
        <h1 className="mt-1 font-serif text-2xl font-semibold">
          {from !== undefined && to !== undefined ? `Changes from ${labelOf(from)} to ${labelOf(to)}` : "Compare versions"}
        </h1>
        {from !== undefined && to !== undefined ? (
          <p className="space-x-3 text-sm">
            <a className="underline" href={`/api/v1/pages/${page.id}/redline?from=${from}&to=${to}&format=docx`} download>
              Download as Word with tracked changes
            </a>
            <a className="underline" href={`/api/v1/pages/${page.id}/redline?from=${from}&to=${to}&format=html`}>
              Download as a standalone HTML redline
            </a>
          </p>
        ) : null}
      </div>
      {problem ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {problem}
        </p>
      ) : null}
      {diff ? (
        <>
          <p className="rounded-md bg-stone-100 px-3 py-2 text-sm font-medium" data-testid="diff-summary">
            {diff.summaryText}
          </p>
          <article
            className="prose-legal redline"
            data-testid="redline"
            dangerouslySetInnerHTML={{ __html: renderRedline(diff, { citationText }) }}
          />
        </>
      ) : null}
    </main>
  );
}
