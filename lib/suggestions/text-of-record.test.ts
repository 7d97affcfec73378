import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { textFromJSON } from "@/lib/editor/document";
import { seededRandom, type Random } from "@/tests/helpers/random-edits";
import { contentWithoutSuggestions, textWithoutSuggestions } from "./settled";

/**
 * `textWithoutSuggestions` reads the JSON once instead of deciding every suggestion and building
 * ProseMirror nodes (the collab server derives it at every compaction). Its answer must be the one
 * the definition gives, `textFromJSON(contentWithoutSuggestions(json))`, on every document the
 * schema accepts: seeded random documents with pending suggestions everywhere they can sit (inline
 * marks with and without attributes, whole-block suggestions of every kind in lists, quotes and
 * tables), hard breaks, atoms and leaf blocks.
 */

const at = "2026-12-04T07:00:00.000Z";
const WORDS = ["The ", "duty ", "is ", "binding", "emerging ", "", " State", "due diligence. "];
const AUTHORS = ["rita", "rosa"];

function marks(rng: Random): JSONContent["marks"] {
  const out: NonNullable<JSONContent["marks"]> = [];
  if (rng.chance(0.2)) out.push({ type: "bold" });
  for (const type of ["suggestionInsert", "suggestionDelete"]) {
    if (!rng.chance(0.3)) continue;
    // Now and then a mark without attributes, which rejecting leaves alone.
    out.push(rng.chance(0.1) ? { type } : { type, attrs: { id: `s${rng.int(4)}`, authorId: rng.pick(AUTHORS), createdAt: at } });
  }
  if (rng.chance(0.1)) out.push({ type: "italic" });
  return out.length ? out : undefined;
}

function inline(rng: Random, plain = false): JSONContent[] {
  const out: JSONContent[] = [];
  for (let i = rng.int(5); i > 0; i--) {
    const roll = rng.int(10);
    if (!plain && roll === 0) out.push({ type: "hardBreak" });
    else if (!plain && roll === 1) out.push({ type: "wikiLink", attrs: { pageId: null, title: "Another page" } });
    else if (!plain && roll === 2) out.push({ type: "citation", attrs: { sourceId: null, pinpoint: "p. 4" } });
    else {
      const text = rng.pick(WORDS) + rng.pick(WORDS);
      if (text) out.push({ type: "text", text, ...(plain ? {} : { marks: marks(rng) }) });
    }
  }
  return out;
}

function blockAttrs(rng: Random): Record<string, unknown> | undefined {
  if (!rng.chance(0.35)) return rng.chance(0.5) ? { id: `b${rng.int(1000)}` } : undefined;
  const kind = rng.pick(["insert", "delete", "split", "join", "bogus"]);
  // An id that is not a string makes no suggestion.
  const id = rng.chance(0.1) ? 7 : `s${rng.int(4)}`;
  return { id: `b${rng.int(1000)}`, suggestion: { kind, id, authorId: rng.pick(AUTHORS), createdAt: at } };
}

function withContent(node: JSONContent, content: JSONContent[]): JSONContent {
  return content.length ? { ...node, content } : node;
}

function textblock(rng: Random): JSONContent {
  if (rng.chance(0.15)) return withContent({ type: "heading", attrs: { level: 1 + rng.int(3), ...blockAttrs(rng) } }, inline(rng));
  if (rng.chance(0.05)) return withContent({ type: "codeBlock", attrs: { language: null, ...blockAttrs(rng) } }, inline(rng, true));
  return withContent({ type: "paragraph", attrs: blockAttrs(rng) }, inline(rng));
}

function block(rng: Random, depth: number): JSONContent {
  const roll = depth > 2 ? 0 : rng.int(12);
  const some = (make: () => JSONContent) => Array.from({ length: 1 + rng.int(3) }, make);
  switch (roll) {
    case 1:
    case 2: {
      const item = (): JSONContent => ({
        type: "listItem",
        attrs: blockAttrs(rng),
        content: [textblockIn(rng, "paragraph"), ...(rng.chance(0.3) ? [block(rng, depth + 1)] : [])],
      });
      return { type: rng.pick(["bulletList", "orderedList"]), content: some(item) };
    }
    case 3:
      return { type: "blockquote", attrs: blockAttrs(rng), content: some(() => block(rng, depth + 1)) };
    case 4:
      return { type: "horizontalRule" };
    case 5: {
      const cell = (): JSONContent => ({
        type: rng.pick(["tableCell", "tableHeader"]),
        content: some(() => textblockIn(rng, "paragraph")),
      });
      const columns = 1 + rng.int(2);
      const row = (): JSONContent => ({ type: "tableRow", content: Array.from({ length: columns }, cell) });
      return { type: "table", attrs: blockAttrs(rng), content: some(row) };
    }
    default:
      return textblock(rng);
  }
}

function textblockIn(rng: Random, type: string): JSONContent {
  return withContent({ type, attrs: blockAttrs(rng) }, inline(rng));
}

function randomDoc(rng: Random): JSONContent {
  return { type: "doc", content: Array.from({ length: 1 + rng.int(8) }, () => block(rng, 0)) };
}

/** The definition; undefined where the schema refuses the document or what rejecting leaves of it. */
function expectedText(json: JSONContent): string | undefined {
  try {
    textFromJSON(json);
    return textFromJSON(contentWithoutSuggestions(json));
  } catch {
    return undefined;
  }
}

describe("the text of record read from the JSON", () => {
  it("is the text of the document with every pending suggestion rejected, on seeded random documents", () => {
    const seed = Number(process.env.TEXT_OF_RECORD_SEED ?? 20261204);
    const rng = seededRandom(seed);
    let compared = 0;
    let withSuggestions = 0;
    for (let i = 0; i < 3000; i++) {
      const json = randomDoc(rng);
      const expected = expectedText(json);
      if (expected === undefined) continue;
      compared++;
      if (contentWithoutSuggestions(json) !== json) withSuggestions++;
      expect({ seed, i, text: textWithoutSuggestions(json) }).toEqual({ seed, i, text: expected });
    }
    // The generator must keep producing documents the schema takes, most of them with suggestions.
    expect(compared).toBeGreaterThan(1500);
    expect(withSuggestions).toBeGreaterThan(compared / 2);
  });

  it("reads an emptied page, leaf blocks and inline atoms as ProseMirror does", () => {
    const proposed = { kind: "insert", id: "s1", authorId: "rita", createdAt: at };
    const cases: JSONContent[] = [
      { type: "doc", content: [{ type: "paragraph", attrs: { suggestion: proposed }, content: [{ type: "text", text: "Only this." }] }] },
      {
        type: "doc",
        content: [
          { type: "horizontalRule" },
          { type: "paragraph", content: [{ type: "text", text: "A" }, { type: "hardBreak" }, { type: "text", text: "B" }] },
          { type: "paragraph" },
          { type: "paragraph", content: [{ type: "citation", attrs: { sourceId: null, pinpoint: "" } }] },
        ],
      },
    ];
    for (const json of cases) expect(textWithoutSuggestions(json)).toBe(textFromJSON(contentWithoutSuggestions(json)));
  });
});
