import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { anchorFromBlock, anchorFromQuote, isValidAnchor, resolveAnchor, type TextAnchor } from "./anchors";

// The origin the "editor" uses for its own changes, so an UndoManager tracks them (and not the
// updates that arrive from the other replica).
const LOCAL = { user: "a" };

const SENTENCE = "The tenant shall pay rent monthly in advance.";
const QUOTE = "pay rent monthly";

type Block = { type?: string; texts: string[] };

/** A page body as the editor stores it: fragment → block elements → text runs. */
function pageDoc(blocks: Block[]): Y.Doc {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  doc.transact(() => {
    for (const block of blocks) {
      const element = new Y.XmlElement(block.type ?? "paragraph");
      element.insert(
        0,
        block.texts.map((text, i) => (i === 0 ? new Y.XmlText(text) : [new Y.XmlElement("hardBreak"), new Y.XmlText(text)])).flat(),
      );
      fragment.insert(fragment.length, [element]);
    }
  });
  return doc;
}

/** A second replica of `doc`, as another browser would hold it after syncing. */
function replicaOf(doc: Y.Doc): Y.Doc {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  return other;
}

/** Exchanges what each replica is missing, both ways (what the collab server relays). */
function sync(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB, "remote");
  Y.applyUpdate(a, toA, "remote");
}

function textRun(doc: Y.Doc, block = 0): Y.XmlText {
  const element = doc.getXmlFragment(DOCUMENT_FRAGMENT).get(block) as Y.XmlElement;
  return element.get(0) as Y.XmlText;
}

const passage = (doc: Y.Doc, anchor: TextAnchor) => resolveAnchor(doc, anchor.start, anchor.end)?.text ?? null;

describe("anchorFromQuote", () => {
  it("anchors the first occurrence of the quote, in whichever paragraph holds it", () => {
    const doc = pageDoc([{ texts: ["Preamble."] }, { texts: [SENTENCE] }, { texts: [`Again: ${QUOTE}.`] }]);
    const anchor = anchorFromQuote(doc, QUOTE)!;
    expect(anchor.quote).toBe(QUOTE);
    expect(passage(doc, anchor)).toBe(QUOTE);
    // Typing in the first paragraph (before it) does not move it into the third.
    textRun(doc, 0).insert(0, "New ");
    textRun(doc, 2).insert(0, "x");
    expect(passage(doc, anchor)).toBe(QUOTE);
    expect(isValidAnchor(doc, anchor.start, anchor.end)).toBe(true);
  });

  it("finds nothing for an empty quote, a quote not on the page, or one spanning two paragraphs", () => {
    const doc = pageDoc([{ texts: ["First paragraph."] }, { texts: ["Second paragraph."] }]);
    expect(anchorFromQuote(doc, "")).toBeNull();
    expect(anchorFromQuote(doc, "third paragraph")).toBeNull();
    expect(anchorFromQuote(doc, "paragraph. Second")).toBeNull();
  });

  it("anchors text that carries formatting marks by its characters, not its delta ops", () => {
    const doc = pageDoc([{ texts: [SENTENCE] }]);
    textRun(doc).format(SENTENCE.indexOf("rent"), 4, { bold: true });
    const anchor = anchorFromQuote(doc, QUOTE)!;
    expect(passage(doc, anchor)).toBe(QUOTE);
  });
});

describe("anchors under concurrent editing (two replicas)", () => {
  const start = SENTENCE.indexOf(QUOTE);
  const end = start + QUOTE.length;
  const cases: { name: string; at: number; insert: string; expected: string }[] = [
    { name: "well before the passage shifts it", at: 0, insert: "Furthermore, ", expected: QUOTE },
    { name: "right at its start boundary stays outside", at: start, insert: "also ", expected: QUOTE },
    { name: "inside stretches it", at: start + "pay ".length, insert: "the ", expected: "pay the rent monthly" },
    { name: "right at its end boundary stays outside", at: end, insert: " and promptly", expected: QUOTE },
    { name: "after the passage leaves it alone", at: SENTENCE.length - 1, insert: " of each month", expected: QUOTE },
  ];

  for (const c of cases) {
    it(`B typing ${c.name}`, () => {
      const a = pageDoc([{ texts: [SENTENCE] }]);
      const b = replicaOf(a);
      // Concurrent: A anchors on its state while B types on its own, before either has seen the other.
      const anchor = anchorFromQuote(a, QUOTE)!;
      textRun(b).insert(c.at, c.insert);
      sync(a, b);
      expect(textRun(a).toString()).toBe(SENTENCE.slice(0, c.at) + c.insert + SENTENCE.slice(c.at));
      expect(passage(a, anchor)).toBe(c.expected);
      expect(passage(b, anchor)).toBe(c.expected);
    });
  }

  it("moves and stretches with all of them at once, and A's own typing at the same time", () => {
    const a = pageDoc([{ texts: [SENTENCE] }]);
    const b = replicaOf(a);
    const anchor = anchorFromQuote(a, QUOTE)!;
    // B, highest offset first so each index is still right.
    textRun(b).insert(end, " and promptly");
    textRun(b).insert(start + "pay ".length, "the ");
    textRun(b).insert(start, "also ");
    textRun(b).insert(0, "Furthermore, ");
    // A types inside too, concurrently.
    textRun(a).insert(start + "pay rent".length, " (net)");
    sync(a, b);
    expect(textRun(a).toString()).toBe(textRun(b).toString());
    expect(textRun(a).toString()).toBe("Furthermore, The tenant shall also pay the rent (net) monthly and promptly in advance.");
    expect(passage(a, anchor)).toBe("pay the rent (net) monthly");
    expect(passage(b, anchor)).toBe("pay the rent (net) monthly");
  });

  it("detaches when the whole passage is deleted, and shrinks when part of it is", () => {
    const a = pageDoc([{ texts: [SENTENCE] }]);
    const b = replicaOf(a);
    const anchor = anchorFromQuote(a, QUOTE)!;
    textRun(b).delete(start, "pay ".length);
    sync(a, b);
    expect(passage(a, anchor)).toBe("rent monthly");

    textRun(b).delete(start, "rent monthly".length);
    sync(a, b);
    expect(textRun(a).toString()).toBe("The tenant shall  in advance.");
    expect(resolveAnchor(a, anchor.start, anchor.end)).toBeNull();
    expect(resolveAnchor(b, anchor.start, anchor.end)).toBeNull();
    // The anchor still decodes (the thread keeps it and its quote); it just covers nothing.
    expect(isValidAnchor(a, anchor.start, anchor.end)).toBe(true);
    expect(anchor.quote).toBe(QUOTE);
  });

  it("detaches when the paragraph holding the passage is deleted", () => {
    const a = pageDoc([{ texts: ["Before."] }, { texts: [SENTENCE] }, { texts: ["After."] }]);
    const b = replicaOf(a);
    const anchor = anchorFromQuote(a, QUOTE)!;
    b.getXmlFragment(DOCUMENT_FRAGMENT).delete(1, 1);
    sync(a, b);
    expect(resolveAnchor(a, anchor.start, anchor.end)).toBeNull();
  });

  it("re-attaches when the deleting replica undoes the deletion", () => {
    const a = pageDoc([{ texts: [SENTENCE] }]);
    const b = replicaOf(a);
    const anchor = anchorFromQuote(b, QUOTE)!;
    const undo = new Y.UndoManager(a.getXmlFragment(DOCUMENT_FRAGMENT), { trackedOrigins: new Set([LOCAL]) });
    a.transact(() => textRun(a).delete(start, QUOTE.length), LOCAL);
    expect(resolveAnchor(a, anchor.start, anchor.end)).toBeNull();

    undo.undo();
    expect(textRun(a).toString()).toBe(SENTENCE);
    expect(passage(a, anchor)).toBe(QUOTE);
    undo.redo();
    expect(resolveAnchor(a, anchor.start, anchor.end)).toBeNull();
    undo.undo();
    expect(passage(a, anchor)).toBe(QUOTE);
  });

  // Yjs finds restored text through `item.redone`, which only the undoing replica records: it is
  // not part of any update. Every other replica, and the server rebuilding the page from stored
  // updates, still sees the original characters as deleted. Pinned here because the server's
  // `detached` flag depends on it (see "stays detached for everyone else" in
  // tests/integration/comments.test.ts).
  it("re-attaches only on the replica that undid; the others see restored text as new characters", () => {
    const a = pageDoc([{ texts: [SENTENCE] }]);
    const b = replicaOf(a);
    const anchor = anchorFromQuote(a, QUOTE)!;
    const undo = new Y.UndoManager(a.getXmlFragment(DOCUMENT_FRAGMENT), { trackedOrigins: new Set([LOCAL]) });
    a.transact(() => textRun(a).delete(start, QUOTE.length), LOCAL);
    sync(a, b);
    undo.undo();
    sync(a, b);
    expect(textRun(b).toString()).toBe(SENTENCE);
    expect(passage(a, anchor)).toBe(QUOTE);
    expect(resolveAnchor(b, anchor.start, anchor.end)).toBeNull();
    expect(resolveAnchor(replicaOf(a), anchor.start, anchor.end)).toBeNull();
  });

  it("re-attaches when a deleted paragraph is restored by undo", () => {
    const a = pageDoc([{ texts: ["Before."] }, { texts: [SENTENCE] }]);
    const anchor = anchorFromQuote(a, QUOTE)!;
    const undo = new Y.UndoManager(a.getXmlFragment(DOCUMENT_FRAGMENT), { trackedOrigins: new Set([LOCAL]) });
    a.transact(() => a.getXmlFragment(DOCUMENT_FRAGMENT).delete(1, 1), LOCAL);
    expect(resolveAnchor(a, anchor.start, anchor.end)).toBeNull();
    undo.undo();
    expect(passage(a, anchor)).toBe(QUOTE);
  });

  it("does not undo the other replica's typing along with one's own deletion", () => {
    const a = pageDoc([{ texts: [SENTENCE] }]);
    const b = replicaOf(a);
    const anchor = anchorFromQuote(a, QUOTE)!;
    const undo = new Y.UndoManager(a.getXmlFragment(DOCUMENT_FRAGMENT), { trackedOrigins: new Set([LOCAL]) });
    a.transact(() => textRun(a).delete(start, QUOTE.length), LOCAL);
    textRun(b).insert(0, "Furthermore, ");
    sync(a, b);
    undo.undo();
    expect(textRun(a).toString()).toBe(`Furthermore, ${SENTENCE}`);
    expect(passage(a, anchor)).toBe(QUOTE);
  });
});

describe("anchorFromBlock", () => {
  it("anchors a heading's section: the heading and what follows, up to the next heading of its level", () => {
    const doc = pageDoc([
      { type: "heading", texts: ["Article 1. Rent"] },
      { texts: [SENTENCE] },
      { texts: ["Second paragraph of the article."] },
      { type: "heading", texts: ["Article 2. Repairs"] },
      { texts: ["Not part of article 1."] },
    ]);
    const anchor = anchorFromBlock(doc, 0)!;
    expect(anchor.quote).toBe("Article 1. Rent");
    const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
    const end = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(anchor.end), doc)!;
    expect(end.type).toBe((fragment.get(2) as Y.XmlElement).get(0));
    expect(end.index).toBe("Second paragraph of the article.".length);
    expect(resolveAnchor(doc, anchor.start, anchor.end)).toEqual({ text: "" });
  });

  it("anchors a heading with no content under it to its own text, which follows typing inside it but not after it", () => {
    const doc = pageDoc([
      { type: "heading", texts: ["Article 1. Rent"] },
      { type: "heading", texts: ["Article 2. Repairs"] },
      { texts: [SENTENCE] },
    ]);
    const anchor = anchorFromBlock(doc, 0)!;
    expect(anchor.quote).toBe("Article 1. Rent");
    expect(passage(doc, anchor)).toBe("Article 1. Rent");
    textRun(doc, 0).insert("Article 1.".length, " Payment of");
    textRun(doc, 0).insert(textRun(doc, 0).length, " (amended)");
    expect(passage(doc, anchor)).toBe("Article 1. Payment of Rent");
    textRun(doc, 1).insert(0, "Next paragraph: ");
    expect(passage(doc, anchor)).toBe("Article 1. Payment of Rent");
  });

  it("spans every text run of a block, and refuses blocks without text or out of range", () => {
    const doc = pageDoc([{ texts: ["Line one", "line two"] }, { texts: [""] }]);
    const anchor = anchorFromBlock(doc, 0)!;
    expect(anchor.quote).toBe("Line one line two");
    // A passage over several runs is attached, but reports no single text.
    expect(resolveAnchor(doc, anchor.start, anchor.end)).toEqual({ text: "" });
    expect(anchorFromBlock(doc, 1)).toBeNull();
    expect(anchorFromBlock(doc, 2)).toBeNull();
  });

  it("detaches a block anchor over several runs (a list, a paragraph with line breaks) when the block is deleted", () => {
    const a = pageDoc([{ texts: ["Intro."] }, { texts: ["Clause one", "clause two"] }, { texts: ["After."] }]);
    const b = replicaOf(a);
    const anchor = anchorFromBlock(a, 1)!;
    expect(resolveAnchor(a, anchor.start, anchor.end)).toEqual({ text: "" });
    b.getXmlFragment(DOCUMENT_FRAGMENT).delete(1, 1);
    sync(a, b);
    expect(resolveAnchor(a, anchor.start, anchor.end)).toBeNull();
    expect(resolveAnchor(replicaOf(b), anchor.start, anchor.end)).toBeNull();
  });
});

describe("isValidAnchor", () => {
  it("refuses positions from another document and bytes that are not positions", () => {
    const doc = pageDoc([{ texts: [SENTENCE] }]);
    const other = pageDoc([{ texts: [SENTENCE] }]);
    const foreign = anchorFromQuote(other, QUOTE)!;
    expect(isValidAnchor(doc, foreign.start, foreign.end)).toBe(false);
    expect(resolveAnchor(doc, foreign.start, foreign.end)).toBeNull();
    const garbage = new Uint8Array([255, 255, 255]);
    expect(isValidAnchor(doc, garbage, garbage)).toBe(false);
    expect(resolveAnchor(doc, garbage, garbage)).toBeNull();
  });
});
