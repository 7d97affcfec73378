import { ArgumentMap } from "@/components/strands/argument-map";
import { ThesisPanel } from "@/components/strands/thesis-panel";
import { listStrandEdges, listStrandNodes } from "@/db/queries/strands";
import { presentArgumentMap } from "@/lib/api/strand-presenters";
import { firstDrawing } from "@/lib/strands/first-drawing";
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
    // As tall as the window below the header (h-12): the map fills what its header leaves.
    <main className="flex h-[calc(100dvh-3rem)] flex-col px-6 py-4">
      <ArgumentMap
        map={map}
        first={firstDrawing(wiki.id, map)}
        aside={<ThesisPanel wikiId={wiki.id} initial={wiki.thesis} canEdit={abilities(role).editThesis} />}
      />
    </main>
  );
}
