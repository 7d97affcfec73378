import { getSchema, type JSONContent } from "@tiptap/core";
import { markNameOfKey } from "./yjs-mark-keys";
import { Fragment, type Node as PMNode, type Schema } from "@tiptap/pm/model";
import { prosemirrorJSONToYDoc, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { DOCUMENT_FRAGMENT, schemaExtensions } from "./extensions";
import { withoutNul } from "@/lib/validations/nul";

let cachedSchema: Schema | undefined;

/** The ProseMirror schema built from the shared extension list. */
export function editorSchema(): Schema {
  cachedSchema ??= getSchema(schemaExtensions());
  return cachedSchema;
}

export const EMPTY_DOC: JSONContent = { type: "doc", content: [{ type: "paragraph" }] };

/** Checks JSON against the schema; throws on nodes or marks the editor does not know. */
export function parseDocJSON(json: JSONContent): PMNode {
  const node = editorSchema().nodeFromJSON(json);
  node.check();
  return node;
}

/** A fresh Yjs document holding `json`. Only for a page's birth: never rebuild a live page this way. */
export function ydocFromJSON(json: JSONContent): Y.Doc {
  parseDocJSON(json);
  return prosemirrorJSONToYDoc(editorSchema(), json, DOCUMENT_FRAGMENT);
}

/**
 * The page body as ProseMirror JSON, as the schema allows it. A client can write any Yjs
 * structure over the collab socket (not only what the editor makes): nodes and marks the schema
 * does not know are dropped here, and top-level blocks that still do not fit are left out, as the
 * browser editor leaves them out, so one hostile update cannot stop the page from rendering,
 * compacting, versioning or being indexed.
 */
export function jsonFromYDoc(doc: Y.Doc): JSONContent {
  const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  let json: JSONContent;
  try {
    json = yXmlFragmentToProsemirrorJSON(fragment) as JSONContent;
  } catch {
    // y-tiptap throws on Yjs types other than elements and text inside the fragment (a Y.Map, an
    // XmlHook), which a client can insert. Read what is readable and leave the rest out.
    json = { type: "doc", content: fragment.toArray().flatMap(readableJSON) };
  }
  if (!json.content || json.content.length === 0) return EMPTY_DOC;
  return validDocJSON(json);
}

/** Elements and text as ProseMirror JSON; any other Yjs type is not part of a document. */
function readableJSON(item: unknown): JSONContent[] {
  if (item instanceof Y.XmlElement) {
    const attrs = Object.fromEntries(Object.entries(item.getAttributes()).filter(([, value]) => value !== undefined));
    const content = item.toArray().flatMap(readableJSON);
    return [{ type: item.nodeName, ...(Object.keys(attrs).length ? { attrs } : {}), ...(content.length ? { content } : {}) }];
  }
  if (item instanceof Y.XmlText) {
    return (item.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[])
      .filter((op): op is { insert: string; attributes?: Record<string, unknown> } => typeof op.insert === "string" && op.insert.length > 0)
      .map((op) => {
        const marks = Object.entries(op.attributes ?? {}).map(([type, attrs]) => ({
          // A mark that may overlap itself is stored as "name--hash" (see yjs-mark-keys.ts).
          type: markNameOfKey(type),
          ...(attrs && typeof attrs === "object" && Object.keys(attrs).length ? { attrs: attrs as Record<string, unknown> } : {}),
        }));
        return { type: "text", text: op.insert, ...(marks.length ? { marks } : {}) };
      });
  }
  return [];
}

/** How many checked top-level blocks `fitsSchema` remembers (twice this at most, see `checkedBlock`). */
const CHECKED_BLOCKS = 10_000;
let checkedBlocks = new Map<string, PMNode>();
let previouslyCheckedBlocks = new Map<string, PMNode>();

/** A top-level block parsed and checked (throws as parseDocJSON would), remembered by its JSON text. */
function checkedBlock(json: JSONContent): PMNode {
  const key = JSON.stringify(json);
  let node = checkedBlocks.get(key);
  if (node) return node;
  node = previouslyCheckedBlocks.get(key);
  if (!node) {
    node = editorSchema().nodeFromJSON(json);
    node.check();
  }
  // Two generations: blocks still on a page that is being edited stay, the rest age out.
  if (checkedBlocks.size >= CHECKED_BLOCKS) {
    previouslyCheckedBlocks = checkedBlocks;
    checkedBlocks = new Map();
  }
  checkedBlocks.set(key, node);
  return node;
}

/**
 * Whether `parseDocJSON(json)` would succeed. The collab server checks a live page at every
 * compaction, and parsing a long page takes milliseconds on the event loop while only the blocks
 * someone typed in changed: a page is valid when each of its blocks is (each parsed and checked
 * on its own, exactly as inside the page, and remembered) and the page may hold them in that order.
 */
function fitsSchema(json: JSONContent): boolean {
  const { type, content, ...rest } = json;
  try {
    // Only the shape jsonFromYDoc reads (no attributes or marks on the page itself) is checked by parts.
    if (type !== "doc" || !Array.isArray(content) || Object.keys(rest).length > 0) {
      parseDocJSON(json);
      return true;
    }
    return editorSchema().nodes.doc.validContent(Fragment.fromArray(content.map(checkedBlock)));
  } catch {
    return false;
  }
}

/**
 * The Yjs document is whatever clients wrote: a buggy or hostile client can store elements the
 * schema does not know, or put them where they are not allowed. Everything derived on the server
 * (stored JSON, text, versions, search, rendering) must still work, so such content is cleaned
 * the way a browser editor would show it: unknown nodes and marks dropped, and a block that is
 * still invalid replaced by a paragraph of its text. Valid documents (the normal case) pass
 * through after one check.
 */
export function validDocJSON(json: JSONContent): JSONContent {
  if (fitsSchema(json)) return json;
  const schema = editorSchema();
  const clean = (node: JSONContent): JSONContent | null => {
    if (!node.type || !schema.nodes[node.type]) return null;
    // A text node's text may be anything a client wrote into the Yjs document (an embed, say).
    if (node.type === "text" && (typeof node.text !== "string" || !node.text)) return null;
    const copy: JSONContent = { ...node };
    if (node.marks) copy.marks = node.marks.filter((mark) => !!schema.marks[mark.type]);
    if (node.content) copy.content = node.content.map(clean).filter((child): child is JSONContent => child !== null);
    return copy;
  };
  const plainText = (node: JSONContent): string =>
    (node.type === "text" ? (typeof node.text === "string" ? node.text : "") : (node.content ?? []).map(plainText).join(" ")).trim();
  const blocks = (json.content ?? []).flatMap((block): JSONContent[] => {
    const cleaned = clean(block);
    if (cleaned) {
      try {
        schema.nodeFromJSON(cleaned).check();
        return [cleaned];
      } catch {
        // not valid even without unknown parts: keep its words
      }
    }
    const text = plainText(block);
    return text ? [{ type: "paragraph", content: [{ type: "text", text }] }] : [];
  });
  const doc: JSONContent = { type: "doc", content: blocks.length ? blocks : EMPTY_DOC.content };
  try {
    parseDocJSON(doc);
    return doc;
  } catch {
    return EMPTY_DOC;
  }
}

/**
 * Plain text with blocks separated by blank lines, for search and the REST `text` field. Without
 * U+0000, which a hostile client can put in a document: PostgreSQL's text cannot store it, and a
 * compaction writing it would fail every time (lib/validations/nul.ts refuses it in requests).
 */
export function textFromJSON(json: JSONContent): string {
  const node = parseDocJSON(json);
  return withoutNul(node.textBetween(0, node.content.size, "\n\n", "\n").trim());
}

/**
 * `textFromJSON` of a document already known to fit the schema, read from the JSON itself:
 * building ProseMirror nodes to read their text costs milliseconds on a long page, and the collab
 * server derives the text at every compaction, on the event loop. The same text as ProseMirror's
 * `textBetween` with "\n\n" between blocks and "\n" for every leaf that is not text (hard breaks,
 * wiki links, citations, rules), trimmed. A text node for which `leaveOut` is true reads as if it
 * were not there. Without U+0000, as textFromJSON. Throws on a node type the schema does not know;
 * does not check anything else.
 */
export function textFromValidJSON(json: JSONContent, leaveOut?: (text: JSONContent) => boolean): string {
  const types = editorSchema().nodes;
  let text = "";
  let first = true;
  const visit = (node: JSONContent) => {
    const type = node.type ? types[node.type] : undefined;
    if (!type) throw new RangeError(`Unknown node type: ${node.type}`);
    const nodeText = type.isText ? (leaveOut?.(node) ? "" : (node.text ?? "")) : type.isLeaf ? "\n" : "";
    // ProseMirror separates textblocks and leaf blocks that have text, never before the first.
    if (type.isBlock && ((type.isLeaf && nodeText) || type.isTextblock)) {
      if (first) first = false;
      else text += "\n\n";
    }
    text += nodeText;
    if (!type.isLeaf) for (const child of node.content ?? []) visit(child);
  };
  for (const child of json.content ?? []) visit(child);
  return withoutNul(text.trim());
}

/** True when a document has no text and no non-paragraph content worth keeping. */
export function isEmptyDoc(json: JSONContent): boolean {
  const blocks = json.content ?? [];
  return blocks.every((b) => b.type === "paragraph" && !(b.content && b.content.length));
}
