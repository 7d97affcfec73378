import { describe, expect, it } from "vitest";
import { markTerms } from "./query";

const marked = (text: string, q: string) =>
  markTerms(text, q)
    .replace(/\u0002/g, "[")
    .replace(/\u0003/g, "]");

describe("markTerms (snippets FTS5 could not mark)", () => {
  it("marks whole words, the last one as a prefix, ignoring case and accents", () => {
    expect(marked("States and their statehood; the State", "state")).toBe("[States] and their [statehood]; the [State]");
    expect(marked("Due diligence in the Trail Smelter arbitration", "diligence trail")).toBe(
      "Due [diligence] in the [Trail] Smelter arbitration",
    );
    expect(marked("Le règlement des différends", "reglement")).toBe("Le [règlement] des différends");
  });

  it("marks a quoted phrase only where its words follow each other, legal references included", () => {
    expect(marked("due diligence, duly diligent, due care", '"due diligence"')).toBe("[due diligence], duly diligent, due care");
    expect(marked("a State and UN Doc A/70/174, para 13(c)", "A/70/174")).toBe("a State and UN Doc [A/70/174], para 13(c)");
    // Unquoted, "Art." and "2(4)" are two phrases, each marked wherever it occurs (as FTS5 does).
    expect(marked("Art. 2(4) of the Charter; art 51", "Art. 2(4)")).toBe("[Art]. [2(4]) of the Charter; [art] 51");
  });

  it("leaves text alone for a query with nothing searchable", () => {
    expect(marked("anything", "***")).toBe("anything");
  });
});
