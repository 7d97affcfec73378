import type { JSONContent } from "@tiptap/core";
import { MarkdownManager } from "@tiptap/markdown";
import { EMPTY_DOC, parseDocJSON } from "./document";
import { schemaExtensions } from "./extensions";

let manager: MarkdownManager | undefined;

/** Markdown (CommonMark + GFM tables) to ProseMirror JSON in the shared schema. */
export function markdownToJSON(markdown: string): JSONContent {
  manager ??= new MarkdownManager({ extensions: schemaExtensions() });
  const json = manager.parse(markdown) as JSONContent;
  const doc: JSONContent = json.content && json.content.length ? json : EMPTY_DOC;
  parseDocJSON(doc);
  return doc;
}
