import { apiCall } from "@/lib/api/browser-call";
import type { RelationKind, Stance, StrandStatus } from "@/db/schema/strands";
import type { RelationsView, RelationView, StrandView } from "@/lib/api/strand-presenters";

/** Browser calls to the strands REST API (same origin, session cookie). */

const page = (pageId: string) => `/api/v1/pages/${encodeURIComponent(pageId)}`;

export const strandsApi = {
  updateStrand: (pageId: string, changes: { claim?: string; stance?: Stance | null; status?: StrandStatus }) =>
    apiCall<StrandView>(`${page(pageId)}/strand`, { method: "PATCH", body: changes }),
  listRelations: (pageId: string) => apiCall<RelationsView>(`${page(pageId)}/relations`),
  addRelation: (pageId: string, input: { toPageId: string; kind: RelationKind; note?: string; direction: "outgoing" | "incoming" }) =>
    apiCall<RelationView>(`${page(pageId)}/relations`, { method: "POST", body: input }),
  deleteRelation: (relationId: string) => apiCall<void>(`/api/v1/relations/${encodeURIComponent(relationId)}`, { method: "DELETE" }),
  updateThesis: (wikiId: string, thesis: string) =>
    apiCall<{ thesis: string }>(`/api/v1/wikis/${encodeURIComponent(wikiId)}/thesis`, { method: "PUT", body: { thesis } }),
};
