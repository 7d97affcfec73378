import { listCitingPlaces, listMergedInto } from "@/db/queries/sources";
import { endpoint } from "@/lib/api/endpoint";
import { updateSource } from "@/lib/commands/sources";
import { presentCitingPlace, presentSource, savedSourceView, sourceDetailView } from "@/lib/sources/present";
import { parseFields } from "@/lib/sources/registry";
import { updateSourceSchema } from "@/lib/validations/schemas";
import { requireSourceAccess } from "@/lib/wikis/access";

/** GET /api/v1/sources/{sourceId}: the source and every place a live page cites it (merged duplicates included). */
export const GET = endpoint(
  {
    method: "GET",
    path: "/sources/{sourceId}",
    operationId: "getSource",
    summary: "A source and every page and paragraph that cites it, with the pinpoints used",
    action: "source.read",
    response: { status: 200, description: "The source", schema: sourceDetailView },
    errors: [404],
  },
  async ({ user, params }) => {
    const { source, wiki } = await requireSourceAccess(user.id, params.sourceId, "source.read");
    const ids = [source.id, ...(await listMergedInto(source.id))];
    return { source: presentSource(source, wiki), citedIn: (await listCitingPlaces(ids)).map(presentCitingPlace) };
  },
);

/** PATCH /api/v1/sources/{sourceId} (editors): changes some of its fields; the rest stay. */
export const PATCH = endpoint(
  {
    method: "PATCH",
    path: "/sources/{sourceId}",
    operationId: "updateSource",
    summary: "Change a source (editors, owners); every footnote citing it reads the new wording",
    action: "source.edit",
    body: updateSourceSchema,
    response: { status: 200, description: "The source and any likely duplicates", schema: savedSourceView },
    errors: [400, 403, 404, 415],
  },
  async ({ user, actor, params, body: patch }) => {
    const { source, wiki } = await requireSourceAccess(user.id, params.sourceId, "source.edit");
    const merged = {
      kind: patch.kind ?? source.kind,
      title: patch.title ?? source.title,
      shortTitle: patch.shortTitle ?? source.shortTitle,
      fields: patch.fields ?? parseFields(source.fields),
      url: patch.url ?? source.url,
      notes: patch.notes ?? source.notes,
    };
    const { source: saved, duplicates } = await updateSource(source.id, merged, actor);
    return { source: presentSource(saved, wiki), duplicates: duplicates.map((d) => presentSource(d, wiki)) };
  },
);
