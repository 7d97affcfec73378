import type { JSONContent } from "@tiptap/core";
import { shiftedHeadingLevel } from "./headings";

/** A copy of a document with every heading one level down (the chapter title is the h1). */
export function withShiftedHeadings(node: JSONContent): JSONContent {
  const copy: JSONContent = { ...node };
  if (node.type === "heading") copy.attrs = { ...node.attrs, level: shiftedHeadingLevel(node.attrs?.level) };
  if (node.content) copy.content = node.content.map(withShiftedHeadings);
  return copy;
}
