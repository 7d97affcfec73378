import { describe, expect, it } from "vitest";
import { CITATION_STYLES, citationStyle } from "./index";
import { styleLabel, STYLE_LABELS } from "./labels";

describe("citation style labels, apart from the styles", () => {
  it("name every style as the style itself does, and fall back as citationStyle() does", () => {
    expect(Object.keys(STYLE_LABELS).sort()).toEqual(Object.keys(CITATION_STYLES).sort());
    for (const id of [...Object.keys(CITATION_STYLES), "no-such-style", "", null, undefined, "toString", "__proto__"])
      expect(styleLabel(id)).toBe(citationStyle(id).label);
  });
});
