import { ArgumentMap } from "@/components/strands/argument-map";
import { ThesisPanel } from "@/components/strands/thesis-panel";
import { listStrandEdges, listStrandNodes } from "@/db/queries/strands";
import { presentArgumentMap } from "@/lib/api/strand-presenters";
import { requireSessionUser } from "@/lib/auth/current-user";
import { abilities } from "@/lib/policies";
import { loadWikiForRender } from "@/lib/wikis/access";

export const dynamic = "force-dynamic";
export const metadata = { title: "Argument map" };

export default async function ArgumentMapPage({ params }: { params: Promise<{ wiki: string }> }) {
  const { wiki: wikiSlug } = await params;
  const user = await requireSessionUser(`/w/${wikiSlug}/map`);
  const { wiki, role } = await loadWikiForRender(wikiSlug, user, "wiki.read");
  const map = presentArgumentMap(wiki, await listStrandNodes(wiki.id), await listStrandEdges(wiki.id));
  // The thesis sits in the map's header, beside the title and the search box.
  return (
    <main className="px-6 py-4">
      <ArgumentMap map={map} aside={<ThesisPanel wikiId={wiki.id} initial={wiki.thesis} canEdit={abilities(role).editThesis} />} />
    </main>
  );
}
