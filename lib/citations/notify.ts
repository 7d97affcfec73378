import { registry } from "@/lib/server/registry";

/**
 * Tells every open page of a wiki that its footnotes' wording changed (a source added, reworded or
 * merged, or the citation style switched), so each page fetches the registry again instead of
 * showing the old wording until a reload. Call after the change is committed.
 */
export function tellOpenPagesCitationsChanged(wikiId: string): void {
  registry().collab?.broadcastToWiki(wikiId, { type: "citations" });
}
