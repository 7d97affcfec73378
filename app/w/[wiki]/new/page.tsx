import { listPages } from "@/db/queries/pages";
import { requireSessionUser } from "@/lib/auth/current-user";
import { config } from "@/lib/env";
import { buildPageTree, flattenTree } from "@/lib/pages/tree";
import { loadWikiForRender } from "@/lib/wikis/access";
import { ImportForm } from "./import-form";
import { NewPageForm } from "./new-page-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "New page" };

export default async function NewPage({
  params,
  searchParams,
}: {
  params: Promise<{ wiki: string }>;
  searchParams: Promise<{ parent?: string; title?: string }>;
}) {
  const { wiki: wikiSlug } = await params;
  const { parent, title } = await searchParams;
  const user = await requireSessionUser(`/w/${wikiSlug}/new`);
  const { wiki } = await loadWikiForRender(wikiSlug, user, "page.create");
  const parents = flattenTree(buildPageTree(await listPages(wiki.id))).map((p) => ({ id: p.id, title: p.title, depth: p.depth }));
  return (
    <main className="mx-auto max-w-xl px-8 py-10">
      <h1 className="mb-6 font-serif text-2xl font-semibold">New page</h1>
      <NewPageForm
        wikiId={wiki.id}
        parents={parents}
        defaultParent={parent}
        defaultTitle={typeof title === "string" ? title.slice(0, 200) : undefined}
      />
      <section className="mt-10 border-t border-stone-200 pt-6">
        <h2 className="mb-4 font-serif text-lg font-semibold">Import a file</h2>
        <ImportForm
          wikiId={wiki.id}
          parentId={parents.some((p) => p.id === parent) ? parent : undefined}
          maxMegabytes={Math.floor(config.maxImportBytes / 1024 / 1024)}
        />
      </section>
    </main>
  );
}
