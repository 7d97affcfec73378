import Link from "next/link";
import { notFound, permanentRedirect } from "next/navigation";
import { SaveVersionForm } from "@/components/history/version-forms";
import { VersionList } from "@/components/history/version-list";
import { listRevisions } from "@/db/queries/revisions";
import { requireSessionUser } from "@/lib/auth/current-user";
import { summariseRevisions } from "@/lib/history/present";
import { abilities } from "@/lib/policies";
import { loadWikiForRender, lookupPage, pageUrl } from "@/lib/wikis/access";

export const dynamic = "force-dynamic";
export const metadata = { title: "History" };

export default async function HistoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ wiki: string; page: string }>;
  searchParams: Promise<{ named?: string }>;
}) {
  const { wiki: wikiSlug, page: pageSlug } = await params;
  const { named } = await searchParams;
  const user = await requireSessionUser(`/w/${wikiSlug}/${pageSlug}/history`);
  const { wiki, role } = await loadWikiForRender(wikiSlug, user, "page.read-history");
  const found = await lookupPage(wiki.id, decodeURIComponent(pageSlug));
  if (found.kind === "redirect") permanentRedirect(`${pageUrl(wiki.slug, found.slug)}/history`);
  if (found.kind === "missing") notFound();
  const { page } = found;
  const base = pageUrl(wiki.slug, page.slug);
  const versions = await summariseRevisions(await listRevisions(page.id, { namedOnly: named === "1" }));
  return (
    <main className="mx-auto max-w-4xl space-y-6 px-4 py-6 sm:px-8 sm:py-8">
      <div>
        <Link href={base} className="text-sm text-stone-600 hover:underline">
          ← {page.title}
        </Link>
        <h1 className="mt-1 font-serif text-2xl font-semibold">History</h1>
      </div>
      {abilities(role).saveVersions ? (
        <section className="rounded-lg border border-stone-200 bg-white p-4">
          <SaveVersionForm pageId={page.id} />
        </section>
      ) : null}
      <nav className="flex gap-3 text-sm">
        <Link href={`${base}/history`} className={named === "1" ? "text-stone-600 underline" : "font-semibold"}>
          All versions
        </Link>
        <Link href={`${base}/history?named=1`} className={named === "1" ? "font-semibold" : "text-stone-600 underline"}>
          Named versions
        </Link>
      </nav>
      <VersionList versions={versions} basePath={base} />
    </main>
  );
}
