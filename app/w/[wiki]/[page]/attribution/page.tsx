import Link from "next/link";
import { notFound } from "next/navigation";
import { requireSessionUser } from "@/lib/auth/current-user";
import { attributePage, authorsOf } from "@/lib/history/attribution";
import { citationTextFor } from "@/lib/history/citation-text";
import { AUTHOR_COLOURS, renderRedline } from "@/lib/history/redline-html";
import { loadWikiForRender, lookupPage, pageUrl } from "@/lib/wikis/access";

export const dynamic = "force-dynamic";
export const metadata = { title: "Who wrote this" };

export default async function AttributionPage({ params }: { params: Promise<{ wiki: string; page: string }> }) {
  const { wiki: wikiSlug, page: pageSlug } = await params;
  const user = await requireSessionUser(`/w/${wikiSlug}/${pageSlug}/attribution`);
  const { wiki } = await loadWikiForRender(wikiSlug, user, "page.read-history");
  const found = await lookupPage(wiki.id, decodeURIComponent(pageSlug));
  if (found.kind !== "page") notFound();
  const { page } = found;
  const base = pageUrl(wiki.slug, page.slug);
  const attribution = await attributePage(page.id);
  const authors = authorsOf(attribution);
  const total = authors.reduce((sum, a) => sum + a.characters, 0) || 1;
  const html = renderRedline(attribution.diff, {
    credits: attribution.blocks,
    citationText: await citationTextFor(wiki),
    authors: authors.map((a) => a.author),
  });
  return (
    <main className="mx-auto max-w-4xl space-y-5 px-4 py-6 sm:px-8 sm:py-8">
      <div>
        <Link href={base} className="text-sm text-stone-600 hover:underline">
          ← {page.title}
        </Link>
        <h1 className="mt-1 font-serif text-2xl font-semibold">Who wrote this</h1>
        <p className="text-sm text-stone-600">
          The page as it is now, each stretch of text coloured by who wrote it. Point at a stretch to see the version and date. Deleting
          words around text does not make anyone its author.
        </p>
      </div>
      <ul className="flex flex-wrap gap-2 text-sm" data-testid="attribution-authors">
        {authors.map((a, i) => (
          <li key={a.author} className={`authored author-${i % AUTHOR_COLOURS} rounded px-2 py-0.5`}>
            {a.author} · {Math.max(1, Math.round((100 * a.characters) / total))}%
          </li>
        ))}
      </ul>
      <article className="prose-legal redline attribution" data-testid="attribution" dangerouslySetInnerHTML={{ __html: html }} />
    </main>
  );
}
