import { createHash } from "node:crypto";
import type { JSONContent } from "@tiptap/core";
import { renderToHTMLString } from "@tiptap/static-renderer";
import { escapeHtml } from "@/lib/html-escape";
import type { PageDirectory } from "@/lib/links/directory";
import { LruCache } from "@/lib/lru";
import { citationMarkAttributes, type CitationAttrs } from "./citation";
import { schemaExtensions } from "./extensions";

/** Rendered pages kept in memory; a page's HTML is ~its text size, so this stays a few MiB. */
const CACHE_ENTRIES = 256;
const rendered = new LruCache<string, string>(CACHE_ENTRIES);

/** Markup for one citation, in document order (the HTML export numbers its own notes). */
export type CitationMarkup = (attrs: CitationAttrs) => string;

/**
 * The footnote mark as the live editor draws it, with an explicit end tag: the static renderer
 * writes an element without children as `<sup …/>`, which HTML reads as an opening tag, so the
 * rest of the paragraph would turn into nested superscript.
 */
export const footnoteMark: CitationMarkup = (attrs) => {
  const attributes = Object.entries(citationMarkAttributes(attrs))
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join("");
  return `<sup${attributes}></sup>`;
};

/**
 * A document as HTML, from the schema's own renderHTML (no DOM, no HTML parsing of user input), so
 * text is always escaped. Wiki links read with the current titles from `directory` (the page's own
 * wiki); citations are written by `citation`.
 */
export function renderStaticHTML(json: JSONContent, directory: PageDirectory | undefined, citation: CitationMarkup = footnoteMark): string {
  return renderToHTMLString({
    extensions: schemaExtensions({ directory: directory ? () => directory : undefined }),
    content: json,
    options: { nodeMapping: { citation: ({ node }) => citation(node.attrs as CitationAttrs) } },
  });
}

/**
 * Server HTML for a page's first paint, for readers without JavaScript and for version views.
 *
 * Rendering resolves the whole editor schema and walks the document, several milliseconds per
 * view of a long page (bench: render), while the same content is viewed again and again between
 * compactions. So the HTML is cached under a hash of everything it depends on: the document and
 * the titles and addresses its links resolve against. A change to either is a new key; old
 * entries age out (least recently used first).
 */
export function renderDocumentHTML(json: JSONContent, directory?: PageDirectory): string {
  const hash = createHash("sha256").update(JSON.stringify(json));
  if (directory) hash.update("\u0000").update(directory.wikiSlug).update(JSON.stringify(directory.pages));
  const key = hash.digest("base64");
  const hit = rendered.get(key);
  if (hit !== undefined) return hit;
  const html = renderStaticHTML(json, directory);
  rendered.set(key, html);
  return html;
}
