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
  const { wiki, role } = loadWikiForRender(wikiSlug, user, "wiki.read");
  const map = presentArgumentMap(wiki, listStrandNodes(wiki.id), listStrandEdges(wiki.id));
  return (
    <main className="space-y-3 px-6 py-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <h1 className="font-serif text-2xl font-semibold">Argument map</h1>
        <ThesisPanel wikiId={wiki.id} initial={wiki.thesis} canEdit={abilities(role).editThesis} />
      </div>
      <ArgumentMap map={map} />
    </main>
  );
}
