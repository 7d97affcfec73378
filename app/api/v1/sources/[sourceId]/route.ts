import { listCitingPlaces, listMergedInto } from "@/db/queries/sources";
import { apiRoute, readJson } from "@/lib/api/handler";
import { updateSource } from "@/lib/sources/commands";
import { presentCitingPlace, presentSource } from "@/lib/sources/present";
import { parseFields } from "@/lib/sources/registry";
import { updateSourceSchema } from "@/lib/validations/schemas";
import { requireSourceAccess } from "@/lib/wikis/access";

type Params = { sourceId: string };

/** GET /api/v1/sources/{sourceId}: the source and every place a live page cites it (merged duplicates included). */
export const GET = apiRoute<Params>(async ({ user, params }) => {
  const { source, wiki } = requireSourceAccess(user.id, params.sourceId, "source.read");
  const ids = [source.id, ...listMergedInto(source.id)];
  return { source: presentSource(source, wiki), citedIn: listCitingPlaces(ids).map(presentCitingPlace) };
});

/** PATCH /api/v1/sources/{sourceId} (editors): changes some of its fields; the rest stay. */
export const PATCH = apiRoute<Params>(async ({ request, user, actor, params }) => {
  const patch = await readJson(request, updateSourceSchema);
  const { source, wiki } = requireSourceAccess(user.id, params.sourceId, "source.edit");
  const merged = {
    kind: patch.kind ?? source.kind,
    title: patch.title ?? source.title,
    shortTitle: patch.shortTitle ?? source.shortTitle,
    fields: patch.fields ?? parseFields(source.fields),
    url: patch.url ?? source.url,
    notes: patch.notes ?? source.notes,
  };
  const { source: saved, duplicates } = updateSource(source.id, merged, actor);
  return { source: presentSource(saved, wiki), duplicates: duplicates.map((d) => presentSource(d, wiki)) };
});
