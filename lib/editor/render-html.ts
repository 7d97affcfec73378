import type { JSONContent } from "@tiptap/core";
import { renderToHTMLString } from "@tiptap/static-renderer";
import type { PageDirectory } from "@/lib/links/directory";
import { schemaExtensions } from "./extensions";

/**
 * Server HTML for a page's first paint and for readers without JavaScript. Built from the schema's
 * own renderHTML (no DOM, no HTML parsing of user input), so text is always escaped. Wiki links
 * read with the current titles from `directory` (the page's own wiki).
 */
export function renderDocumentHTML(json: JSONContent, directory?: PageDirectory): string {
  return renderToHTMLString({ extensions: schemaExtensions({ directory: directory ? () => directory : undefined }), content: json });
}
