import { RestoreButton } from "@/components/pages/restore-button";
import { LocalTime } from "@/components/ui/local-time";
import { listTrashedPages } from "@/db/queries/pages";
import { requireSessionUser } from "@/lib/auth/current-user";
import { loadWikiForRender } from "@/lib/wikis/access";

export const dynamic = "force-dynamic";
export const metadata = { title: "Trash" };

export default async function TrashPage({ params }: { params: Promise<{ wiki: string }> }) {
  const { wiki: wikiSlug } = await params;
  const user = await requireSessionUser(`/w/${wikiSlug}/trash`);
  const { wiki } = await loadWikiForRender(wikiSlug, user, "wiki.view-trash");
  const trashed = await listTrashedPages(wiki.id);
  return (
    <main className="mx-auto max-w-3xl space-y-6 px-4 py-6 sm:px-8 sm:py-8">
      <div>
        <h1 className="font-serif text-2xl font-semibold">Trash</h1>
        <p className="text-sm text-stone-600">Deleted pages stay here, with their content and history, until an owner restores them.</p>
      </div>
      {trashed.length === 0 ? (
        <p className="text-stone-600">The trash is empty.</p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
          {trashed.map((p) => (
            <li key={p.id} className="flex items-center justify-between gap-4 px-4 py-3" data-testid="trashed-page">
              <span>
                <span className="font-medium">{p.title}</span>
                <span className="block text-xs text-stone-500">Deleted {p.deletedAt ? <LocalTime date={p.deletedAt} /> : null}</span>
              </span>
              <RestoreButton pageId={p.id} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
