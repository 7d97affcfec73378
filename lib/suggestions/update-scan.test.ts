import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { writesForeignSuggestion } from "./update-scan";

const attrs = (authorId: string) => ({ id: "s1", authorId, createdAt: "2026-12-04T07:00:00.000Z" });

/** The update `edit` makes to a one-paragraph document. */
function updateOf(edit: (paragraph: Y.XmlElement, text: Y.XmlText) => void): Uint8Array {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  const text = new Y.XmlText("The suggestion is binding.");
  paragraph.insert(0, [text]);
  doc.getXmlFragment("default").insert(0, [paragraph]);
  const before = Y.encodeStateVector(doc);
  edit(paragraph, text);
  return Y.encodeStateAsUpdate(doc, before);
}

describe("writesForeignSuggestion", () => {
  it("says no to plain typing, formatting and one's own suggestions", () => {
    expect(
      writesForeignSuggestion(
        updateOf((_p, text) => text.insert(0, "suggestion ")),
        "me",
      ),
    ).toBe(false);
    expect(
      writesForeignSuggestion(
        updateOf((_p, text) => text.format(0, 3, { bold: {} })),
        "me",
      ),
    ).toBe(false);
    expect(
      writesForeignSuggestion(
        updateOf((_p, text) => text.insert(0, "x", { "suggestionInsert--abcdefgh": attrs("me") })),
        "me",
      ),
    ).toBe(false);
    expect(
      writesForeignSuggestion(
        updateOf((_p, text) => text.format(0, 3, { "suggestionDelete--abcdefgh": null })),
        "me",
      ),
    ).toBe(false);
  });

  it("says yes to a mark or block attribute in someone else's name", () => {
    expect(
      writesForeignSuggestion(
        updateOf((_p, text) => text.insert(0, "x", { "suggestionInsert--abcdefgh": attrs("you") })),
        "me",
      ),
    ).toBe(true);
    expect(
      writesForeignSuggestion(
        updateOf((_p, text) => text.format(0, 3, { suggestionDelete: attrs("you") })),
        "me",
      ),
    ).toBe(true);
    expect(
      writesForeignSuggestion(
        updateOf((p) => p.setAttribute("suggestion", { kind: "delete", ...attrs("you") } as never)),
        "me",
      ),
    ).toBe(true);
    expect(
      writesForeignSuggestion(
        updateOf((p) => p.setAttribute("suggestion", "not an object" as never)),
        "me",
      ),
    ).toBe(true);
  });

  it("says yes to one's own suggestion under an id already decided", () => {
    const decided = (id: string) => id === "s1";
    expect(
      writesForeignSuggestion(
        updateOf((_p, text) => text.insert(0, "x", { "suggestionInsert--abcdefgh": attrs("me") })),
        "me",
        decided,
      ),
    ).toBe(true);
    expect(
      writesForeignSuggestion(
        updateOf((_p, text) => text.format(0, 3, { "suggestionDelete--abcdefgh": null })),
        "me",
        decided,
      ),
    ).toBe(false);
  });
});
