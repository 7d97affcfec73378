import Link from "next/link";
import { AppHeader } from "@/components/app-header";
import { ExportMenu } from "@/components/export/export-menu";
import { PageTree } from "@/components/pages/page-tree";
import { PagesButton, WikiSidebar } from "@/components/pages/wiki-sidebar";
import { requireSessionUser } from "@/lib/auth/current-user";
import { wikiDirectory } from "@/lib/pages/render-cache";
import { abilities } from "@/lib/policies";
import { listPagesForRender, loadWikiForRender } from "@/lib/wikis/access";

export const dynamic = "force-dynamic";

export default async function WikiLayout({ children, params }: { children: React.ReactNode; params: Promise<{ wiki: string }> }) {
  const { wiki: wikiSlug } = await params;
  const user = await requireSessionUser(`/w/${wikiSlug}`);
  const { wiki, role } = await loadWikiForRender(wikiSlug, user);
  const can = abilities(role);
  const tree = wikiDirectory(wiki, await listPagesForRender(wiki.id)).tree;
  return (
    <div className="flex min-h-screen flex-col">
      <AppHeader user={user} wiki={{ id: wiki.id, name: wiki.name }} menu={<PagesButton />}>
        {/* Cut to the header's room: a link box running on under the search button would cover it. */}
        <Link
          href={`/w/${wiki.slug}`}
          className="inline-block max-w-full truncate py-0.5 align-middle font-medium text-stone-800 hover:underline"
        >
          {wiki.name}
        </Link>
        <span
          className="ml-2 hidden rounded bg-stone-100 px-1.5 py-0.5 text-xs uppercase sm:inline tracking-wide text-stone-600"
          data-testid="my-role"
        >
          {role}
        </span>
      </AppHeader>
      <div className="flex flex-1">
        <WikiSidebar>
          {/* The header has no room for the wiki's name on phones: the drawer says where you are. */}
          <p className="px-2 font-medium text-stone-800 sm:hidden">{wiki.name}</p>
          <div className="flex items-center justify-between px-2">
            <span className="text-xs font-semibold uppercase tracking-wide text-stone-500">Strands</span>
            {can.createPages ? (
              <Link href={`/w/${wiki.slug}/new`} className="text-sm font-medium text-orange-900 hover:underline">
                + New page
              </Link>
            ) : null}
          </div>
          <PageTree nodes={tree} wikiSlug={wiki.slug} />
          <div className="space-y-1 border-t border-stone-200 pt-3 text-sm">
            <Link href={`/w/${wiki.slug}/map`} className="block rounded px-2 py-1 text-stone-600 hover:bg-stone-100" data-testid="nav-map">
              Argument map
            </Link>
            <Link href={`/w/${wiki.slug}/comments`} className="block rounded px-2 py-1 text-stone-600 hover:bg-stone-100">
              Open comments
            </Link>
            <Link href={`/w/${wiki.slug}/changes`} className="block rounded px-2 py-1 text-stone-600 hover:bg-stone-100">
              Recent changes
            </Link>
            <Link href={`/w/${wiki.slug}/sources`} className="block rounded px-2 py-1 text-stone-600 hover:bg-stone-100">
              Sources
            </Link>
            <Link href={`/w/${wiki.slug}/members`} className="block rounded px-2 py-1 text-stone-600 hover:bg-stone-100">
              Members
            </Link>
            {can.viewTrash ? (
              <Link href={`/w/${wiki.slug}/trash`} className="block rounded px-2 py-1 text-stone-600 hover:bg-stone-100">
                Trash
              </Link>
            ) : null}
            <ExportMenu href={`/api/v1/wikis/${wiki.id}/export`} label="Export wiki" align="left" />
            {can.readAudit ? (
              <Link href={`/w/${wiki.slug}/audit`} className="block rounded px-2 py-1 text-stone-600 hover:bg-stone-100">
                Audit log
              </Link>
            ) : null}
          </div>
        </WikiSidebar>
        <div className="min-w-0 flex-1">{children}</div>
      </div>
    </div>
  );
}
