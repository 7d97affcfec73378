import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { BLOCK_SUGGESTION_ATTRIBUTE, SUGGESTION_DELETE, SUGGESTION_INSERT } from "@/lib/editor/suggestion-names";

/** Documents are immutable: one walk per document, however often the side panel asks. */
const walked = new WeakMap<ProseMirrorNode, ReadonlyMap<string, number>>();

/**
 * Where each suggestion first appears in the live document, as a ProseMirror position: the same
 * kind of number a comment's highlight has, so the side panel can put suggestion cards and
 * threads in one document order (and level with their text). A block suggestion is placed at its
 * block, an inline one at its first marked character.
 */
export function suggestionPositions(doc: ProseMirrorNode): ReadonlyMap<string, number> {
  const known = walked.get(doc);
  if (known) return known;
  const positions = new Map<string, number>();
  const place = (id: unknown, pos: number) => {
    if (typeof id === "string" && !positions.has(id)) positions.set(id, pos);
  };
  doc.descendants((node, pos) => {
    const block = node.attrs[BLOCK_SUGGESTION_ATTRIBUTE] as { id?: unknown } | null | undefined;
    if (block) place(block.id, pos);
    for (const mark of node.marks) {
      if (mark.type.name === SUGGESTION_INSERT || mark.type.name === SUGGESTION_DELETE) place(mark.attrs.id, pos);
    }
  });
  walked.set(doc, positions);
  return positions;
}
