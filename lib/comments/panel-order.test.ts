import { describe, expect, it } from "vitest";
import type { SuggestionView } from "@/lib/api/suggestion-presenters";
import type { ThreadView } from "./present";
import { panelEntries, placeEntries, suggestionKey } from "./panel-order";

function thread(id: string, kind: ThreadView["anchor"]["kind"], createdAt: string, suggestionId: string | null = null): ThreadView {
  const anchored = kind === "text" || kind === "block";
  return {
    id,
    pageId: "p",
    anchor: { kind, start: anchored ? "AA==" : null, end: anchored ? "AA==" : null, blockIndex: null, suggestionId },
    quote: id,
    detached: false,
    status: "open",
    resolvedBy: null,
    resolvedAt: null,
    createdBy: null,
    createdAt,
    comments: [],
  };
}

function suggestion(id: string): SuggestionView {
  return { id, kind: "insert", authorId: "rita", authorName: "Rita", createdAt: "2026-12-04T07:00:00.000Z", text: id, status: "pending" };
}

const keys = (entries: ReturnType<typeof panelEntries>) => entries.map((e) => e.key);

describe("the side panel's document order", () => {
  const early = thread("early", "text", "2026-12-04T09:00:00.000Z");
  const late = thread("late", "block", "2026-12-04T08:00:00.000Z");
  const onPage = thread("on-page", "page", "2026-12-04T07:00:00.000Z");
  const gone = thread("gone", "text", "2026-12-04T07:30:00.000Z");
  const reply = thread("reply", "suggestion", "2026-12-04T10:00:00.000Z", "s1");
  const decided = thread("decided", "suggestion", "2026-12-04T06:00:00.000Z", "s-old");
  const threads = [early, late, onPage, gone, reply, decided];
  const pending = [suggestion("s1"), suggestion("s2")];

  it("puts a suggestion between the threads anchored before and after it, page-wide threads after, then the rest oldest first", () => {
    const ranges = new Map([
      ["early", { from: 3, to: 9 }],
      ["late", { from: 40, to: 80 }],
      ["gone", null],
    ]);
    const layout = placeEntries(
      ranges,
      new Map([
        ["s1", 20],
        ["s2", 95],
      ]),
      ["s1", "s2"],
    );
    expect(layout.order).toEqual(["early", suggestionKey("s1"), "late", suggestionKey("s2")]);
    expect(layout.detached).toEqual(["gone"]);

    const entries = panelEntries(threads, pending, layout);
    expect(keys(entries)).toEqual(["early", suggestionKey("s1"), "late", suggestionKey("s2"), "on-page", "decided", "gone"]);
    // The pending suggestion's reply thread is inside its card, not on its own.
    expect(entries[1]).toMatchObject({ kind: "suggestion", thread: { id: "reply" } });
    expect(entries[3]).toMatchObject({ kind: "suggestion", thread: null });
  });

  it("before the editor is live: suggestions first as the server listed them, then threads as before", () => {
    expect(keys(panelEntries(threads, pending, null))).toEqual([
      suggestionKey("s1"),
      suggestionKey("s2"),
      "gone",
      "late",
      "early",
      "on-page",
      "decided",
    ]);
  });

  it("a suggestion no longer pending gives its thread back to the list", () => {
    expect(keys(panelEntries(threads, [], placeEntries(new Map([["early", { from: 3, to: 9 }]]), new Map(), [])))).toContain("reply");
  });
});
