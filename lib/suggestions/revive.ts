import type { JSONContent } from "@tiptap/core";
import { BLOCK_SUGGESTION_ATTRIBUTE, SUGGESTION_DELETE, SUGGESTION_INSERT, newSuggestionId } from "@/lib/editor/suggestion-marks";

/**
 * An old version's content made fit to become the page again (a restore). Suggestions that were
 * pending in that version come back pending; but one that has been decided since (accepted,
 * rejected, withdrawn) would come back under an id whose decision is on record, so the panel would
 * list it twice and its decision would already stand. Each such suggestion gets a fresh id (one
 * per old id, so an insertion and a deletion that form one replacement stay one suggestion); its
 * author and time are kept. Suggestions still pending keep their ids.
 */
export function reviveSuggestions(json: JSONContent, decidedIds: ReadonlySet<string>): JSONContent {
  const renamed = new Map<string, string>();
  const freshId = (id: string) => {
    let fresh = renamed.get(id);
    if (!fresh) renamed.set(id, (fresh = newSuggestionId()));
    return fresh;
  };
  const rekey = (attrs: Record<string, unknown>) =>
    typeof attrs.id === "string" && decidedIds.has(attrs.id) ? { ...attrs, id: freshId(attrs.id) } : attrs;

  const visit = (node: JSONContent): JSONContent => {
    let copy = node;
    const block = node.attrs?.[BLOCK_SUGGESTION_ATTRIBUTE] as Record<string, unknown> | null | undefined;
    if (block) {
      const rekeyed = rekey(block);
      if (rekeyed !== block) copy = { ...copy, attrs: { ...copy.attrs, [BLOCK_SUGGESTION_ATTRIBUTE]: rekeyed } };
    }
    if (node.marks?.some((mark) => mark.type === SUGGESTION_INSERT || mark.type === SUGGESTION_DELETE)) {
      copy = {
        ...copy,
        marks: node.marks.map((mark) =>
          (mark.type === SUGGESTION_INSERT || mark.type === SUGGESTION_DELETE) && mark.attrs ? { ...mark, attrs: rekey(mark.attrs) } : mark,
        ),
      };
    }
    if (node.content) copy = { ...copy, content: node.content.map(visit) };
    return copy;
  };
  return decidedIds.size === 0 ? json : visit(json);
}
