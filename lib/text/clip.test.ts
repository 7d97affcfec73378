import { describe, expect, it } from "vitest";
import { clipText } from "./clip";

describe("clipText", () => {
  it("leaves text that fits alone", () => {
    expect(clipText("Art. 2(4)", 9)).toBe("Art. 2(4)");
    expect(clipText("", 3)).toBe("");
  });

  it("cuts to the limit, ellipsis included", () => {
    const clipped = clipText("due diligence in cyberspace", 10);
    expect(clipped).toBe("due dilig…");
    expect(clipped.length).toBe(10);
  });

  it("drops the spaces before the ellipsis", () => {
    expect(clipText("due   diligence", 7)).toBe("due…");
  });

  it("never splits a surrogate pair", () => {
    // "ab" + U+1F30D (two code units) + "cd": a cut after the high surrogate would leave half an emoji.
    const text = "ab\u{1F30D}cd";
    expect(clipText(text, 4)).toBe("ab…");
    expect(clipText(text, 5)).toBe("ab\u{1F30D}…");
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (let max = 1; max < text.length; max++) expect(clipText(text, max)).not.toMatch(loneSurrogate);
  });
});
