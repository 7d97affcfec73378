import type { JSONContent } from "@tiptap/core";
import { renderToHTMLString } from "@tiptap/static-renderer";
import { schemaExtensions } from "./extensions";

/**
 * Server HTML for a page's first paint and for readers without JavaScript. Built from the schema's
 * own renderHTML (no DOM, no HTML parsing of user input), so text is always escaped.
 */
export function renderDocumentHTML(json: JSONContent): string {
  return renderToHTMLString({ extensions: schemaExtensions(), content: json });
}
