import type { RelationKind, Stance, StrandStatus } from "@/db/schema/strands";
import type { RelationsView, RelationView, StrandView } from "@/lib/api/strand-presenters";

/** Browser calls to the strands REST API (same origin, session cookie). */

async function call<T>(url: string, init?: { method: string; body?: unknown }): Promise<T> {
  const response = await fetch(url, {
    method: init?.method ?? "GET",
    headers: init?.body !== undefined ? { "content-type": "application/json" } : undefined,
    body: init?.body !== undefined ? JSON.stringify(init.body) : undefined,
    cache: "no-store",
  });
  if (response.status === 204) return undefined as T;
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Error(data?.error?.message ?? `The server answered ${response.status}`);
  return data as T;
}

const page = (pageId: string) => `/api/v1/pages/${encodeURIComponent(pageId)}`;

export const strandsApi = {
  updateStrand: (pageId: string, changes: { claim?: string; stance?: Stance | null; status?: StrandStatus }) => call<StrandView>(`${page(pageId)}/strand`, { method: "PATCH", body: changes }),
  listRelations: (pageId: string) => call<RelationsView>(`${page(pageId)}/relations`),
  addRelation: (pageId: string, input: { toPageId: string; kind: RelationKind; note?: string; direction: "outgoing" | "incoming" }) =>
    call<RelationView>(`${page(pageId)}/relations`, { method: "POST", body: input }),
  deleteRelation: (relationId: string) => call<void>(`/api/v1/relations/${encodeURIComponent(relationId)}`, { method: "DELETE" }),
  updateThesis: (wikiId: string, thesis: string) => call<{ thesis: string }>(`/api/v1/wikis/${encodeURIComponent(wikiId)}/thesis`, { method: "PUT", body: { thesis } }),
};
