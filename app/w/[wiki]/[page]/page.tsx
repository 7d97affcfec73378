import Link from "next/link";
import { notFound, permanentRedirect } from "next/navigation";
import { PageEditor } from "@/components/editor/page-editor";
import { ExportMenu } from "@/components/export/export-menu";
import { PageActions } from "@/components/pages/page-actions";
import { isSuggestionView, SuggestionView } from "@/components/pages/suggestion-view";
import { Backlinks } from "@/components/links/backlinks";
import { SearchLanding } from "@/components/search/search-landing";
import { RelationsPanel } from "@/components/strands/relations-panel";
import { StrandHeader } from "@/components/strands/strand-header";
import { listThreadsForPage } from "@/db/queries/comments";
import { listBacklinks } from "@/db/queries/links";
import { listRelationsOfPage } from "@/db/queries/strands";
import { listMembers } from "@/db/queries/wikis";
import { presentRelations, presentStrand } from "@/lib/api/strand-presenters";
import { requireSessionUser } from "@/lib/auth/current-user";
import { presentThreads } from "@/lib/comments/present";
import { readStrand } from "@/lib/commands/strands";
import { readPageContent } from "@/lib/pages/content";
import { initialPageState } from "@/lib/pages/initial-state";
import { pageBody } from "@/lib/pages/page-body";
import { createPageDirectory } from "@/lib/links/directory";
import { renderedPage, wikiDirectory, wikiSourceBook } from "@/lib/pages/render-cache";
import { config } from "@/lib/env";
import { abilities, collabSuggestOnly } from "@/lib/policies";
import { userColor } from "@/lib/users/color";
import { listPagesForRender, loadWikiForRender, lookupPage, pageUrl } from "@/lib/wikis/access";

export const dynamic = "force-dynamic";

type Params = { wiki: string; page: string };

export async function generateMetadata({ params }: { params: Promise<Params> }) {
  const { page } = await params;
  return { title: decodeURIComponent(page).replace(/-/g, " ") };
}

export default async function WikiPage({
  params,
  searchParams,
}: {
  params: Promise<Params>;
  searchParams: Promise<{ restore?: string; thread?: string; highlight?: string | string[]; view?: string }>;
}) {
  const { wiki: wikiSlug, page: pageSlug } = await params;
  const { restore, thread, highlight, view } = await searchParams;
  const user = await requireSessionUser(`/w/${wikiSlug}/${pageSlug}`);
  const { wiki, role } = await loadWikiForRender(wikiSlug, user, "page.read");
  const found = await lookupPage(wiki.id, decodeURIComponent(pageSlug));
  if (found.kind === "redirect") permanentRedirect(pageUrl(wiki.slug, found.slug));
  if (found.kind === "missing") notFound();
  const { page } = found;
  const can = abilities(role);
  const wikiPages = await listPagesForRender(wiki.id);
  if (isSuggestionView(view)) {
    return (
      <SuggestionView
        view={view}
        json={(await readPageContent(page.id)).json}
        title={page.title}
        pageHref={pageUrl(wiki.slug, page.slug)}
        wiki={wiki}
        directory={createPageDirectory(
          wiki.slug,
          wikiPages.map(({ id, title, slug }) => ({ id, title, slug })),
        )}
      />
    );
  }
  // The same for every member until something changes: kept between views (lib/pages/render-cache.ts).
  const directory = wikiDirectory(wiki, wikiPages);
  const sources = await wikiSourceBook(wiki);
  const rendered = await renderedPage(page.id, wiki, directory, sources);
  const parentOptions = directory.flat.filter((p) => p.id !== page.id);
  const directoryPages = directory.pages;
  const backlinks = await listBacklinks(page);
  const strand = await readStrand(page.id);
  const relations = await listRelationsOfPage(page.id);
  const threads = await presentThreads(await listThreadsForPage(page.id));

  return (
    <main className="mx-auto max-w-[72rem] px-4 py-6 sm:px-8 sm:py-8">
      <h1 className="max-w-[46rem] font-serif text-3xl font-semibold leading-tight" data-testid="page-title">
        {page.title}
      </h1>
      <StrandHeader initial={presentStrand(page.id, strand)} canEdit={can.editStrands} hasThesis={!!wiki.thesis} />
      {/* From a search result: scroll to and mark the matched text. */}
      {typeof highlight === "string" && highlight.trim() && highlight.length <= 200 ? <SearchLanding text={highlight} /> : null}
      <div className="mt-4">
        <PageEditor
          pageId={page.id}
          // Past the page.read check above: only readers get the document's state (collab's own check).
          body={await pageBody({ html: rendered.html, state: await initialPageState(page.id, rendered.contentVersion) })}
          directory={{ wikiSlug: wiki.slug, pages: directoryPages }}
          citations={{ wikiId: wiki.id, book: sources.book, initialNotes: rendered.footnotes }}
          user={{ id: user.id, name: user.name, color: userColor(user.id) }}
          editable={can.edit}
          suggesting={{ canSuggest: can.suggest, suggestOnly: collabSuggestOnly(role), canDecide: can.decideSuggestions }}
          restoreVersion={can.restoreVersions && restore && /^\d+$/.test(restore) ? Number(restore) : undefined}
          comments={{
            canComment: can.comment,
            canDeleteAny: can.deleteAnyComment,
            maxLength: config.maxCommentLength,
            members: (await listMembers(wiki.id)).map((m) => ({ id: m.userId, name: m.name })),
            threads,
            focusThreadId: thread && threads.some((t) => t.id === thread) ? thread : undefined,
          }}
          actions={
            <>
              <Link
                href={`${pageUrl(wiki.slug, page.slug)}/history`}
                className="rounded-md px-2 py-1 text-sm text-stone-600 hover:bg-stone-100"
              >
                History
              </Link>
              <Link
                href={`${pageUrl(wiki.slug, page.slug)}/attribution`}
                className="rounded-md px-2 py-1 text-sm text-stone-600 hover:bg-stone-100"
              >
                Who wrote this
              </Link>
              <ExportMenu href={`/api/v1/pages/${page.id}/export`} />
              {can.edit ? (
                <PageActions
                  pageId={page.id}
                  title={page.title}
                  parentId={page.parentId}
                  parentOptions={parentOptions}
                  linkedFrom={[...new Set(backlinks.map((b) => b.pageTitle))]}
                />
              ) : null}
            </>
          }
        />
      </div>
      <RelationsPanel
        pageId={page.id}
        initial={presentRelations(page.id, wiki.slug, relations)}
        pages={directoryPages.map((p) => ({ id: p.id, title: p.title }))}
        canEdit={can.editStrands}
      />
      <Backlinks wikiSlug={wiki.slug} backlinks={backlinks} canLink={can.edit || can.suggest} />
    </main>
  );
}
