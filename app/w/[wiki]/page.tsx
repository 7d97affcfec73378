import Link from "next/link";
import { redirect } from "next/navigation";
import { listPages } from "@/db/queries/pages";
import { requireSessionUser } from "@/lib/auth/current-user";
import { buildPageTree } from "@/lib/pages/tree";
import { can } from "@/lib/policies";
import { loadWikiForRender } from "@/lib/wikis/access";

export const dynamic = "force-dynamic";

/** A wiki's front door: its first strand, or an invitation to write one. */
export default async function WikiHome({ params }: { params: Promise<{ wiki: string }> }) {
  const { wiki: wikiSlug } = await params;
  const user = await requireSessionUser(`/w/${wikiSlug}`);
  const { wiki, role } = await loadWikiForRender(wikiSlug, user);
  const [first] = buildPageTree(await listPages(wiki.id));
  if (first) redirect(`/w/${wiki.slug}/${first.slug}`);
  return (
    <main className="mx-auto max-w-2xl px-8 py-16 text-center">
      <h1 className="font-serif text-2xl font-semibold">{wiki.name}</h1>
      <p className="mt-2 text-stone-600">This wiki has no pages yet.</p>
      {can(role, "page.create") ? (
        <Link href={`/w/${wiki.slug}/new`} className="mt-6 inline-block rounded-md bg-orange-900 px-4 py-2 text-sm font-medium text-white">
          Write the first strand
        </Link>
      ) : null}
    </main>
  );
}
