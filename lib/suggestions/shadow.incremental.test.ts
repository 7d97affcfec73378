import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { ydocFromJSON } from "@/lib/editor/document";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { seededRandom } from "@/tests/helpers/random-edits";
import { ShadowDocument, type Verdict } from "./shadow";

/**
 * The shadow that stays loaded beside a page reads changed blocks only when a judgement needs
 * them and keeps what it derived from unchanged ones (issue 19, fan-out). Whatever it kept, its
 * verdict must be the one a shadow built afresh from the page reaches by deriving everything: a
 * seeded random session of reviewers (honest and not) and editors (mirrored, never judged) checks
 * that, update by update.
 */

const at = "2026-12-04T07:00:00.000Z";
const REVIEWERS = ["rita", "rosa"];
const EDITOR = "ed";
const WORDS = ["the ", "obligation ", "is ", "binding ", "emerging ", "State ", "diligence "];

type Random = ReturnType<typeof seededRandom>;

function page(count: number): Y.Doc {
  const json: JSONContent = {
    type: "doc",
    content: Array.from({ length: count }, (_, i) => ({
      type: "paragraph",
      attrs: { id: `block${String(i).padStart(5, "0")}` },
      content: [{ type: "text", text: `Paragraph ${i} says the obligation is binding.` }],
    })),
  };
  return ydocFromJSON(json);
}

function updateFrom(live: Y.Doc, edit: (body: Y.XmlFragment) => void): Uint8Array {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(live));
  const before = Y.encodeStateVector(replica);
  edit(replica.getXmlFragment(DOCUMENT_FRAGMENT));
  return Y.encodeStateAsUpdate(replica, before);
}

/** The first text of a block, made when it has none. */
function textIn(body: Y.XmlFragment, index: number): Y.XmlText {
  const block = body.get(index) as Y.XmlElement;
  const first = block.length ? block.get(0) : null;
  if (first instanceof Y.XmlText) return first;
  const text = new Y.XmlText();
  block.insert(0, [text]);
  return text;
}

const suggestion = (rng: Random, authorId: string) => ({ id: `${authorId}-s${rng.int(3)}`, authorId, createdAt: at });
/** y-tiptap's key for a mark that may overlap itself: the name, "--" and 8 characters. */
const markKey = (rng: Random, name: string) => `${name}--${String(rng.int(3)).padEnd(8, "0")}`;
const range = (rng: Random, text: Y.XmlText) => {
  const from = rng.int(text.length + 1);
  return { from, length: Math.min(text.length - from, 1 + rng.int(6)) };
};

function newParagraph(body: Y.XmlFragment, index: number, attrs: Record<string, unknown>, fill: (text: Y.XmlText) => void): void {
  const paragraph = new Y.XmlElement("paragraph");
  for (const [key, value] of Object.entries(attrs)) paragraph.setAttribute(key, value as never);
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  body.insert(index, [paragraph]);
  fill(text);
}

/** One reviewer edit: mostly what the editor sends in Suggesting mode, sometimes what the guard refuses. */
function reviewerEdit(rng: Random, author: string): (body: Y.XmlFragment) => void {
  const other = REVIEWERS.find((name) => name !== author)!;
  return (body) => {
    const index = rng.int(body.length);
    const text = textIn(body, index);
    switch (rng.int(12)) {
      case 0:
      case 1:
      case 2: // typing a suggested insertion
        text.insert(rng.int(text.length + 1), rng.pick(WORDS), { [markKey(rng, "suggestionInsert")]: suggestion(rng, author) });
        break;
      case 3: {
        // marking words as a suggested deletion (own, or now and then in the other reviewer's name)
        const { from, length } = range(rng, text);
        const name = rng.int(4) === 0 ? other : author;
        text.format(from, length, { [markKey(rng, "suggestionDelete")]: suggestion(rng, name) });
        break;
      }
      case 4: {
        // deleting: honest where it falls on the reviewer's own suggested text
        const { from, length } = range(rng, text);
        text.delete(from, length);
        break;
      }
      case 5: {
        // taking back a deletion mark (any key: someone else's is refused)
        const { from, length } = range(rng, text);
        text.format(from, length, { [markKey(rng, "suggestionDelete")]: null });
        break;
      }
      case 6: // proposing a new paragraph
        newParagraph(body, index + 1, { suggestion: { kind: "insert", ...suggestion(rng, author) } }, (inserted) =>
          inserted.insert(0, rng.pick(WORDS), { [markKey(rng, "suggestionInsert")]: suggestion(rng, author) }),
        );
        break;
      case 7: {
        // proposing a split: the tail moves into a new paragraph marked as split off
        const from = rng.int(text.length + 1);
        const tail = text.toString().slice(from);
        text.delete(from, text.length - from);
        newParagraph(body, index + 1, { suggestion: { kind: "split", ...suggestion(rng, author) } }, (split) => split.insert(0, tail));
        break;
      }
      case 8: // proposing a join
        (body.get(index) as Y.XmlElement).setAttribute("suggestion", { kind: "join", ...suggestion(rng, author) } as never);
        break;
      case 9: // removing a whole block (honest only for one the reviewer proposed)
        if (body.length > 2) body.delete(index, 1);
        break;
      case 10: // plain typing
        text.insert(rng.int(text.length + 1), rng.pick(WORDS));
        break;
      default: // an insertion in the other reviewer's name
        text.insert(rng.int(text.length + 1), rng.pick(WORDS), { [markKey(rng, "suggestionInsert")]: suggestion(rng, other) });
    }
  };
}

/** One editor edit, anything an editor may do (accepting a suggestion by dropping its mark too). */
function editorEdit(rng: Random): (body: Y.XmlFragment) => void {
  return (body) => {
    const index = rng.int(body.length);
    const text = textIn(body, index);
    switch (rng.int(6)) {
      case 0:
      case 1:
        text.insert(rng.int(text.length + 1), rng.pick(WORDS));
        break;
      case 2: {
        const { from, length } = range(rng, text);
        text.delete(from, length);
        break;
      }
      case 3: {
        const { from, length } = range(rng, text);
        text.format(from, length, {
          [markKey(rng, rng.pick(["suggestionInsert", "suggestionDelete"]))]: null,
          bold: rng.int(2) ? {} : null,
        });
        break;
      }
      case 4:
        newParagraph(body, index + 1, { id: `e${rng.int(1e9)}` }, (inserted) => inserted.insert(0, rng.pick(WORDS)));
        break;
      default:
        if (body.length > 2) body.delete(index, 1);
    }
  };
}

/** A shadow as the guard keeps it: fed every update the page applies, dropped after a refusal. */
function keptShadow(live: Y.Doc) {
  let shadow = new ShadowDocument(live, DOCUMENT_FRAGMENT);
  live.on("update", (update: Uint8Array) => shadow.mirror(update));
  return {
    judge: (update: Uint8Array, author: string) => shadow.judge(update, author),
    rebuild() {
      shadow.destroy();
      shadow = new ShadowDocument(live, DOCUMENT_FRAGMENT);
    },
  };
}

function session(seed: number, steps: number) {
  const rng = seededRandom(seed);
  const live = page(6);
  const kept = keptShadow(live);
  const counts = { accepted: 0, refused: 0, mirrored: 0 };
  for (let step = 0; step < steps; step++) {
    if (rng.int(3) === 0) {
      Y.applyUpdate(live, updateFrom(live, editorEdit(rng)), EDITOR);
      counts.mirrored++;
      continue;
    }
    const author = rng.pick(REVIEWERS);
    const update = updateFrom(live, reviewerEdit(rng, author));
    const fresh = new ShadowDocument(live, DOCUMENT_FRAGMENT, { keepViews: false });
    const expected: Verdict = fresh.judge(update, author);
    fresh.destroy();
    const verdict = kept.judge(update, author);
    expect({ seed, step, verdict }).toEqual({ seed, step, verdict: expected });
    if (verdict.ok) {
      Y.applyUpdate(live, update, author);
      counts.accepted++;
    } else {
      kept.rebuild();
      counts.refused++;
    }
  }
  return counts;
}

describe("ShadowDocument kept beside a page", () => {
  it("judges every update as a shadow built afresh that derives everything", () => {
    const totals = { accepted: 0, refused: 0, mirrored: 0 };
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const counts = session(seed, 250);
      totals.accepted += counts.accepted;
      totals.refused += counts.refused;
      totals.mirrored += counts.mirrored;
    }
    // Both verdicts, and editors' updates between judgements, must actually occur.
    expect(totals.accepted).toBeGreaterThan(200);
    expect(totals.refused).toBeGreaterThan(100);
    expect(totals.mirrored).toBeGreaterThan(300);
  });
});
