/**
 * A tiny parser for the HTML mammoth writes, and only that: well-formed, every text and attribute
 * escaped, a known set of tags. The server has no DOM, and DESIGN.md rules out @tiptap/html's
 * happy-dom; a general HTML parser is not needed for markup we know the shape of. Nothing here
 * ever reaches a browser as HTML: the tree is turned into ProseMirror JSON of the shared schema.
 */
export type HtmlElement = { tag: string; attrs: Record<string, string>; children: HtmlNode[] };
export type HtmlNode = HtmlElement | string;

const VOID_TAGS = new Set(["br", "img", "hr"]);
const TOKEN = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"]*")?)*)\s*(\/?)>|<!--[\s\S]*?-->|[^<]+|</g;
const ATTRIBUTE = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?/g;

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);/gi, (_, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith("#x")) return safeCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith("#")) return safeCodePoint(parseInt(lower.slice(1), 10));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" }[lower] ?? "";
  });
}

function safeCodePoint(n: number): string {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : "";
}

/** Parses into a tree under a synthetic root; stray closing tags are ignored, open ones closed at the end. */
export function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { tag: "#root", attrs: {}, children: [] };
  const stack: HtmlElement[] = [root];
  for (const match of html.matchAll(TOKEN)) {
    const [token, closing, rawTag, rawAttrs, selfClosing] = match;
    const top = stack[stack.length - 1];
    if (!rawTag) {
      if (!token.startsWith("<!--")) top.children.push(decodeEntities(token));
      continue;
    }
    const tag = rawTag.toLowerCase();
    if (closing) {
      const at = stack.map((e) => e.tag).lastIndexOf(tag);
      if (at > 0) stack.length = at;
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const [, name, value] of (rawAttrs ?? "").matchAll(ATTRIBUTE)) attrs[name.toLowerCase()] = decodeEntities(value ?? "");
    const element: HtmlElement = { tag, attrs, children: [] };
    top.children.push(element);
    if (!selfClosing && !VOID_TAGS.has(tag)) stack.push(element);
  }
  return root;
}

export function textContent(node: HtmlNode): string {
  return typeof node === "string" ? node : node.children.map(textContent).join("");
}
